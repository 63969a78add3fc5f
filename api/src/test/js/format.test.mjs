// The web UI's pure helpers (ui/format.js), run by Node's built-in test runner: node --test api/src/test/js/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  ago, decodeEntities, duration, fmt, healthDetail, mergePatch, num, parseConfig, scoreLabel, snippetParts,
} from '../../main/resources/META-INF/resources/ui/format.js';

test('num shows a dash for a missing number and formats the rest', () => {
  assert.equal(num(undefined), '–');
  assert.equal(num(null), '–');
  assert.equal(num(0), '0');
  assert.equal(num(1234567), fmt.format(1234567));
});

test('ago counts seconds, minutes, hours and days back from now', () => {
  const now = Date.parse('2025-03-01T12:00:00Z');
  const back = s => new Date(now - s * 1000).toISOString();
  assert.equal(ago(null, now), '–');
  assert.equal(ago(back(2), now), 'just now');
  assert.equal(ago(back(42), now), '42 s ago');
  assert.equal(ago(back(5 * 60), now), '5 min ago');
  assert.equal(ago(back(3 * 3600), now), '3 h ago');
  assert.equal(ago(back(2 * 86400), now), '2 d ago');
});

test('decodeEntities turns the escapes of escaped text back into the characters', () => {
  assert.equal(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#x27; &apos;f&apos;'), `a & b <c> "d" 'e' 'f'`);
  assert.equal(decodeEntities('caf&#233; &#x1F600; &#X41;'), 'café 😀 A');
});

test('decodeEntities decodes once: escaped entity text stays entity text', () => {
  assert.equal(decodeEntities('&amp;lt;'), '&lt;');
  assert.equal(decodeEntities('&amp;#60; and &amp;#x3C;'), '&#60; and &#x3C;');
});

test('decodeEntities leaves a reference to no character as it is', () => {
  assert.equal(decodeEntities('&#99999999; &#x110000;'), '&#99999999; &#x110000;');
  assert.equal(decodeEntities('&nbsp; &copy; &AMP;'), '&nbsp; &copy; &AMP;');
});

test('snippetParts splits a snippet into marked and unmarked text', () => {
  assert.deepEqual(snippetParts('configure the <mark>connection</mark> <mark>pool</mark> size'), [
    { text: 'configure the ', marked: false },
    { text: 'connection', marked: true },
    { text: ' ', marked: false },
    { text: 'pool', marked: true },
    { text: ' size', marked: false },
  ]);
  assert.deepEqual(snippetParts('no match here'), [{ text: 'no match here', marked: false }]);
  assert.deepEqual(snippetParts(''), []);
  assert.deepEqual(snippetParts(null), []);
});

test('snippetParts decodes escaped markup into text, inside and outside marks', () => {
  assert.deepEqual(snippetParts('&lt;script&gt;alert(1)&lt;/script&gt; <mark>a &amp; b</mark>'), [
    { text: '<script>alert(1)</script> ', marked: false },
    { text: 'a & b', marked: true },
  ]);
});

test('snippetParts reads only <mark> and </mark> as tags: other markup stays literal text', () => {
  const raw = '<img src=x onerror=alert(1)><b>bold</b><MARK>upper</MARK><mark class="x">attr<Mark >';
  assert.deepEqual(snippetParts(raw), [{ text: raw, marked: false }]);
  const parts = snippetParts('<mark><script>alert(1)</script></mark>');
  assert.deepEqual(parts, [{ text: '<script>alert(1)</script>', marked: true }]);
  // every part is plain data: a string and a flag, nothing that could be parsed as markup on its way to the page
  for (const part of snippetParts('a <mark>b</mark> <i>c</i>')) {
    assert.deepEqual(Object.keys(part).sort(), ['marked', 'text']);
    assert.equal(typeof part.text, 'string');
  }
});

test('snippetParts keeps escaped entity text and bad references as text', () => {
  assert.deepEqual(snippetParts('write &amp;lt;b&amp;gt; for <mark>&lt;b&gt;</mark> &#99999999;'), [
    { text: 'write &lt;b&gt; for ', marked: false }, { text: '<b>', marked: true }, { text: ' &#99999999;', marked: false },
  ]);
});

test('snippetParts copes with marks that are not balanced', () => {
  assert.deepEqual(snippetParts('a</mark>b<mark>c'), [
    { text: 'a', marked: false }, { text: 'b', marked: false }, { text: 'c', marked: true },
  ]);
});

test('duration is empty before a job starts and counts seconds, then minutes and seconds', () => {
  const started = '2025-03-01T12:00:00Z';
  const at = s => new Date(Date.parse(started) + s * 1000).toISOString();
  assert.equal(duration({ started_at: null }), '');
  assert.equal(duration({ started_at: started, completed_at: at(42) }), '42 s');
  assert.equal(duration({ started_at: started, completed_at: at(59.6) }), '1 min 0 s');
  assert.equal(duration({ started_at: started, completed_at: at(185) }), '3 min 5 s');
  assert.equal(duration({ started_at: started, completed_at: at(3725) }), '62 min 5 s');
});

test('duration of a running job counts up to now, never below zero', () => {
  const started = '2025-03-01T12:00:00Z';
  assert.equal(duration({ started_at: started }, new Date('2025-03-01T12:00:07Z')), '7 s');
  assert.equal(duration({ started_at: started }, new Date('2025-03-01T11:59:00Z')), '0 s');
});

test('scoreLabel names the bands of the relevance score', () => {
  assert.equal(scoreLabel(0.93), 'excellent match');
  assert.equal(scoreLabel(0.8), 'excellent match');
  assert.equal(scoreLabel(0.79), 'good match');
  assert.equal(scoreLabel(0.6), 'good match');
  assert.equal(scoreLabel(0.59), 'moderate match');
  assert.equal(scoreLabel(0.4), 'moderate match');
  assert.equal(scoreLabel(0.39), 'weak match: consider rephrasing');
  assert.equal(scoreLabel(0), 'weak match: consider rephrasing');
});

test('healthDetail shows up to four scalar details with units', () => {
  assert.equal(healthDetail(null), '');
  assert.equal(healthDetail({
    heap_used_bytes: 512 * 1048576, uptime_seconds: 300, latency_ms: 12.34, pool: { size: 4 }, note: null, mode: 'embedded',
  }), `heap used: 512 MiB · uptime: 5 min · latency (ms): ${fmt.format(12.3)} · mode: embedded`);
  assert.equal(healthDetail({ a_seconds: 90, b_seconds: 3 * 3600, c: 1500, d: true, e: 'left out' }),
    `a: 90 s · b: 3 h · c: ${fmt.format(1500)} · d: true`);
});

/** RFC 7396 applied to a document, to check that a patch turns one config into the other. */
function applyMergePatch(target, patch) {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = applyMergePatch(out[key], value);
  }
  return out;
}

test('mergePatch of an unchanged config is empty', () => {
  const config = { max_depth: 3, follow_patterns: ['**/docs/**'], scheduler: { refresh_schedule: '0 3 * * *' } };
  assert.deepEqual(mergePatch(config, structuredClone(config)), {});
});

test('mergePatch sends changed values, null for removed keys and only the changed keys of nested objects', () => {
  const from = {
    max_depth: 3, max_pages: 200, exclude_patterns: ['**/blog/**'],
    content_extraction: { exclude_selectors: ['nav'], keep: true }, scheduler: { refresh_schedule: '0 3 * * *' },
  };
  const to = {
    max_depth: 5, exclude_patterns: ['**/blog/**', '**/news/**'],
    content_extraction: { exclude_selectors: ['nav'] }, scheduler: { refresh_schedule: '0 3 * * *' }, crawl_delay: 0.5,
  };
  assert.deepEqual(mergePatch(from, to), {
    max_depth: 5, max_pages: null, exclude_patterns: ['**/blog/**', '**/news/**'],
    content_extraction: { keep: null }, crawl_delay: 0.5,
  });
});

test('mergePatch replaces arrays whole and swaps objects for values and back', () => {
  assert.deepEqual(mergePatch({ a: [1, 2, 3] }, { a: [1, 2] }), { a: [1, 2] });
  assert.deepEqual(mergePatch({ a: { b: 1 } }, { a: 'flat' }), { a: 'flat' });
  assert.deepEqual(mergePatch({ a: 'flat' }, { a: { b: 1 } }), { a: { b: 1 } });
  assert.deepEqual(mergePatch(undefined, { a: 1 }), { a: 1 });
  assert.deepEqual(mergePatch(null, {}), {});
});

test('mergePatch applied to the old config gives the new one', () => {
  const cases = [
    [{}, { max_depth: 2 }],
    [{ max_depth: 2, render_js: true }, {}],
    [{ a: { b: { c: 1, d: 2 } }, e: [1] }, { a: { b: { c: 1 } }, e: [] }],
    [{ a: { b: 1 } }, { a: { b: 1, c: { d: 'x' } } }],
    [{ a: [{ b: 1 }] }, { a: [{ b: 2 }] }],
  ];
  for (const [from, to] of cases) assert.deepEqual(applyMergePatch(from, mergePatch(from, to)), to);
});

test('parseConfig reads a JSON object; empty text is the defaults', () => {
  assert.deepEqual(parseConfig(''), {});
  assert.deepEqual(parseConfig('  \n '), {});
  assert.deepEqual(parseConfig(' {"max_depth": 2, "scheduler": {"refresh_schedule": "0 3 * * *"}} '),
    { max_depth: 2, scheduler: { refresh_schedule: '0 3 * * *' } });
});

test('parseConfig refuses what is not a JSON object, for the config field', () => {
  for (const text of ['[1, 2]', 'null', '3', '"text"']) {
    assert.throws(() => parseConfig(text), { message: 'The configuration must be a JSON object: { … }.', field: 'config' }, text);
  }
  assert.throws(() => parseConfig('{"max_depth": }'), e => e.field === 'config' && e.message.startsWith('Not valid JSON: '));
});
