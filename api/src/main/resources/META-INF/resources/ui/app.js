// KnowledgeHub web UI: a small single-page app over the public REST API (/api/v1), served by the api itself.
// Crawled text is untrusted: every value reaches the page through text nodes (h() in dom.js), never as markup.
// The page runs under a strict Content-Security-Policy: no inline script, handlers or style attributes.
//
// Native ES modules, no build step: api.js (calls, key, job stream), dom.js (element builder), router.js (hash
// routing), format.js (pure helpers), source-names.js, pages/<page>.js and components/<part>.js. This entry point
// says which page answers which section and follows the API key.

import { showNotice, authPrompt } from './dom.js';
import { jobStream, loadAuth, onAuth } from './api.js';
import { currentSection, render, startRouter } from './router.js';
import { dashboardPage } from './pages/dashboard.js';
import { sourcesRoute } from './pages/sources.js';
import { jobsPage } from './pages/jobs.js';
import { searchPage } from './pages/search.js';
import { documentsRoute } from './pages/documents.js';
import { settingsPage } from './pages/settings.js';

startRouter({
  '': dashboardPage,
  sources: sourcesRoute,
  jobs: jobsPage,
  search: searchPage,
  documents: documentsRoute,
  settings: settingsPage,
});

// a call answered 401: say so (with the way to Settings) until the user goes there
onAuth('required', e => {
  if (currentSection() !== 'settings') showNotice(authPrompt(e.detail), true, { sticky: true });
});

// a key was entered, forgotten or refused: the pages and the live stream follow what it may do
onAuth('changed', () => {
  jobStream.restart();
  render();
});

loadAuth().finally(render);
