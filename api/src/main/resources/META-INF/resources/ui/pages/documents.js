// The documents: a source's documents page by page, and a document with its metadata, full text and chunks
// (#/documents/{id}?chunk=N opens it at a search result's chunk).

import { h, num, time, badge, externalLink } from '../dom.js';
import { api } from '../api.js';
import { go } from '../router.js';
import { sourceList } from '../source-names.js';
import { adminOnly } from '../components/admin.js';

export async function documentsRoute(view, parts, params) {
  if (parts[0]) return documentPage(view, parts[0], params);
  return documentsPage(view, params);
}

async function documentsPage(view, params) {
  const all = await sourceList().all();
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
  const name = await sourceList().name(doc.source_id);
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
