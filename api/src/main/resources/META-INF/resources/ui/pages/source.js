// A source's page: what the source is, and the coverage report of its last crawl, which follows a running crawl
// live (job events trigger a reload of the report).

import { h, append, num, time, badge, externalLink } from '../dom.js';
import { api, jobStream } from '../api.js';
import { coverageReport } from '../components/coverage.js';

/**
 * @param onCleanup registers what to undo when the user leaves the page (the job event subscription, a timer)
 */
export async function sourcePage(view, id, onCleanup) {
  const path = `/api/v1/sources/${encodeURIComponent(id)}`;
  const [source, report] = await Promise.all([api('GET', path), api('GET', `${path}/report`)]);
  const section = h('section', { class: 'panel', id: 'coverage', 'aria-labelledby': 'coverage-h' });
  // dom.js's append skips what is absent (a missing description); Element.append would write "null"
  append(view, [
    h('p', {}, h('a', { href: '#/sources' }, '← Sources')),
    h('h1', {}, source.name),
    source.description ? h('p', { class: 'lead' }, source.description) : null,
    h('dl', { class: 'meta-list' },
      h('dt', {}, 'Base URL'), h('dd', {}, externalLink(source.base_url)),
      h('dt', {}, 'Status'), h('dd', {}, badge(source.status)),
      h('dt', {}, 'Last crawl'), h('dd', {}, time(source.last_crawl_at)),
      h('dt', {}, 'Content'), h('dd', {}, h('a', { href: `#/documents?source=${source.id}` }, `${num(source.stats.documents)} documents`),
        ` · ${num(source.stats.chunks)} chunks · `, h('a', { href: `#/jobs?source=${source.id}` }, 'jobs'))),
    section]);
  section.replaceChildren(...coverageReport(report));

  // the report as last drawn: a crawl event that leaves the report as it was (a repeated event of a finished crawl)
  // leaves the section alone, so what the user opened, selected or focused there stays as it is
  let shown = JSON.stringify(report);
  let timer = null;
  const reload = async () => {
    timer = null;
    try {
      const fresh = await api('GET', `${path}/report`);
      const text = JSON.stringify(fresh);
      if (text === shown) return;
      shown = text;
      // the sample lists the user opened stay open while a running crawl's report is redrawn
      const open = new Set([...section.querySelectorAll('tr[data-key] details[open]')].map(d => d.closest('tr').dataset.key));
      section.replaceChildren(...coverageReport(fresh));
      for (const tr of section.querySelectorAll('tr[data-key]')) {
        if (open.has(tr.dataset.key)) tr.querySelector('details')?.setAttribute('open', '');
      }
    } catch { /* the source was deleted meanwhile, or the server is away: the next event tries again */ }
  };
  onCleanup(jobStream.subscribe(j => {
    if (j.source_id !== source.id || j.type !== 'crawl' || timer) return;
    timer = setTimeout(reload, 1000);
  }));
  onCleanup(() => clearTimeout(timer));
}
