// The sources: the list (live last-job and content cells, refresh, force refresh, delete) and the form that adds
// or edits one; a source's own page is pages/source.js.

import { h, num, time, badge, showNotice, errorBox, confirmDialog, externalLink } from '../dom.js';
import { api, auth, canAdmin, jobStream } from '../api.js';
import { mergePatch, parseConfig } from '../format.js';
import { go, render } from '../router.js';
import { sourceList } from '../source-names.js';
import { adminOnly } from '../components/admin.js';
import { sourcePage } from './source.js';

export async function sourcesRoute(view, parts, params, onLeave) {
  if (parts[0] === 'new') return sourceForm(view, null);
  if (parts[0] && parts[1] === 'edit') return sourceForm(view, await api('GET', `/api/v1/sources/${encodeURIComponent(parts[0])}`));
  if (parts[0]) return sourcePage(view, parts[0], onLeave);
  return sourcesPage(view, onLeave);
}

async function sourcesPage(view, onLeave) {
  const list = await sourceList().all();
  view.append(h('div', { class: 'page-head' },
    h('div', {}, h('h1', {}, 'Sources'), h('p', { class: 'lead' }, 'Documentation sites KnowledgeHub crawls and keeps fresh.')),
    h('div', { class: 'actions' },
      list.length ? adminOnly(h('button', { type: 'button', onclick: () => refreshAll() }, '↻ Refresh all')) : null,
      adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add Source')))));
  if (!list.length) {
    view.append(h('div', { class: 'panel empty-state' }, h('h2', {}, 'No sources yet'),
      h('p', {}, 'A source is a documentation site: give it a name and a base URL, and KnowledgeHub crawls the pages under it. This is your first one!'),
      adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add Source'))));
    return;
  }
  const tbody = h('tbody', {});
  const rows = new Map(); // id -> { tr, source }: the action buttons stay in place while the other cells update
  const cells = s => [
    h('td', { 'data-label': 'Source' }, h('a', { href: `#/sources/${s.id}`, class: 'source-link' }, h('strong', {}, s.name)),
      h('div', { class: 'sub' }, externalLink(s.base_url)),
      s.description ? h('div', { class: 'sub' }, s.description) : null),
    h('td', { 'data-label': 'Status' }, badge(s.status), h('div', { class: 'sub' }, s.source_type)),
    h('td', { 'data-label': 'Last crawl' }, time(s.last_crawl_at),
      s.last_crawl_at ? h('div', { class: 'sub' }, h('a', { href: `#/sources/${s.id}`, 'aria-label': `Crawl report of ${s.name}` }, 'Crawl report')) : null),
    h('td', { 'data-label': 'Content' }, h('a', { href: `#/documents?source=${s.id}` }, `${num(s.stats.documents)} documents`),
      h('div', { class: 'sub' }, `${num(s.stats.chunks)} chunks`)),
    h('td', { 'data-label': 'Last job' }, s.stats.last_job_status
      ? h('a', { href: `#/jobs?source=${s.id}` }, badge(s.stats.last_job_status)) : h('span', { class: 'muted' }, 'none')),
  ];
  const addRow = s => {
    const entry = { source: s };
    const label = what => `${what} ${s.name}`;
    entry.tr = h('tr', { dataset: { source: s.id } }, cells(s),
      h('td', { 'data-label': 'Actions' }, h('div', { class: 'actions' },
        adminOnly(h('button', { class: 'small', type: 'button', onclick: () => refresh(entry.source, false), title: 'Re-crawl only what changed', 'aria-label': label('Refresh') }, 'Refresh')),
        adminOnly(h('button', { class: 'small', type: 'button', onclick: () => refresh(entry.source, true), title: 'Fetch and re-index every page', 'aria-label': label('Force refresh') }, 'Force refresh')),
        adminOnly(h('a', { class: 'btn small', href: `#/sources/${s.id}/edit`, 'aria-label': label('Edit') }, 'Edit')),
        adminOnly(h('button', { class: 'small danger', type: 'button', onclick: () => remove(entry.source), 'aria-label': label('Delete') }, 'Delete')))));
    rows.set(s.id, entry);
    tbody.append(entry.tr);
  };
  list.forEach(addRow);
  view.append(h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'sources-table' },
    h('thead', {}, h('tr', {}, ['Source', 'Status', 'Last crawl', 'Content', 'Last job', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
    tbody)));

  const reloadRow = async id => {
    try {
      const s = await api('GET', `/api/v1/sources/${id}`);
      const entry = rows.get(id);
      if (!entry) return;
      entry.source = s;
      const fresh = cells(s);
      [...entry.tr.children].slice(0, fresh.length).forEach((td, i) => td.replaceWith(fresh[i]));
    } catch { /* deleted meanwhile */ }
  };
  const due = new Map();
  onLeave(jobStream.subscribe(j => {
    if (!rows.has(j.source_id) || due.has(j.source_id)) return;
    due.set(j.source_id, setTimeout(() => { due.delete(j.source_id); reloadRow(j.source_id); }, 500));
  }), () => due.forEach(t => clearTimeout(t)));

  async function refresh(s, force) {
    try {
      const r = await api('POST', `/api/v1/sources/${s.id}/refresh`, { force_refresh: force });
      showNotice(`${force ? 'Full refresh' : 'Refresh'} of "${s.name}" started (job ${String(r.job_id).slice(0, 8)}).`);
      reloadRow(s.id);
    } catch (e) {
      showNotice(e.message, true);
    }
  }

  async function refreshAll() {
    try {
      const r = await api('POST', '/api/v1/sources/refresh-all', {});
      showNotice(`Refresh started for ${num(r.total)} source(s).`);
    } catch (e) {
      showNotice(e.message, true);
    }
  }

  async function remove(s) {
    const ok = await confirmDialog(`Delete "${s.name}"?`,
      `Its ${num(s.stats.documents)} documents, ${num(s.stats.chunks)} chunks and its jobs are removed from KnowledgeHub. The site itself is not touched.`,
      'Delete source');
    if (!ok) return;
    try {
      await api('DELETE', `/api/v1/sources/${s.id}`);
      rows.get(s.id)?.tr.remove();
      rows.delete(s.id);
      showNotice(`Source "${s.name}" deleted.`);
      if (!rows.size) render();
    } catch (e) {
      showNotice(e.message, true);
    }
  }
}

const CONFIG_HELP = [
  ['max_depth', 'Links followed from the base URL (default 3).'],
  ['max_pages', 'Stop after this many pages.'],
  ['crawl_delay', 'Seconds between requests to the site (robots.txt Crawl-delay wins when larger).'],
  ['follow_patterns', 'Globs of URLs to crawl, e.g. ["**/docs/**"]; empty = everything under the base URL.'],
  ['exclude_patterns', 'Globs of URLs never crawled, e.g. ["**/blog/**"].'],
  ['content_extraction.exclude_selectors', 'CSS selectors removed before the text is extracted.'],
  ['content_cleaning.remove_patterns', 'Regular expressions removed from the text.'],
  ['incremental_config.min_change_threshold', 'Share of text that must change before a page counts as updated.'],
  ['scheduler.refresh_schedule', 'Cron expression for automatic refreshes, e.g. "0 3 * * *".'],
];

const EXAMPLE_CONFIG = { max_depth: 3, max_pages: 200, crawl_delay: 1.0, follow_patterns: [], exclude_patterns: ['**/blog/**'] };

async function sourceForm(view, source) {
  const editing = !!source;
  const field = (id, label, control, hint) => h('div', { class: 'field', id: `field-${id}` },
    h('label', { for: id }, label), control, hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null,
    h('div', { class: 'field-error', id: `${id}-error`, role: 'alert' }));
  const name = h('input', { id: 'name', name: 'name', required: true, maxlength: 200, value: source?.name || '', autocomplete: 'off', 'aria-describedby': 'name-error' });
  const description = h('input', { id: 'description', name: 'description', value: source?.description || '', autocomplete: 'off' });
  const baseUrl = h('input', { id: 'base_url', name: 'base_url', type: 'url', required: true, placeholder: 'https://docs.example.com/', value: source?.base_url || '', 'aria-describedby': 'base_url-hint base_url-error' });
  const type = h('select', { id: 'source_type', name: 'source_type', disabled: editing }, h('option', { value: 'web' }, 'web — a documentation website'));
  const config = h('textarea', { id: 'config', name: 'config', class: 'code', spellcheck: 'false', 'aria-describedby': 'config-hint config-error' },
    JSON.stringify(editing ? source.config : EXAMPLE_CONFIG, null, 2));
  const status = editing ? h('select', { id: 'status', name: 'status' },
    ['active', 'paused'].map(s => h('option', { value: s, selected: source.status === s }, s))) : null;
  const submit = adminOnly(h('button', { class: 'primary', type: 'submit' }, editing ? 'Save changes' : 'Create Source'));
  const formError = h('div', { role: 'alert' });
  if (!canAdmin()) {
    formError.append(h('div', { class: 'alert error', dataset: { auth: 'scope' } }, auth()?.scope === 'read'
      ? `Your key has read access; ${editing ? 'editing' : 'creating'} sources needs an admin key.`
      : `${editing ? 'Editing' : 'Creating'} sources needs an admin key. `, auth()?.scope === 'read' ? null : h('a', { href: '#/settings' }, 'Open Settings')));
  }

  const clearErrors = () => {
    form.querySelectorAll('.field-error').forEach(e => { e.textContent = ''; });
    form.querySelectorAll('.field.invalid').forEach(e => e.classList.remove('invalid'));
    formError.replaceChildren();
  };
  const fieldError = (id, message) => {
    const box = document.getElementById(`field-${id}`);
    box.classList.add('invalid');
    document.getElementById(`${id}-error`).textContent = message;
    box.querySelector('input, textarea, select')?.focus();
  };
  config.addEventListener('input', () => {
    try { parseConfig(config.value); document.getElementById('config-error').textContent = ''; document.getElementById('field-config').classList.remove('invalid'); }
    catch (e) { document.getElementById('config-error').textContent = e.message; }
  });

  const form = h('form', { class: 'stack panel', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    clearErrors();
    let cfg;
    try { cfg = parseConfig(config.value); } catch (err) { return fieldError('config', err.message); }
    if (!name.value.trim()) return fieldError('name', 'Give the source a name.');
    if (!baseUrl.value.trim()) return fieldError('base_url', 'Enter the address of the documentation site, e.g. https://docs.example.com/.');
    submit.disabled = true;
    try {
      if (editing) {
        const body = { name: name.value.trim(), description: description.value, base_url: baseUrl.value.trim(), status: status.value,
          config: mergePatch(source.config, cfg) };
        await api('PATCH', `/api/v1/sources/${source.id}`, body);
        showNotice(`Source "${body.name}" saved.`);
      } else {
        const created = await api('POST', '/api/v1/sources', { name: name.value.trim(), description: description.value || null,
          base_url: baseUrl.value.trim(), source_type: type.value, config: cfg });
        showNotice(`Source "${created.name}" created. Its crawl has started: follow it on the Jobs page.`);
      }
      go('#/sources');
    } catch (err) {
      const f = err.problem?.field || '';
      if (f === 'name' || f === 'base_url' || f === 'description' || f === 'source_type') fieldError(f, err.message);
      else if (f.startsWith('config')) {
        // the server's sentence may start with the key it names ("config.x.y: ..." or "config.x.y must ..."): said once
        const detail = err.message.startsWith(f) ? err.message.slice(f.length).replace(/^:?\s*/, '') : err.message;
        fieldError('config', f === 'config' ? err.message : `${f.replace(/^config\./, '')}: ${detail}`);
      }
      else formError.replaceChildren(errorBox(err));
    } finally {
      submit.disabled = false;
    }
  } },
  formError,
  field('name', 'Name', name),
  field('description', 'Description', description),
  field('base_url', 'Base URL', baseUrl, 'Pages under this address are crawled; links leaving it are not followed.'),
  field('source_type', 'Source type', type),
  status ? field('status', 'Status', status, 'Paused sources are skipped by scheduled refreshes.') : null,
  field('config', 'Advanced configuration (JSON)', config, editing
    ? 'Keys you remove go back to their defaults.'
    : 'Optional. Leave {} for the defaults; the keys are listed below.'),
  h('details', { class: 'help' }, h('summary', {}, 'Configuration keys'),
    h('dl', {}, CONFIG_HELP.map(([k, t]) => [h('dt', {}, h('code', {}, k)), h('dd', {}, t)]))),
  h('div', { class: 'actions' }, submit, h('a', { class: 'btn', href: '#/sources' }, 'Cancel')));

  view.append(h('div', { class: 'page-head' }, h('div', {},
    h('h1', {}, editing ? `Edit ${source.name}` : 'Add Source'),
    h('p', { class: 'lead' }, editing ? 'Changes apply from the next crawl.' : 'Register a documentation site. Its first crawl starts as soon as it is created.'))),
  form);
  setTimeout(() => name.focus(), 0);
}
