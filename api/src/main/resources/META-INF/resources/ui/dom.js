// Building the page without markup: every value reaches the page through text nodes, never parsed as HTML.
// The page runs under a strict Content-Security-Policy: no inline script, no inline event handlers and no style
// attributes, so presentation goes through classes in app.css.
// Importing this module touches nothing on the page; its functions do when called.

import { ago } from './format.js';

export { fmt, num, ago } from './format.js';

/** Creates an element. Strings and numbers among the children become text nodes, so they are never parsed as HTML. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'style') throw new Error('Style attributes are refused by the Content-Security-Policy: use a class.');
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value' && 'value' in el) el.value = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

const noticeBox = () => document.getElementById('notice');

/** A short message under the navigation; {@code content} is text or nodes (e.g. a link to Settings). */
export function showNotice(content, isError = false, { sticky = false } = {}) {
  const notice = noticeBox();
  notice.className = isError ? 'error' : '';
  notice.replaceChildren();
  append(notice, [content]);
  clearTimeout(showNotice.timer);
  if (!sticky) showNotice.timer = setTimeout(() => notice.replaceChildren(), isError ? 12000 : 6000);
}

export function clearNotice() {
  clearTimeout(showNotice.timer);
  noticeBox().replaceChildren();
}

/** The words of a 401 prompt, e.g. "This KnowledgeHub needs an API key. Enter one in Settings." with a link to Settings. */
export function authPrompt(error) {
  if (error.auth === 'scope') return [error.message];
  return [error.lead || error.message, ' Enter one in ', h('a', { href: '#/settings', class: 'settings-link' }, 'Settings'), '.'];
}

/** A failed page or action; a missing or refused key (the notice above says why) gets the way to Settings. */
export function errorBox(error) {
  const box = h('div', { class: 'alert error', role: 'alert' });
  if (error && (error.auth === 'missing' || error.auth === 'rejected')) {
    box.dataset.auth = error.auth;
    return append(box, [error.auth === 'missing' ? 'This page needs an API key. ' : 'This page needs a valid API key. ',
      h('a', { href: '#/settings', class: 'btn small' }, 'Open Settings')]);
  }
  if (error?.auth) box.dataset.auth = error.auth;
  return append(box, [error?.message || String(error)]);
}

/** Only http(s) links are rendered as links; anything else (javascript:, data:) is shown as text. */
export function safeHref(url) {
  try {
    const u = new URL(url, location.href);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

export function externalLink(url, text) {
  const href = safeHref(url);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text ?? url) : h('span', {}, text ?? url);
}

export function time(iso) {
  return iso ? h('time', { datetime: iso, title: new Date(iso).toLocaleString() }, ago(iso)) : '–';
}

export const badge = (status, label) => h('span', { class: `badge ${status || ''}` }, label ?? status ?? 'unknown');

/** A modal question; resolves to true when the user confirms. */
export function confirmDialog(title, text, confirmLabel) {
  return new Promise(resolve => {
    const dialog = h('dialog', { 'aria-labelledby': 'dlg-title' },
      h('h2', { id: 'dlg-title', class: 'mt-0' }, title), h('p', {}, text),
      h('form', { method: 'dialog', class: 'actions' },
        h('button', { value: 'cancel', type: 'submit' }, 'Keep it'),
        h('button', { value: 'ok', class: 'danger solid', type: 'submit' }, confirmLabel)));
    dialog.addEventListener('close', () => { dialog.remove(); resolve(dialog.returnValue === 'ok'); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
