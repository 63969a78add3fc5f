// Every module of the web UI but the entry point loads without a page: the pure helpers are usable (and testable)
// on their own, and no module reaches for the page before the app starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ui = new URL('../../main/resources/META-INF/resources/ui/', import.meta.url);

function modules(dir, prefix = '') {
  return readdirSync(fileURLToPath(dir), { withFileTypes: true }).flatMap(entry => {
    if (entry.isDirectory()) return modules(new URL(`${entry.name}/`, dir), `${prefix}${entry.name}/`);
    return entry.name.endsWith('.js') ? [`${prefix}${entry.name}`] : [];
  });
}

test('the UI is split into modules, with the pages and components in their folders', () => {
  const all = modules(ui);
  for (const expected of ['app.js', 'api.js', 'dom.js', 'router.js', 'format.js', 'pages/search.js', 'components/jobs.js']) {
    assert.ok(all.includes(expected), `${expected} among ${all}`);
  }
});

for (const name of modules(ui).filter(m => m !== 'app.js')) {
  test(`${name} imports without a page`, async () => {
    const loaded = await import(new URL(name, ui));
    assert.ok(Object.keys(loaded).length > 0, `${name} exports something`);
  });
}
