// The jobs page: every job with live progress (job events redraw its row), filters by status, type and source,
// cancel and retry.

import { h, num, time, badge, showNotice } from '../dom.js';
import { api, jobStream } from '../api.js';
import { duration } from '../format.js';
import { go } from '../router.js';
import { sourceList } from '../source-names.js';
import { adminOnly } from '../components/admin.js';
import { counters, progressBar } from '../components/jobs.js';

export async function jobsPage(view, _, params, onLeave) {
  const filters = { status: params.get('status') || '', type: params.get('type') || '', source: params.get('source') || '' };
  const known = sourceList();
  const all = await known.all();
  const names = new Map(all.map(s => [s.id, s.name]));
  const query = new URLSearchParams({ limit: '100' });
  if (filters.status) query.set('status', filters.status);
  if (filters.type) query.set('type', filters.type);
  if (filters.source) query.set('source_id', filters.source);
  const list = await api('GET', `/api/v1/jobs?${query}`);

  const setFilter = (key, value) => {
    const p = new URLSearchParams(params);
    if (value) p.set(key, value); else p.delete(key);
    go(`#/jobs${p.toString() ? `?${p}` : ''}`);
  };
  const select = (id, label, key, options) => h('div', { class: 'field' },
    h('label', { for: id }, label),
    h('select', { id, onchange: e => setFilter(key, e.target.value) },
      options.map(([v, t]) => h('option', { value: v, selected: filters[key] === v }, t))));

  view.append(h('div', { class: 'page-head' }, h('div', {}, h('h1', {}, 'Jobs'),
    h('p', { class: 'lead' }, 'Crawls and the indexing jobs that follow them. Progress updates live.'))),
  h('div', { class: 'filters mb-12' },
    select('f-status', 'Status', 'status', [['', 'Any status'], ['pending', 'Pending'], ['running', 'Running'], ['completed', 'Completed'], ['failed', 'Failed'], ['cancelled', 'Cancelled']]),
    select('f-type', 'Type', 'type', [['', 'Any type'], ['crawl', 'Crawl'], ['rag', 'Indexing (rag)']]),
    select('f-source', 'Source', 'source', [['', 'All sources'], ...all.map(s => [s.id, s.name])])));

  const tbody = h('tbody', {});
  const table = h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'jobs-table' },
    h('thead', {}, h('tr', {}, ['Job', 'Source', 'Status', 'Progress', 'Started', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
    tbody));
  const empty = h('div', { class: 'panel empty-state' }, h('h2', {}, 'No jobs yet'),
    h('p', {}, all.length ? 'Jobs appear here when a source is crawled. Refresh a source to start one.' : 'Add a source first: its crawl starts at once and shows up here.'),
    all.length ? h('a', { class: 'btn primary', href: '#/sources' }, 'Go to sources')
      : adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add Source')));
  const rows = new Map();

  const matches = j => (!filters.status || j.status === filters.status) && (!filters.type || j.type === filters.type)
    && (!filters.source || j.source_id === filters.source);

  const row = j => {
    const actions = h('div', { class: 'actions' });
    if (j.status === 'pending' || j.status === 'running') {
      actions.append(adminOnly(h('button', { class: 'small danger', type: 'button', onclick: () => act(j, 'cancel') }, 'Cancel')));
    }
    if (j.status === 'failed' || j.status === 'cancelled') {
      actions.append(adminOnly(h('button', { class: 'small', type: 'button', onclick: () => act(j, 'retry') }, 'Retry')));
    }
    return h('tr', { dataset: { job: j.id, status: j.status } },
      h('td', { 'data-label': 'Job' }, badge(j.type, j.type === 'rag' ? 'indexing' : 'crawl'),
        j.force_refresh ? h('div', { class: 'sub' }, 'full refresh') : null,
        h('div', { class: 'sub' }, h('code', {}, j.id.slice(0, 8))), j.retry_of ? h('div', { class: 'sub' }, 'retry') : null),
      h('td', { 'data-label': 'Source' }, names.get(j.source_id) || 'deleted source'),
      h('td', { 'data-label': 'Status' }, badge(j.status), j.error_message ? h('div', { class: 'error-text' }, j.error_message) : null),
      h('td', { 'data-label': 'Progress' }, j.status === 'pending' ? h('span', { class: 'muted' }, 'waiting for a worker')
        : progressBar(j), counters(j)),
      h('td', { 'data-label': 'Started' }, time(j.started_at || j.created_at), h('div', { class: 'sub' }, duration(j))),
      h('td', { 'data-label': 'Actions' }, actions));
  };

  const act = async (j, action) => {
    try {
      const updated = await api('POST', `/api/v1/jobs/${j.id}/${action}`);
      showNotice(action === 'cancel' ? 'Job cancelled. Pages already crawled are kept.' : 'Job queued again.');
      upsert(updated);
      if (action === 'retry' && updated.id !== j.id) upsert(j);
    } catch (e) {
      showNotice(e.message, true);
    }
  };

  const upsert = j => {
    if (!matches(j)) {
      rows.get(j.id)?.remove();
      rows.delete(j.id);
      return;
    }
    const fresh = row(j);
    const old = rows.get(j.id);
    if (old) {
      // keyboard users keep their place when the row they are on is redrawn
      const focused = old.contains(document.activeElement) ? document.activeElement.textContent : null;
      old.replaceWith(fresh);
      if (focused) [...fresh.querySelectorAll('button')].find(b => b.textContent === focused)?.focus();
    } else { tbody.prepend(fresh); fresh.classList.add('flash'); }
    rows.set(j.id, fresh);
    if (!j.source_id || names.has(j.source_id)) {
      empty.remove();
      if (!table.isConnected) view.append(table);
    } else {
      // a job of a source created after this page loaded
      known.name(j.source_id).then(n => { names.set(j.source_id, n); upsert(j); });
    }
  };

  list.jobs.slice().reverse().forEach(j => upsert(j));
  if (!list.jobs.length) view.append(empty);
  if (list.total > list.jobs.length) view.append(h('p', { class: 'muted' }, `Showing the newest ${list.jobs.length} of ${num(list.total)} jobs.`));
  onLeave(jobStream.subscribe(upsert));
}
