// KnowledgeHub web UI: a small single-page app over the public REST API (/api/v1), served by the api itself.
// Crawled text is untrusted: every value reaches the page through text nodes (h() in dom.js), never as markup.
// The page runs under a strict Content-Security-Policy: no inline script, handlers or style attributes.

import { h, showNotice, clearNotice, authPrompt, errorBox, num, time, badge, confirmDialog, externalLink } from './dom.js';
import { api, auth, canAdmin, needsAdminText, jobStream, loadAuth, onAuth } from './api.js';
import { settingsPage } from './pages/settings.js';
import { sourcePage } from './pages/source.js';

const main = document.getElementById('main');

// ---------------------------------------------------------------- helpers

const ENTITIES = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&apos;': "'" };

function decodeEntities(text) {
  return text.replace(/&(?:amp|lt|gt|quot|apos|#39|#x27);/g, m => ENTITIES[m])
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-f]+);/gi, (_, n) => String.fromCodePoint(parseInt(n, 16)));
}

/**
 * A search snippet is escaped text with the matches wrapped in <mark>. It is rebuilt from text nodes and
 * mark elements, so even a snippet that was not escaped properly could not inject markup.
 */
function snippetNodes(snippet) {
  const out = [];
  let marked = false;
  for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) out.push(marked ? h('mark', {}, decodeEntities(part)) : decodeEntities(part));
  }
  return out;
}

function duration(job) {
  if (!job.started_at) return '';
  const end = job.completed_at ? new Date(job.completed_at) : new Date();
  const s = Math.max(0, Math.round((end - new Date(job.started_at)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query || '') };
}

function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

// ---------------------------------------------------------------- source names (cached per page view)

let sourceCache = null;

async function sources(refresh = false) {
  if (!sourceCache || refresh) {
    const list = await api('GET', '/api/v1/sources?limit=1000');
    sourceCache = list.sources;
  }
  return sourceCache;
}

async function sourceName(id) {
  const all = await sources();
  const s = all.find(x => x.id === id);
  if (s) return s.name;
  return (await sources(true)).find(x => x.id === id)?.name ?? 'deleted source';
}

// ---------------------------------------------------------------- controls that need an admin key

/**
 * With a read key (or none while auth is on) a control that changes something is disabled and says why in its
 * tooltip; a link becomes a disabled button-like element without a target. With auth off nothing changes.
 */
function adminOnly(el) {
  if (canAdmin()) return el;
  el.title = needsAdminText();
  el.classList.add('needs-admin');
  if (el.tagName === 'A') {
    el.removeAttribute('href');
    el.setAttribute('aria-disabled', 'true');
    el.setAttribute('role', 'link');
  } else {
    el.disabled = true;
  }
  return el;
}

// ---------------------------------------------------------------- router

let cleanup = [];
let renderSeq = 0;

const routes = {
  '': dashboardPage,
  sources: sourcesRoute,
  jobs: jobsPage,
  search: searchPage,
  documents: documentsRoute,
  settings: settingsPage,
};

async function render() {
  cleanup.forEach(fn => fn());
  cleanup = [];
  const seq = ++renderSeq;
  const { parts, params } = parseHash();
  const section = parts[0] || '';
  for (const a of document.querySelectorAll('[data-nav]')) {
    const current = a.dataset.nav === (section || 'dashboard');
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const page = routes[section];
  const view = h('div', { class: 'view' });
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  sourceCache = null;
  try {
    if (!page) throw new Error(`There is no page "${location.hash}". Use the navigation above.`);
    await page(view, parts.slice(1), params);
  } catch (error) {
    view.replaceChildren(errorBox(error));
  }
  if (seq !== renderSeq) return; // the user moved on while this page loaded
  main.replaceChildren(view);
  const heading = view.querySelector('h1');
  document.title = heading ? `${heading.textContent} · KnowledgeHub` : 'KnowledgeHub';
}


// ---------------------------------------------------------------- charts (inline SVG)

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** A chart with a title, a summary for screen readers and either bars or lines over time. */
function chart(title, summary, points, { kind = 'bar', series, format = num, emptyText, legend }) {
  const box = h('figure', { class: 'panel chart' }, h('h3', {}, title));
  if (!points.length || points.every(p => series.every(s => !p[s.key]))) {
    box.append(h('div', { class: 'empty' }, emptyText));
    return box;
  }
  const W = 600, H = 140, L = 44, B = 18, T = 8;
  const max = Math.max(1, ...points.flatMap(p => series.map(s => p[s.key] || 0)));
  const x = i => L + (points.length === 1 ? (W - L) / 2 : (i * (W - L - 8)) / (points.length - 1));
  const y = v => T + (H - T - B) * (1 - v / max);
  const g = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: ${summary}`, preserveAspectRatio: 'none' });
  g.append(svg('text', { x: L - 6, y: T + 8, class: 'axis', 'text-anchor': 'end' }, format(max)));
  g.append(svg('text', { x: L - 6, y: H - B, class: 'axis', 'text-anchor': 'end' }, '0'));
  g.append(svg('line', { x1: L, x2: W, y1: H - B, y2: H - B, stroke: 'currentColor', 'stroke-opacity': '.2' }));
  const label = p => new Date(p.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  g.append(svg('text', { x: L, y: H - 4, class: 'axis' }, label(points[0])));
  g.append(svg('text', { x: W - 4, y: H - 4, class: 'axis', 'text-anchor': 'end' }, label(points[points.length - 1])));
  if (kind === 'bar') {
    const bw = Math.max(2, (W - L - 8) / points.length - 3);
    points.forEach((p, i) => {
      const v = p[series[0].key] || 0;
      const bar = svg('rect', { class: 'bar', x: L + i * ((W - L - 8) / points.length) + 1, y: y(v), width: bw, height: Math.max(0, H - B - y(v)), rx: 2 });
      bar.append(svg('title', {}, `${label(p)}: ${format(v)}`));
      g.append(bar);
    });
  } else {
    series.forEach((s, si) => {
      const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p[s.key] || 0).toFixed(1)}`).join(' ');
      if (si === 0) g.append(svg('path', { class: 'area', d: `${d} L${x(points.length - 1)},${H - B} L${x(0)},${H - B} Z` }));
      g.append(svg('path', { class: si === 0 ? 'line' : 'line2', d }));
    });
    points.forEach((p, i) => {
      const dot = svg('circle', { cx: x(i), cy: y(p[series[0].key] || 0), r: 3, fill: 'var(--accent)' });
      dot.append(svg('title', {}, `${label(p)}: ${series.map(s => `${s.label} ${format(p[s.key] || 0)}`).join(', ')}`));
      g.append(dot);
    });
  }
  box.append(g);
  if (legend) box.append(h('figcaption', { class: 'legend' }, legend));
  return box;
}

// ---------------------------------------------------------------- dashboard

async function dashboardPage(view) {
  const data = await api('GET', '/api/v1/dashboard');
  const names = new Map((await sources()).map(s => [s.id, s.name]));
  view.append(h('div', { class: 'page-head' },
    h('div', {}, h('h1', {}, 'Dashboard'), h('p', { class: 'lead' }, 'System health, content and activity at a glance.')),
    adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add Source'))));

  const healthBox = h('section', { 'aria-labelledby': 'health-h' });
  const countsBox = h('section', { 'aria-labelledby': 'counts-h' });
  const chartsBox = h('section', { 'aria-labelledby': 'charts-h' });
  const jobsBox = h('section', { 'aria-labelledby': 'jobs-h' });
  view.append(healthBox, countsBox);
  if (data.counts.sources === 0) {
    view.append(h('div', { class: 'panel empty-state mt-16' },
      h('h2', {}, 'Welcome to KnowledgeHub'),
      h('p', {}, 'Add a documentation site as a source. KnowledgeHub crawls it politely, splits the pages into chunks, embeds them and makes them searchable by keyword and by meaning.'),
      adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add your first source'))));
  }
  view.append(chartsBox, jobsBox);

  const fill = d => {
    const down = d.components.filter(c => c.status !== 'operational');
    healthBox.replaceChildren(
      h('h2', { id: 'health-h' }, 'System health ', down.length ? badge('down', `${down.length} down`) : badge('operational', 'all operational')),
      h('div', { class: 'grid' }, d.components.map(c => h('div', { class: 'panel health', dataset: { component: c.name } },
        h('span', { class: `dot ${c.status === 'operational' ? '' : 'down'}`, 'aria-hidden': 'true' }),
        h('div', {},
          h('h3', {}, c.name.replace(/_/g, ' '), ' ', badge(c.status, c.status === 'operational' ? 'Operational' : 'Down')),
          c.status !== 'operational'
            ? h('div', { class: 'reason' }, c.details?.error || c.details?.reason || 'Not answering.')
            : h('div', { class: 'detail' }, healthDetail(c.details)))))));
    const k = d.counts;
    countsBox.replaceChildren(h('h2', { id: 'counts-h' }, 'Content'), h('div', { class: 'grid' },
      stat('Sources', k.sources, '#/sources'), stat('Documents', k.documents, '#/documents'),
      stat('Chunks', k.chunks, '#/search'), stat('Jobs running / waiting', `${num(k.running_jobs)} / ${num(k.pending_jobs)}`, '#/jobs')));
    const crawled = d.series.pages_crawled.map(p => ({ t: p.hour, v: p.pages }));
    const latency = d.series.search_latency.map(p => ({ t: p.minute, mean: Math.round(p.mean_ms * 10) / 10, max: p.max_ms, n: p.searches }));
    const size = d.series.index_size.map(p => ({ t: p.at, v: p.chunks }));
    const total = crawled.reduce((a, p) => a + p.v, 0);
    chartsBox.replaceChildren(h('h2', { id: 'charts-h' }, 'Activity'), h('div', { class: 'grid wide' },
      chart('Pages crawled per hour', `${num(total)} pages in the last 24 hours`, crawled,
        { series: [{ key: 'v', label: 'pages' }], emptyText: 'No crawls in the last 24 hours.', legend: `Last 24 hours · ${num(total)} pages checked` }),
      chart('Search latency', latency.length ? `mean ${latency[latency.length - 1].mean} ms in the last minute with searches` : 'no searches yet', latency,
        { kind: 'line', series: [{ key: 'mean', label: 'mean' }, { key: 'max', label: 'max' }], format: v => `${num(v)} ms`,
          emptyText: 'No searches since the server started.', legend: 'Per minute: mean (solid) and slowest (dashed), in ms' }),
      chart('Index size', size.length ? `${num(size[size.length - 1].v)} chunks now` : 'unknown', size,
        { kind: 'line', series: [{ key: 'v', label: 'chunks' }], emptyText: 'The index is empty.', legend: 'Chunks in the search index, sampled every minute' })));
    const jobRow = j => h('li', { class: 'panel', dataset: { job: j.id } }, jobSummary(j, names.get(j.source_id)));
    jobsBox.replaceChildren(h('h2', { id: 'jobs-h' }, 'Jobs'), h('div', { class: 'grid wide' },
      h('div', {}, h('h3', {}, 'Running and waiting'), d.active_jobs.length
        ? h('ul', { class: 'results' }, d.active_jobs.map(jobRow))
        : h('p', { class: 'muted' }, 'Nothing running. Refresh a source to crawl it again.')),
      h('div', {}, h('h3', {}, 'Recent'), d.recent_jobs.length
        ? h('ul', { class: 'results' }, d.recent_jobs.map(jobRow))
        : h('p', { class: 'muted' }, 'No finished jobs yet.'))));
  };
  fill(data);

  let pending = false;
  const reload = async () => {
    if (pending) return;
    pending = true;
    try { fill(await api('GET', '/api/v1/dashboard')); } catch (e) { /* shown on the next successful refresh */ }
    pending = false;
  };
  const timer = setInterval(reload, 10000);
  let debounce;
  const unsubscribe = jobStream.subscribe(() => { clearTimeout(debounce); debounce = setTimeout(reload, 400); });
  cleanup.push(() => clearInterval(timer), unsubscribe, () => clearTimeout(debounce));
}

function healthDetail(details) {
  if (!details) return '';
  const value = (k, v) => {
    if (typeof v === 'number' && k.endsWith('_bytes')) return `${num(Math.round(v / 1048576))} MiB`;
    if (typeof v === 'number' && k.endsWith('_seconds')) return v < 120 ? `${v} s` : v < 7200 ? `${Math.round(v / 60)} min` : `${Math.round(v / 3600)} h`;
    if (typeof v === 'number' && !Number.isInteger(v)) return num(Math.round(v * 10) / 10);
    if (typeof v === 'number') return num(v);
    return String(v);
  };
  return Object.entries(details).filter(([, v]) => v !== null && typeof v !== 'object').slice(0, 4)
    .map(([k, v]) => `${k.replace(/_(bytes|ms|seconds)$/, m => m === '_ms' ? ' (ms)' : '').replace(/_/g, ' ')}: ${value(k, v)}`).join(' · ');
}

function stat(label, value, href) {
  return h('a', { class: 'panel stat', href },
    h('div', { class: 'value' }, typeof value === 'number' ? num(value) : value), h('div', { class: 'label' }, label));
}

function jobSummary(j, name) {
  return [
    h('div', { class: 'meta job-meta' },
      badge(j.type, j.type === 'rag' ? 'indexing' : 'crawl'), h('strong', {}, name || 'source'), badge(j.status), h('span', { class: 'muted' }, time(j.created_at))),
    j.status === 'running' ? progressBar(j) : null,
    counters(j),
    j.error_message ? h('div', { class: 'error-text' }, j.error_message) : null,
    ...((j.result && Array.isArray(j.result.warnings)) ? j.result.warnings : [])
      .map((w) => h('div', { class: 'warning-text', dataset: { warning: '' } }, w)),
  ];
}

// ---------------------------------------------------------------- jobs

const COUNTER_LABELS = {
  pages_checked: 'checked', pages_new: 'new', pages_updated: 'updated', pages_unchanged: 'unchanged',
  pages_deleted: 'deleted', pages_failed: 'failed', pages_skipped: 'skipped', pages_denied: 'refused address',
  efficiency: 'efficiency',
  documents_indexed: 'documents', documents_failed: 'failed', chunks_indexed: 'chunks', chunks_embedded: 'embedded',
  chunks_reused: 'reused', chunks_per_second: 'chunks/s',
};

function counters(job) {
  const r = job.result || {};
  const items = Object.entries(COUNTER_LABELS).filter(([k]) => r[k] !== undefined && r[k] !== null)
    .map(([k, label]) => h('span', { dataset: { counter: k } }, label, ' ', h('b', {}, k === 'efficiency' ? `${r[k]}%` : num(r[k]))));
  if (!items.length && job.total_pages) items.push(h('span', {}, 'pages ', h('b', {}, `${num(job.processed_pages)} / ${num(job.total_pages)}`)));
  return items.length ? h('div', { class: 'counters' }, items) : null;
}

function progressBar(job) {
  const pct = Math.max(0, Math.min(100, job.progress || 0));
  const id = `p-${job.id}`;
  return h('div', { class: 'progress' },
    h('progress', { id, max: 100, value: pct, 'aria-label': `Progress of ${job.type} job` }, `${pct}%`),
    h('span', { class: 'pct' }, `${pct}%`));
}

async function jobsPage(view, _, params) {
  const filters = { status: params.get('status') || '', type: params.get('type') || '', source: params.get('source') || '' };
  const all = await sources();
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
      sourceName(j.source_id).then(n => { names.set(j.source_id, n); upsert(j); });
    }
  };

  list.jobs.slice().reverse().forEach(j => upsert(j));
  if (!list.jobs.length) view.append(empty);
  if (list.total > list.jobs.length) view.append(h('p', { class: 'muted' }, `Showing the newest ${list.jobs.length} of ${num(list.total)} jobs.`));
  cleanup.push(jobStream.subscribe(upsert));
}

// ---------------------------------------------------------------- sources

async function sourcesRoute(view, parts, params) {
  if (parts[0] === 'new') return sourceForm(view, null);
  if (parts[0] && parts[1] === 'edit') return sourceForm(view, await api('GET', `/api/v1/sources/${encodeURIComponent(parts[0])}`));
  if (parts[0]) return sourcePage(view, parts[0], fn => cleanup.push(fn));
  return sourcesPage(view, params);
}

async function sourcesPage(view) {
  const list = await sources(true);
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
  cleanup.push(jobStream.subscribe(j => {
    if (!rows.has(j.source_id) || due.has(j.source_id)) return;
    due.set(j.source_id, setTimeout(() => { due.delete(j.source_id); reloadRow(j.source_id); }, 500));
  }));
  cleanup.push(() => due.forEach(t => clearTimeout(t)));

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

/** The RFC 7396 merge patch that turns {@code from} into {@code to} (the API merges config this way). */
function mergePatch(from, to) {
  const patch = {};
  for (const key of Object.keys(from || {})) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const old = from?.[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object' && !Array.isArray(old)) {
      const inner = mergePatch(old, value);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

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
  const parseConfig = () => {
    const text = config.value.trim();
    if (!text) return {};
    try {
      const value = JSON.parse(text);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('The configuration must be a JSON object: { … }.');
      return value;
    } catch (e) {
      throw Object.assign(new Error(e instanceof SyntaxError ? `Not valid JSON: ${e.message}` : e.message), { field: 'config' });
    }
  };
  config.addEventListener('input', () => {
    try { parseConfig(); document.getElementById('config-error').textContent = ''; document.getElementById('field-config').classList.remove('invalid'); }
    catch (e) { document.getElementById('config-error').textContent = e.message; }
  });

  const form = h('form', { class: 'stack panel', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    clearErrors();
    let cfg;
    try { cfg = parseConfig(); } catch (err) { return fieldError('config', err.message); }
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
      else if (f.startsWith('config')) fieldError('config', f === 'config' ? err.message : `${f.replace(/^config\./, '')}: ${err.message.replace(/^config\.[\w.[\]]+: /, '')}`);
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

// ---------------------------------------------------------------- search

const TYPES = [['hybrid', 'Hybrid', 'meaning and keywords (recommended)'], ['semantic', 'Semantic', 'by meaning'], ['keyword', 'Keyword', 'exact terms']];

async function searchPage(view, _, params) {
  const all = await sources();
  const q = params.get('q') || '';
  const type = params.get('type') || 'hybrid';
  const chosen = new Set(params.getAll('source'));
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const contentType = params.get('content_type') || '';

  const input = h('input', { id: 'q', type: 'search', name: 'q', value: q, placeholder: 'e.g. connection pooling, "write-ahead log", +vacuum -autovacuum', autocomplete: 'off' });
  const typeSelect = h('select', { id: 'search-type', name: 'type' }, TYPES.map(([v, t, d]) => h('option', { value: v, selected: v === type }, `${t} — ${d}`)));
  const form = h('form', { role: 'search', class: 'panel', onsubmit: e => {
    e.preventDefault();
    const p = new URLSearchParams();
    if (input.value.trim()) p.set('q', input.value.trim());
    p.set('type', typeSelect.value);
    form.querySelectorAll('input[name="source"]:checked').forEach(c => p.append('source', c.value));
    const f = form.querySelector('#date-from').value; if (f) p.set('from', f);
    const t = form.querySelector('#date-to').value; if (t) p.set('to', t);
    const ct = form.querySelector('#content-type').value; if (ct) p.set('content_type', ct);
    go(`#/search?${p}`);
  } },
  h('div', { class: 'searchbar' },
    h('div', { class: 'field' }, h('label', { for: 'q' }, 'Search the knowledge base'), input),
    h('div', { class: 'field' }, h('label', { for: 'search-type' }, 'Search type'), typeSelect),
    h('button', { class: 'primary', type: 'submit' }, 'Search')),
  h('details', { class: 'help', open: chosen.size || from || to || contentType ? true : null }, h('summary', {}, 'Filters'),
    h('div', { class: 'filters' },
      all.length ? h('fieldset', { class: 'field' }, h('legend', {}, 'Sources'), h('div', { class: 'inline' },
        all.map(s => h('label', {}, h('input', { type: 'checkbox', name: 'source', value: s.id, checked: chosen.has(s.id) }), s.name)))) : null,
      h('div', { class: 'field' }, h('label', { for: 'date-from' }, 'Updated from'), h('input', { id: 'date-from', type: 'date', value: from })),
      h('div', { class: 'field' }, h('label', { for: 'date-to' }, 'Updated until'), h('input', { id: 'date-to', type: 'date', value: to })),
      h('div', { class: 'field' }, h('label', { for: 'content-type' }, 'Content type'), h('select', { id: 'content-type' },
        [['', 'Any'], ['html', 'HTML pages'], ['markdown', 'Markdown'], ['text', 'Plain text'], ['pdf', 'PDF']]
          .map(([v, t]) => h('option', { value: v, selected: v === contentType }, t)))))),
  h('details', { class: 'help' }, h('summary', {}, 'Search operators'),
    h('dl', {},
      h('dt', {}, h('code', {}, '"exact phrase"')), h('dd', {}, 'The words must appear together, in this order.'),
      h('dt', {}, h('code', {}, '+word')), h('dd', {}, 'Results must contain the word.'),
      h('dt', {}, h('code', {}, '-word')), h('dd', {}, 'Results must not contain the word.'),
      h('dt', {}, h('code', {}, 'conf*')), h('dd', {}, 'Words starting with "conf": config, configuration, …'),
      h('dt', {}, 'Types'), h('dd', {}, 'Semantic finds passages by meaning (questions work well); keyword matches your terms exactly (API names, error codes); hybrid combines both and is the best default.'))));

  view.append(h('h1', {}, 'Search'), h('p', { class: 'lead' }, 'Find answers across every source.'), form);
  setTimeout(() => { if (!q) input.focus(); }, 0);

  if (!q) {
    view.append(all.length
      ? h('p', { class: 'muted mt-16' }, 'Type a question or some keywords and press Enter.')
      : h('div', { class: 'panel empty-state mt-16' }, h('h2', {}, 'Nothing to search yet'),
        h('p', {}, 'Add a documentation source first; its pages become searchable once its crawl and indexing jobs complete.'),
        adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add Source'))));
    return;
  }
  const body = { query: q, search_type: type, limit: 20 };
  const filters = {};
  if (chosen.size) filters.source_ids = [...chosen];
  if (from) filters.date_from = from;
  if (to) filters.date_to = to;
  if (contentType) filters.content_types = [contentType];
  if (Object.keys(filters).length) body.filters = filters;

  let res;
  try {
    res = await api('POST', '/api/v1/search', body);
  } catch (e) {
    view.append(h('div', { class: 'mt-16' }, errorBox(e)));
    return;
  }
  const names = new Map(all.map(s => [s.id, s.name]));
  view.append(h('p', { class: 'muted result-summary', id: 'result-summary' },
    `${num(res.total)} result${res.total === 1 ? '' : 's'} · ${res.search_type} · ${num(res.took_ms)} ms`));
  if (!res.results.length) {
    view.append(h('div', { class: 'panel empty-state mt-12' }, h('h2', {}, 'No results'),
      h('p', {}, type === 'keyword'
        ? 'No page contains these terms. Try fewer words, a prefix like conf*, or a hybrid search.'
        : 'Nothing matched. Check the filters, or make sure the sources finished indexing (Jobs page).')));
    return;
  }
  view.append(h('ol', { class: 'results', id: 'results' }, res.results.map(r => h('li', { class: 'panel result' },
    h('h3', {}, h('a', { href: `#/documents/${r.document_id}?chunk=${r.chunk_index}`, class: 'result-link' }, r.title || r.url)),
    h('div', { class: 'meta' },
      h('span', { class: 'score', title: 'Relevance from 0 to 1' }, h('meter', { min: 0, max: 1, low: 0.4, high: 0.6, optimum: 1, value: r.score, 'aria-label': 'relevance' }),
        r.score.toFixed(2), h('span', { class: 'muted' }, scoreLabel(r.score))),
      h('span', {}, r.source || names.get(r.source_id) || ''),
      h('span', { class: 'url' }, externalLink(r.url))),
    r.heading_path?.length ? h('div', { class: 'path' }, r.heading_path.join(' › ')) : null,
    h('p', { class: 'snippet' }, snippetNodes(r.snippet))))));
}

/** The bands of Tutorial 2 ("Interpreting Results"). */
function scoreLabel(score) {
  if (score >= 0.8) return 'excellent match';
  if (score >= 0.6) return 'good match';
  if (score >= 0.4) return 'moderate match';
  return 'weak match: consider rephrasing';
}

// ---------------------------------------------------------------- documents

async function documentsRoute(view, parts, params) {
  if (parts[0]) return documentPage(view, parts[0], params);
  return documentsPage(view, params);
}

async function documentsPage(view, params) {
  const all = await sources();
  const sourceId = params.get('source') || all[0]?.id || '';
  const offset = Math.max(0, Number(params.get('offset')) || 0);
  const limit = 50;
  view.append(h('h1', {}, 'Documents'), h('p', { class: 'lead' }, 'The pages KnowledgeHub stored for each source, as crawled.'));
  if (!all.length) {
    view.append(h('div', { class: 'panel empty-state' }, h('h2', {}, 'No documents yet'),
      h('p', {}, 'Documents are the pages of your sources. Add a source and they appear here after its crawl.'),
      adminOnly(h('a', { class: 'btn primary', href: '#/sources/new' }, '+ Add Source'))));
    return;
  }
  view.append(h('div', { class: 'field doc-source' },
    h('label', { for: 'doc-source' }, 'Source'),
    h('select', { id: 'doc-source', onchange: e => go(`#/documents?source=${e.target.value}`) },
      all.map(s => h('option', { value: s.id, selected: s.id === sourceId }, s.name)))));
  const page = await api('GET', `/api/v1/documents?source_id=${encodeURIComponent(sourceId)}&limit=${limit}&offset=${offset}`);
  if (!page.documents.length) {
    view.append(h('div', { class: 'panel empty-state' }, h('h2', {}, 'No documents in this source yet'),
      h('p', {}, 'Its crawl may still be running or may have failed: see the Jobs page.'),
      h('a', { class: 'btn', href: `#/jobs?source=${sourceId}` }, 'See its jobs')));
    return;
  }
  view.append(h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'documents-table' },
    h('thead', {}, h('tr', {}, ['Title', 'Index', 'Size', 'Changed'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, page.documents.map(d => h('tr', {},
      h('td', { 'data-label': 'Title' }, h('a', { href: `#/documents/${d.id}` }, d.title || d.url), h('div', { class: 'sub' }, d.url)),
      h('td', { 'data-label': 'Index' }, badge(d.index_status === 'indexed' ? 'completed' : d.index_status === 'failed' ? 'failed' : 'pending', d.index_status)),
      h('td', { 'data-label': 'Size' }, `${num(d.content_length)} chars`),
      h('td', { 'data-label': 'Changed' }, time(d.changed_at || d.updated_at))))))));
  const total = page.total;
  view.append(h('div', { class: 'pager' },
    h('button', { type: 'button', disabled: offset === 0, onclick: () => go(`#/documents?source=${sourceId}&offset=${Math.max(0, offset - limit)}`) }, '← Previous'),
    h('span', { class: 'muted' }, `${num(offset + 1)}–${num(Math.min(offset + limit, total))} of ${num(total)}`),
    h('button', { type: 'button', disabled: offset + limit >= total, onclick: () => go(`#/documents?source=${sourceId}&offset=${offset + limit}`) }, 'Next →')));
}

async function documentPage(view, id, params) {
  const [doc, chunkList] = await Promise.all([
    api('GET', `/api/v1/documents/${encodeURIComponent(id)}`),
    api('GET', `/api/v1/documents/${encodeURIComponent(id)}/chunks`),
  ]);
  const wanted = params.has('chunk') ? Number(params.get('chunk')) : null;
  const name = await sourceName(doc.source_id);
  view.append(
    h('p', {}, h('a', { href: `#/documents?source=${doc.source_id}` }, `← ${name}`)),
    h('h1', {}, doc.title || doc.url),
    h('dl', { class: 'meta-list' },
      h('dt', {}, 'URL'), h('dd', {}, externalLink(doc.url)),
      h('dt', {}, 'Source'), h('dd', {}, name),
      h('dt', {}, 'Index'), h('dd', {}, `${doc.index_status} · ${num(chunkList.total)} chunks`),
      h('dt', {}, 'Fetched'), h('dd', {}, time(doc.fetched_at)),
      h('dt', {}, 'Changed'), h('dd', {}, time(doc.changed_at))));
  const chunks = h('ol', { class: 'chunks', id: 'chunks' }, chunkList.chunks.map(c => h('li', {
    class: `chunk${c.chunk_index === wanted ? ' target' : ''}`, id: `chunk-${c.chunk_index}`, dataset: { chunk: c.chunk_index },
    tabindex: c.chunk_index === wanted ? '-1' : null,
  },
  h('div', { class: 'chunk-head' }, h('strong', {}, `Chunk ${c.chunk_index + 1}`), `${num(c.token_count)} tokens`,
    c.chunk_index === wanted ? badge('running', 'search result') : null),
  h('p', {}, c.content))));
  const text = h('div', { class: 'doc-text', id: 'doc-text' }, doc.content || '');
  const showChunks = wanted !== null || !doc.content;
  view.append(
    h('details', { open: showChunks ? null : true, class: 'help' }, h('summary', {}, 'Full text'), text),
    h('h2', {}, `Chunks (${num(chunkList.total)})`),
    chunkList.chunks.length ? chunks : h('p', { class: 'muted' }, 'Not indexed yet: its indexing job creates the chunks.'));
  if (wanted !== null) {
    requestAnimationFrame(() => {
      const target = document.getElementById(`chunk-${wanted}`);
      if (target) { target.scrollIntoView({ block: 'center' }); target.focus({ preventScroll: true }); }
    });
  }
}

// ---------------------------------------------------------------- start (after every declaration above)

window.addEventListener('hashchange', () => {
  if (parseHash().parts[0] === 'settings') clearNotice();
  render().then(() => main.focus({ preventScroll: true }));
});

// a call answered 401: say so (with the way to Settings) until the user goes there
onAuth('required', e => {
  if (parseHash().parts[0] !== 'settings') showNotice(authPrompt(e.detail), true, { sticky: true });
});

// a key was entered, forgotten or refused: the pages and the live stream follow what it may do
onAuth('changed', () => {
  jobStream.restart();
  render();
});

loadAuth().finally(render);
