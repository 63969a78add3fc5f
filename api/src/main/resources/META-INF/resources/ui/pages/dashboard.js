// The dashboard: health of every component, content counts, activity charts and running / recent jobs. It redraws
// itself every 10 s and shortly after job events.

import { h, num, badge } from '../dom.js';
import { api, jobStream } from '../api.js';
import { healthDetail } from '../format.js';
import { sourceList } from '../source-names.js';
import { adminOnly } from '../components/admin.js';
import { chart } from '../components/chart.js';
import { jobSummary } from '../components/jobs.js';

export async function dashboardPage(view, parts, params, onLeave) {
  const data = await api('GET', '/api/v1/dashboard');
  const names = new Map((await sourceList().all()).map(s => [s.id, s.name]));
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
  onLeave(() => clearInterval(timer), unsubscribe, () => clearTimeout(debounce));
}

function stat(label, value, href) {
  return h('a', { class: 'panel stat', href },
    h('div', { class: 'value' }, typeof value === 'number' ? num(value) : value), h('div', { class: 'label' }, label));
}
