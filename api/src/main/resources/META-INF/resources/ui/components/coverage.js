// The coverage report of a source's last crawl (GET /api/v1/sources/{id}/report): how many URLs the crawl found,
// fetched, stored, skipped and failed, and for each reason a few sample URLs behind a disclosure. Sample URLs and
// their details come from crawled pages, so they are shown as text only, never as links.

import { h, num, time, badge } from '../dom.js';

/** The report's counts in reading order, with the words shown for them. */
export const COUNTS = [
  ['discovered', 'discovered'], ['fetched', 'fetched'], ['new', 'new'], ['updated', 'updated'],
  ['unchanged', 'unchanged'], ['deleted', 'deleted'], ['skipped', 'skipped'], ['failed', 'failed'],
  ['not_crawled', 'not crawled'],
];

/** How an outcome reads, and the badge colour it borrows from the job statuses (none: a plain badge). */
const OUTCOMES = {
  failed: ['failed', 'failed'],
  skipped: ['pending', 'skipped'],
  deleted: ['cancelled', 'deleted'],
  not_crawled: ['', 'not crawled'],
};

/** The counts as [key, label, value] rows; a missing count reads as 0. */
export function countRows(counts) {
  return COUNTS.map(([key, label]) => [key, label, Number(counts?.[key] ?? 0)]);
}

/** "1 sample URL" / "5 of 12 URLs": what the disclosure of a reason's samples says. */
export function samplesSummary(reason) {
  const shown = reason.samples?.length ?? 0;
  if (shown === reason.count) return `${num(shown)} ${shown === 1 ? 'URL' : 'URLs'}`;
  return `${num(shown)} of ${num(reason.count)} URLs`;
}

/** The sentence under the heading when there are no counts to show. */
export function emptyText(report) {
  if (!report.job) return 'This source has not been crawled yet. Its report appears here once a crawl has run.';
  if (report.job.status === 'pending') return 'The crawl is waiting for a worker; its report appears here once it runs.';
  return 'No report was kept for this crawl (it ran before reports existed, or stopped before it began). The next crawl has one.';
}

/** What tells one reason from the others in a report (and in the next report of the same crawl). */
export function reasonKey(reason) {
  return `${reason.outcome}/${reason.code}/${reason.status ?? ''}`;
}

function jobLine(job) {
  return h('div', { class: 'meta job-meta', id: 'coverage-job', dataset: { job: job.id, status: job.status } },
    badge(job.status), h('span', {}, 'job ', h('code', {}, job.id.slice(0, 8))),
    job.force_refresh ? h('span', { class: 'muted' }, 'full refresh') : null,
    h('span', { class: 'muted' }, 'started ', time(job.started_at || job.created_at)),
    job.completed_at ? h('span', { class: 'muted' }, 'finished ', time(job.completed_at)) : null);
}

function samples(reason) {
  if (!reason.samples?.length) return h('span', { class: 'muted' }, '–');
  return h('details', { class: 'samples' }, h('summary', {}, samplesSummary(reason)),
    h('ul', {}, reason.samples.map(s => h('li', {},
      h('code', { class: 'sample-url' }, s.url), s.detail ? h('div', { class: 'sub' }, s.detail) : null))));
}

/** The report as nodes for a section: heading, the job it is about, the counts and the table of reasons. */
export function coverageReport(report) {
  const out = [h('h2', { id: 'coverage-h', class: 'mt-0' }, 'Last crawl report')];
  if (report.job) out.push(jobLine(report.job));
  if (report.job?.error_message) out.push(h('div', { class: 'error-text' }, report.job.error_message));
  if (!report.job || !report.counts) {
    out.push(h('p', { class: 'muted', id: 'coverage-empty' }, emptyText(report)));
    return out;
  }
  out.push(h('dl', { class: 'coverage-counts', id: 'coverage-counts' }, countRows(report.counts).map(([key, label, value]) =>
    h('div', { dataset: { count: key } }, h('dt', {}, label), h('dd', {}, num(value))))));
  if (!report.reasons.length) {
    out.push(h('p', { class: 'muted' }, 'Every URL the crawl found was stored or confirmed unchanged.'));
    return out;
  }
  out.push(h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'coverage-reasons' },
    h('caption', { class: 'sr-only' }, 'URLs not stored, by reason'),
    h('thead', {}, h('tr', {}, ['Outcome', 'Reason', 'URLs', 'Samples'].map(t => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, report.reasons.map(r => {
      const [colour, words] = OUTCOMES[r.outcome] || ['', r.outcome];
      return h('tr', { dataset: { outcome: r.outcome, code: r.code, status: r.status ?? undefined, key: reasonKey(r) } },
        h('td', { 'data-label': 'Outcome' }, badge(colour, words)),
        h('td', { 'data-label': 'Reason' }, r.label, h('div', { class: 'sub' }, h('code', {}, r.code))),
        h('td', { 'data-label': 'URLs', class: 'num' }, num(r.count)),
        h('td', { 'data-label': 'Samples' }, samples(r)));
    })))));
  if (report.reasons.some(r => r.count > (r.samples?.length ?? 0))) {
    out.push(h('p', { class: 'muted note' }, `Up to ${num(report.samples_per_reason)} sample URLs are kept per reason; the counts are complete.`));
  }
  return out;
}
