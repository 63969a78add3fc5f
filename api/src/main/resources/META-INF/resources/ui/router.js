// Hash routing: #/section/part…?params picks a page from the route table given to startRouter, which renders into
// a fresh view. A page is called as page(view, parts, params, onLeave): parts are the decoded path parts after the
// section, params the query, and onLeave(...fns) registers what to undo when the user leaves the page (a job event
// subscription, a timer). The view replaces the page only if the user has not moved on while it loaded.
// Importing this module touches nothing on the page (parseHash and navKey are pure); startRouter does.

import { h, errorBox, clearNotice } from './dom.js';

/** The decoded path parts and the query of a location hash such as "#/documents/abc?chunk=3". */
export function parseHash(hash) {
  const raw = String(hash || '').replace(/^#/, '') || '/';
  const [path, query] = raw.split('?');
  // a part that is not valid percent-encoding (a link cut short: %E0%A4%A) stays as written, so that the page can
  // say it knows no such item instead of the router failing
  const decode = part => { try { return decodeURIComponent(part); } catch { return part; } };
  return { parts: path.split('/').filter(Boolean).map(decode), params: new URLSearchParams(query || '') };
}

/** The data-nav entry of the navigation that a section belongs to (the dashboard is the empty section). */
export const navKey = section => section || 'dashboard';

/** The first path part of the current location, '' on the dashboard. */
export const currentSection = () => parseHash(location.hash).parts[0] || '';

let routes = {};
let cleanup = [];
let renderSeq = 0;

/** Draws the page of the current location, after undoing what the previous page registered with onLeave. */
export async function render() {
  cleanup.forEach(fn => fn());
  cleanup = [];
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  const { parts, params } = parseHash(location.hash);
  const section = parts[0] || '';
  for (const a of document.querySelectorAll('[data-nav]')) {
    const current = a.dataset.nav === navKey(section);
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const page = Object.hasOwn(routes, section) ? routes[section] : undefined;
  const view = h('div', { class: 'view' });
  main.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  try {
    if (!page) throw new Error(`There is no page "${location.hash}". Use the navigation above.`);
    // a page that finishes loading after the user moved on registers into the current page's list, which the
    // next navigation undoes
    await page(view, parts.slice(1), params, (...fns) => cleanup.push(...fns));
  } catch (error) {
    view.replaceChildren(errorBox(error));
  }
  if (seq !== renderSeq) return; // the user moved on while this page loaded
  main.replaceChildren(view);
  const heading = view.querySelector('h1');
  document.title = heading ? `${heading.textContent} · KnowledgeHub` : 'KnowledgeHub';
}

/** Navigates to {@code hash}; the current location is drawn again. */
export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

/** Follows the location hash with {@code table} (section → page); the first render is the caller's. */
export function startRouter(table) {
  routes = table;
  window.addEventListener('hashchange', () => {
    if (currentSection() === 'settings') clearNotice();
    render().then(() => document.getElementById('main').focus({ preventScroll: true }));
  });
}
