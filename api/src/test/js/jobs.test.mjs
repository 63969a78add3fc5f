// How job counters read (ui/components/jobs.js), run by Node's built-in test runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { counterEntries } from '../../main/resources/META-INF/resources/ui/components/jobs.js';
import { fmt } from '../../main/resources/META-INF/resources/ui/format.js';

test('a crawl shows its counters in reading order, efficiency as a percentage', () => {
  const job = { result: { pages_unchanged: 80, pages_checked: 100, efficiency: 80, pages_new: 5, pages_denied: 1 } };
  assert.deepEqual(counterEntries(job), [
    ['pages_checked', 'checked', '100'], ['pages_new', 'new', '5'], ['pages_unchanged', 'unchanged', '80'],
    ['pages_denied', 'refused address', '1'], ['efficiency', 'efficiency', '80%'],
  ]);
});

test('an indexing job shows its chunks, and zero counts are shown while absent ones are not', () => {
  const job = { result: { documents_indexed: 1200, chunks_embedded: 0, chunks_reused: null, warnings: ['slow'] } };
  assert.deepEqual(counterEntries(job), [
    ['documents_indexed', 'documents', fmt.format(1200)], ['chunks_embedded', 'embedded', '0'],
  ]);
});

test('a job without counters shows its page progress when it knows the total', () => {
  assert.deepEqual(counterEntries({ result: null, processed_pages: 3, total_pages: 10 }), [[null, 'pages', '3 / 10']]);
  assert.deepEqual(counterEntries({ result: {}, processed_pages: 0, total_pages: 0 }), []);
  assert.deepEqual(counterEntries({}), []);
});
