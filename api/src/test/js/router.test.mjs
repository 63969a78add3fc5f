// Reading the location hash (ui/router.js), run by Node's built-in test runner: node --test api/src/test/js/*.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { navKey, parseHash } from '../../main/resources/META-INF/resources/ui/router.js';

const params = p => [...p.params.entries()];

test('an empty hash and #/ are the dashboard', () => {
  for (const hash of ['', '#', '#/', undefined]) {
    const route = parseHash(hash);
    assert.deepEqual(route.parts, [], String(hash));
    assert.deepEqual(params(route), []);
  }
});

test('the path splits into parts, empty parts left out', () => {
  assert.deepEqual(parseHash('#/sources').parts, ['sources']);
  assert.deepEqual(parseHash('#/sources/42/edit').parts, ['sources', '42', 'edit']);
  assert.deepEqual(parseHash('#//sources//new/').parts, ['sources', 'new']);
  assert.deepEqual(parseHash('#jobs').parts, ['jobs']);
});

test('a part that is not valid percent-encoding stays as written instead of failing the router', () => {
  assert.deepEqual(parseHash('#/documents/%E0%A4%A').parts, ['documents', '%E0%A4%A']);
  assert.deepEqual(parseHash('#/documents/%E0%A4%A/x%20y').parts, ['documents', '%E0%A4%A', 'x y']);
});

test('path parts are decoded, so an encoded slash stays inside its part', () => {
  assert.deepEqual(parseHash('#/documents/abc%2Fdef').parts, ['documents', 'abc/def']);
  assert.deepEqual(parseHash('#/sources/%C3%A9t%C3%A9%20docs').parts, ['sources', 'été docs']);
  assert.deepEqual(parseHash('#/documents/a%3Fb?chunk=1').parts, ['documents', 'a?b']);
});

test('the query becomes params, with repeated keys and decoded values', () => {
  const route = parseHash('#/search?q=connection%20pool&type=keyword&source=s1&source=s2&from=2025-01-01');
  assert.deepEqual(route.parts, ['search']);
  assert.equal(route.params.get('q'), 'connection pool');
  assert.equal(route.params.get('type'), 'keyword');
  assert.deepEqual(route.params.getAll('source'), ['s1', 's2']);
  assert.equal(route.params.get('from'), '2025-01-01');
  assert.equal(route.params.get('to'), null);
  assert.equal(parseHash('#/search?q=c%2B%2B+and+%22write-ahead+log%22').params.get('q'), 'c++ and "write-ahead log"');
});

test('a query built with URLSearchParams reads back as it was written', () => {
  const written = new URLSearchParams();
  written.set('q', 'a&b=c #d ?e');
  written.append('source', 'x/y');
  const route = parseHash(`#/search?${written}`);
  assert.deepEqual(route.parts, ['search']);
  assert.equal(route.params.get('q'), 'a&b=c #d ?e');
  assert.equal(route.params.get('source'), 'x/y');
});

test('a document link with a chunk keeps the chunk as a param', () => {
  const route = parseHash('#/documents/9f1c?chunk=3');
  assert.deepEqual(route.parts, ['documents', '9f1c']);
  assert.equal(route.params.get('chunk'), '3');
  assert.equal(route.params.has('chunk'), true);
  assert.equal(parseHash('#/documents/9f1c').params.has('chunk'), false);
});

test('the dashboard is the navigation entry of the empty section', () => {
  assert.equal(navKey(''), 'dashboard');
  assert.equal(navKey(undefined), 'dashboard');
  assert.equal(navKey('jobs'), 'jobs');
});
