// How a job reads wherever it is listed (dashboard, jobs page): its result counters, its progress bar and a summary.

import { h, num, time, badge } from '../dom.js';

/** The result counters of crawl and indexing jobs in reading order, with the words shown for them. */
export const COUNTER_LABELS = {
  pages_checked: 'checked', pages_new: 'new', pages_updated: 'updated', pages_unchanged: 'unchanged',
  pages_deleted: 'deleted', pages_failed: 'failed', pages_skipped: 'skipped', pages_denied: 'refused address',
  efficiency: 'efficiency',
  documents_indexed: 'documents', documents_failed: 'failed', chunks_indexed: 'chunks', chunks_embedded: 'embedded',
  chunks_reused: 'reused', chunks_per_second: 'chunks/s',
};

/**
 * The counters a job has as [key, label, value text] rows; efficiency is a percentage. A job without counters
 * that knows its page total shows "pages processed / total" instead.
 */
export function counterEntries(job) {
  const r = job.result || {};
  const items = Object.entries(COUNTER_LABELS).filter(([k]) => r[k] !== undefined && r[k] !== null)
    .map(([k, label]) => [k, label, k === 'efficiency' ? `${r[k]}%` : num(r[k])]);
  if (!items.length && job.total_pages) items.push([null, 'pages', `${num(job.processed_pages)} / ${num(job.total_pages)}`]);
  return items;
}

export function counters(job) {
  const items = counterEntries(job).map(([k, label, value]) =>
    h('span', k ? { dataset: { counter: k } } : {}, label, ' ', h('b', {}, value)));
  return items.length ? h('div', { class: 'counters' }, items) : null;
}

export function progressBar(job) {
  const pct = Math.max(0, Math.min(100, job.progress || 0));
  const id = `p-${job.id}`;
  return h('div', { class: 'progress' },
    h('progress', { id, max: 100, value: pct, 'aria-label': `Progress of ${job.type} job` }, `${pct}%`),
    h('span', { class: 'pct' }, `${pct}%`));
}

/** A job as a few lines: type, source name, status and age; progress while it runs; counters, error, warnings. */
export function jobSummary(j, name) {
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
