// The Settings page: whether this KnowledgeHub needs API keys, the key of this browser session and, for admin
// keys, the list of keys with create and revoke.

import { h, badge, time, errorBox, showNotice, confirmDialog } from '../dom.js';
import { api, auth, canAdmin, forgetKey, loadAuth, storedKey, useKey, whoIs } from '../api.js';

export async function settingsPage(view) {
  const state = await loadAuth();
  if (!state) throw new Error('The KnowledgeHub server cannot be reached. Is it running?');
  view.append(h('h1', {}, 'Settings'), h('p', { class: 'lead' }, 'API access from this browser and the API keys of this KnowledgeHub.'));

  view.append(h('section', { class: 'panel settings-section', 'aria-labelledby': 'auth-h', id: 'auth-status' },
    h('h2', { id: 'auth-h', class: 'mt-0' }, 'Authentication ', state.auth_enabled ? badge('active', 'on') : badge('paused', 'off')),
    state.auth_enabled
      ? h('p', {}, 'This KnowledgeHub needs an API key for its API. A read key can browse and search; an admin key can also change sources, run jobs and manage keys.')
      : h('p', {}, 'Authentication is off: everyone who can reach this server can use all of it, and no key is needed. Set KH_AUTH_ENABLED=true (and KH_ADMIN_API_KEY) to require keys; keys created below work once it is on.')));

  if (state.auth_enabled) view.append(keySection(state));
  if (canAdmin()) view.append(await keysSection(state));
}

/** The key of this browser session: what it may do, forget it, or enter one. */
function keySection(state) {
  const section = h('section', { class: 'panel settings-section', 'aria-labelledby': 'key-h', id: 'your-key' },
    h('h2', { id: 'key-h', class: 'mt-0' }, 'Your API key'));
  if (storedKey() && state.authenticated) {
    section.append(
      h('dl', { class: 'meta-list', id: 'key-info' },
        h('dt', {}, 'Name'), h('dd', { id: 'key-name-current' }, state.key_name || state.key_id || 'unnamed key'),
        h('dt', {}, 'Scope'), h('dd', { id: 'key-scope-current' }, badge(state.scope === 'admin' ? 'active' : 'running', state.scope))),
      h('p', { class: 'muted' }, state.scope === 'admin'
        ? 'This key may do everything, including managing keys.'
        : 'This key may browse, search and follow jobs; changing sources and running jobs need an admin key.'),
      h('p', { class: 'muted' }, 'The key is kept only for this browser tab (session storage) and is gone when the tab closes.'),
      h('button', { type: 'button', id: 'forget-key', onclick: async () => {
        await forgetKey();
        showNotice('The API key is forgotten in this browser.');
      } }, 'Forget key'));
    return section;
  }
  const input = h('input', { id: 'api-key', name: 'api-key', type: 'password', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'kh_…', 'aria-describedby': 'api-key-hint api-key-error' });
  const error = h('div', { class: 'field-error', id: 'api-key-error', role: 'alert' });
  const submit = h('button', { class: 'primary', type: 'submit' }, 'Use this key');
  const form = h('form', { class: 'stack', id: 'key-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    error.textContent = '';
    const key = input.value.trim();
    if (!key) {
      error.textContent = 'Paste the API key you were given, e.g. kh_…';
      input.focus();
      return;
    }
    submit.disabled = true;
    try {
      const who = await whoIs(key);
      if (!who.authenticated) throw new Error('This key was not accepted: the server does not know it.');
      await useKey(key, who);
      showNotice(`Key "${who.key_name || who.key_id}" with ${who.scope} access is used from now on.`);
    } catch (err) {
      error.textContent = err.status === 401 ? `This key was not accepted: ${err.problem?.detail || 'unknown or revoked key.'}` : err.message;
      input.focus();
    } finally {
      submit.disabled = false;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'api-key' }, 'API key'), input,
    h('div', { class: 'hint', id: 'api-key-hint' }, 'Kept only for this browser tab (session storage), never in the address bar.'), error),
  h('div', { class: 'actions' }, submit));
  section.append(h('p', {}, 'No key is used in this browser yet. Ask an administrator for one, or use the admin key the server was started with (KH_ADMIN_API_KEY).'), form);
  return section;
}

/** The keys of this KnowledgeHub (admin only): a new key is shown once; revoking asks first. */
async function keysSection(state) {
  const section = h('section', { class: 'panel settings-section', 'aria-labelledby': 'keys-h', id: 'api-keys' },
    h('h2', { id: 'keys-h', class: 'mt-0' }, 'API keys'));
  const created = h('div', { id: 'new-key-box', role: 'status' });
  const tableBox = h('div', {});
  const name = h('input', { id: 'new-key-name', name: 'name', maxlength: 100, autocomplete: 'off', placeholder: 'e.g. CI search bot', 'aria-describedby': 'new-key-error' });
  const scope = h('select', { id: 'new-key-scope', name: 'scope' },
    h('option', { value: 'read' }, 'read — browse, search, follow jobs'),
    h('option', { value: 'admin' }, 'admin — everything, including keys'));
  const error = h('div', { class: 'field-error', id: 'new-key-error', role: 'alert' });
  const submit = h('button', { class: 'primary', type: 'submit' }, 'Create key');

  const load = async () => {
    try {
      const list = await api('GET', '/api/v1/keys');
      tableBox.replaceChildren(table(list.keys || []));
    } catch (e) {
      tableBox.replaceChildren(errorBox(e));
    }
  };

  const table = keys => {
    if (!keys.length) return h('p', { class: 'muted' }, 'No keys yet. The admin key the server was started with is not listed here.');
    return h('div', { class: 'table-wrap' }, h('table', { class: 'responsive', id: 'keys-table' },
      h('thead', {}, h('tr', {}, ['Name', 'Scope', 'Created', 'Last used', 'Status', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, keys.map(k => h('tr', { dataset: { key: k.id, revoked: k.revoked_at ? 'true' : 'false' } },
        h('td', { 'data-label': 'Name' }, h('strong', {}, k.name), k.id === state.key_id ? h('div', { class: 'sub' }, 'used by this browser') : null),
        h('td', { 'data-label': 'Scope' }, badge(k.scope === 'admin' ? 'active' : 'running', k.scope)),
        h('td', { 'data-label': 'Created' }, time(k.created_at)),
        h('td', { 'data-label': 'Last used' }, k.last_used_at ? time(k.last_used_at) : h('span', { class: 'muted' }, 'never')),
        h('td', { 'data-label': 'Status' }, k.revoked_at ? [badge('failed', 'revoked'), ' ', time(k.revoked_at)] : badge('completed', 'active')),
        h('td', { 'data-label': 'Actions' }, k.revoked_at ? null : h('button', { class: 'small danger', type: 'button',
          'aria-label': `Revoke ${k.name}`, onclick: () => revoke(k) }, 'Revoke')))))));
  };

  const revoke = async k => {
    const ok = await confirmDialog(`Revoke "${k.name}"?`,
      'Everything using this key is refused from now on. This cannot be undone; create a new key to give access again.', 'Revoke key');
    if (!ok) return;
    try {
      await api('DELETE', `/api/v1/keys/${encodeURIComponent(k.id)}`);
      showNotice(`Key "${k.name}" revoked.`);
      if (k.id === auth()?.key_id) await forgetKey();
      else await load();
    } catch (e) {
      showNotice(e.message, true);
    }
  };

  const copyButton = input => h('button', { type: 'button', id: 'copy-new-key', onclick: async () => {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch {
      document.execCommand('copy');
    }
    showNotice('The key is copied to the clipboard.');
  } }, 'Copy');

  const form = h('form', { class: 'key-create', id: 'new-key-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    error.textContent = '';
    if (!name.value.trim()) {
      error.textContent = 'Give the key a name that says who or what uses it.';
      name.focus();
      return;
    }
    submit.disabled = true;
    try {
      const k = await api('POST', '/api/v1/keys', { name: name.value.trim(), scope: scope.value });
      const value = h('input', { id: 'new-key-value', readonly: true, value: k.key, 'aria-label': `The new key ${k.name}`, spellcheck: 'false' });
      created.replaceChildren(h('div', { class: 'alert info new-key' },
        h('p', { class: 'mt-0' }, 'New ', h('strong', {}, k.scope), ' key ', h('strong', {}, `"${k.name}"`), ':'),
        h('div', { class: 'copy-row' }, value, copyButton(value)),
        h('p', { class: 'once' }, 'Copy it now: you won\'t see it again. KnowledgeHub keeps only a hash of it.')));
      name.value = '';
      await load();
      value.focus();
      value.select();
    } catch (err) {
      error.textContent = err.message;
    } finally {
      submit.disabled = false;
    }
  } },
  h('div', { class: 'field' }, h('label', { for: 'new-key-name' }, 'Name'), name),
  h('div', { class: 'field' }, h('label', { for: 'new-key-scope' }, 'Scope'), scope),
  h('div', { class: 'field' }, submit),
  error);

  section.append(h('p', { class: 'muted' }, 'Keys are shown once, when they are created; KnowledgeHub stores only a hash. A revoked key is refused at once.'),
    form, created, tableBox);
  await load();
  return section;
}
