// The search page: the query, its type and filters live in the URL (#/search?q=…), so a search can be bookmarked
// and the back button works; results show score, source, title, path and the highlighted snippet.

import { h, num, errorBox, externalLink } from '../dom.js';
import { api } from '../api.js';
import { scoreLabel, snippetParts } from '../format.js';
import { go } from '../router.js';
import { sourceList } from '../source-names.js';
import { adminOnly } from '../components/admin.js';

/** A snippet as text nodes and <mark> elements (see snippetParts): it never reaches the page as markup. */
function snippetNodes(snippet) {
  return snippetParts(snippet).map(({ text, marked }) => (marked ? h('mark', {}, text) : text));
}

const TYPES = [['hybrid', 'Hybrid', 'meaning and keywords (recommended)'], ['semantic', 'Semantic', 'by meaning'], ['keyword', 'Keyword', 'exact terms']];

export async function searchPage(view, _, params) {
  const all = await sourceList().all();
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
  const summary = h('p', { class: 'muted result-summary', id: 'result-summary' });
  const showSummary = (shown, total) => summary.replaceChildren(`${shown < total ? `${num(shown)} of ` : ''}${num(total)} result${total === 1 ? '' : 's'} · ${res.search_type} · ${num(res.took_ms)} ms`);
  showSummary(res.results.length, res.total);
  view.append(summary);
  if (!res.results.length) {
    view.append(h('div', { class: 'panel empty-state mt-12' }, h('h2', {}, 'No results'),
      h('p', {}, type === 'keyword'
        ? 'No page contains these terms. Try fewer words, a prefix like conf*, or a hybrid search.'
        : 'Nothing matched. Check the filters, or make sure the sources finished indexing (Jobs page).')));
    return;
  }
  const result = r => h('li', { class: 'panel result' },
    h('h3', {}, h('a', { href: `#/documents/${r.document_id}?chunk=${r.chunk_index}`, class: 'result-link' }, r.title || r.url)),
    h('div', { class: 'meta' },
      h('span', { class: 'score', title: 'Relevance from 0 to 1' }, h('meter', { min: 0, max: 1, low: 0.4, high: 0.6, optimum: 1, value: r.score, 'aria-label': 'relevance' }),
        r.score.toFixed(2), h('span', { class: 'muted' }, scoreLabel(r.score))),
      h('span', {}, r.source || names.get(r.source_id) || ''),
      h('span', { class: 'url' }, externalLink(r.url))),
    r.heading_path?.length ? h('div', { class: 'path' }, r.heading_path.join(' › ')) : null,
    h('p', { class: 'snippet' }, snippetNodes(r.snippet)));
  const list = h('ol', { class: 'results', id: 'results' }, res.results.map(result));
  view.append(list);
  const MAX_WINDOW = 1000; // offset + limit of a search at most (the API's bound)
  // the rest of the results, 20 at a time: the same search with an offset (its total is the same on every page)
  let shown = res.results.length;
  if (shown < res.total && shown + 20 <= MAX_WINDOW) {
    const more = h('button', { type: 'button', class: 'btn', id: 'more-results' }, 'Show more results');
    const place = h('div', { class: 'mt-12' }, more);
    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const next = await api('POST', '/api/v1/search', { ...body, offset: shown });
        list.append(...next.results.map(result));
        shown += next.results.length;
        showSummary(shown, next.total);
        // a search pages to its first MAX_WINDOW results (the API refuses an offset beyond)
        if (shown >= next.total || !next.results.length || shown + 20 > MAX_WINDOW) place.remove(); else more.disabled = false;
      } catch (e) {
        place.replaceChildren(errorBox(e));
      }
    });
    view.append(place);
  }
}
