// Talking to the KnowledgeHub REST API (/api/v1): the API key of this browser session, problem+json errors turned
// into sentences a user can act on, and the live job stream.
//
// The key lives in sessionStorage only (gone when the tab closes, never in localStorage, never in a URL) and is
// sent as X-API-Key. Every POST, PUT and PATCH carries a JSON body and Content-Type: application/json: the server
// refuses state changes without a JSON content type or a key header, so a cross-site form cannot make them.

const KEY = 'kh.api-key';

const events = new EventTarget();

/** Listens to {@code required} (a call answered 401) and {@code changed} (the key or what it may do changed). */
export function onAuth(type, fn) {
  events.addEventListener(type, fn);
  return () => events.removeEventListener(type, fn);
}

export function storedKey() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

let state = null;

/** What GET /api/v1/auth said for the stored key: {auth_enabled, authenticated, scope, key_id, key_name}, or null. */
export const auth = () => state;

/** With auth off (or before the server said) everything is allowed, exactly as before keys existed. */
export const canAdmin = () => !state || !state.auth_enabled || state.scope === 'admin';

/** The tooltip of a control that needs an admin key. */
export function needsAdminText() {
  return state?.scope === 'read'
    ? 'Your key has read access; this needs an admin key (Settings).'
    : 'This needs an admin key: enter one in Settings.';
}

const OFF = Object.freeze({ auth_enabled: false, authenticated: true, scope: 'admin', key_id: null, key_name: null });

/** Asks the server what {@code key} may do; answers 401 or authenticated false when the key is not accepted. */
export function whoIs(key) {
  return api('GET', '/api/v1/auth', undefined, { key, silent: true });
}

/** Reads the auth state of the stored key; a stored key the server no longer accepts is forgotten. */
export async function loadAuth() {
  const key = storedKey();
  try {
    state = await whoIs(key);
    if (key && !state.authenticated) {
      dropKey();
      state = await whoIs('');
    }
  } catch (e) {
    if (e.status === 401 && key) {
      dropKey();
      return loadAuth();
    }
    // a server without key support, or one that cannot be reached now (the pages say so themselves)
    state = e.status === 404 ? OFF : null;
  }
  return state;
}

/** Stores a key the server accepted (see {@link whoIs}) and tells the pages. */
export async function useKey(key, who) {
  sessionStorage.setItem(KEY, key);
  state = who;
  events.dispatchEvent(new Event('changed'));
}

export async function forgetKey() {
  dropKey();
  await loadAuth();
  events.dispatchEvent(new Event('changed'));
}

function dropKey() {
  try {
    sessionStorage.removeItem(KEY);
  } catch { /* storage switched off: nothing was stored */ }
}

const ACTIONS = [
  [/^POST \/api\/v1\/sources\/refresh-all$/, 'refreshing sources'],
  [/^POST \/api\/v1\/sources\/[^/]+\/refresh$/, 'refreshing sources'],
  [/^POST \/api\/v1\/sources$/, 'creating sources'],
  [/^PATCH \/api\/v1\/sources\//, 'editing sources'],
  [/^DELETE \/api\/v1\/sources\//, 'deleting sources'],
  [/^POST \/api\/v1\/jobs\/[^/]+\/cancel$/, 'cancelling jobs'],
  [/^POST \/api\/v1\/jobs\/[^/]+\/retry$/, 'retrying jobs'],
  [/^\w+ \/api\/v1\/keys/, 'managing API keys'],
  [/^POST \/api\/v1\/index\/rebuild$/, 'rebuilding the index'],
];

/** The sentence of a 403 caused by the key's scope, e.g. "Your key has read access; creating sources needs an admin key." */
export function forbiddenMessage(method, path, scope) {
  const route = `${method} ${path.split('?')[0]}`;
  const action = ACTIONS.find(([re]) => re.test(route))?.[1] ?? 'this action';
  return scope
    ? `Your key has ${scope} access; ${action} needs an admin key.`
    : `${action.charAt(0).toUpperCase()}${action.slice(1)} needs an admin key.`;
}

/**
 * One API call. Resolves to the parsed body (null for 204); rejects with an Error whose message is a sentence for
 * the user, with {@code status}, {@code problem} and, for 401/403 about keys, {@code auth} ('missing', 'rejected',
 * 'scope') and {@code lead} (the message without its "Enter one in Settings.").
 */
export async function api(method, path, body, { key = storedKey(), silent = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers['X-API-Key'] = key;
  const options = { method, headers, cache: 'no-store' };
  if (body !== undefined || method === 'POST' || method === 'PUT' || method === 'PATCH') {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body === undefined ? {} : body);
  }
  let res;
  try {
    res = await fetch(path, options);
  } catch {
    throw Object.assign(new Error('The KnowledgeHub server cannot be reached. Is it running?'), { status: 0 });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('content-type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (res.ok) return data;

  const problem = data && typeof data === 'object' ? data : null;
  const detail = (problem && (problem.detail || problem.title)) || `The server answered ${res.status}.`;
  if (res.status === 401) {
    const lead = key
      ? `Your API key was not accepted: ${detail}`
      : 'This KnowledgeHub needs an API key.';
    const error = Object.assign(new Error(`${lead} Enter one in Settings.`),
      { status: 401, problem, auth: key ? 'rejected' : 'missing', lead });
    if (!silent) {
      if (key && key === storedKey()) {
        // a revoked or unknown key is forgotten; the page stays as it is, showing the prompt, until the user acts
        dropKey();
        await loadAuth();
      }
      events.dispatchEvent(new CustomEvent('required', { detail: error }));
    }
    throw error;
  }
  if (res.status === 403 && state?.auth_enabled && state.scope !== 'admin') {
    throw Object.assign(new Error(forbiddenMessage(method, path, state.scope)), { status: 403, problem, auth: 'scope' });
  }
  throw Object.assign(new Error(detail), { status: res.status, problem });
}

// ---------------------------------------------------------------- live job updates (server-sent events)

/**
 * The job event stream, shared by the pages that show jobs. EventSource cannot send headers, so before every
 * connection (the first and each reconnection) the stream asks POST /api/v1/auth/event-ticket, with the key
 * header, for a short-lived ticket and connects to /api/v1/jobs/events?ticket=…; the key itself never appears in
 * a URL. When the stream breaks it is closed (EventSource would retry with the same, soon expired ticket, and
 * gives up by itself on an HTTP error) and reconnected with a fresh ticket after a growing pause. After a
 * reconnection the pages re-read what they show, since events may have been missed meanwhile.
 */
export const jobStream = {
  source: null,
  listeners: new Set(),
  resyncs: new Set(),
  attempt: 0,
  missed: false,
  timer: null,
  generation: 0,

  /** Calls {@code fn(job)} for every job event and {@code resync()} after a reconnection; returns the unsubscribe. */
  subscribe(fn, resync) {
    this.listeners.add(fn);
    if (resync) this.resyncs.add(resync);
    if (!this.source && !this.timer && this.listeners.size === 1) this.connect();
    return () => {
      this.listeners.delete(fn);
      if (resync) this.resyncs.delete(resync);
      if (this.listeners.size === 0) this.stop();
    };
  },

  async connect() {
    const generation = ++this.generation;
    this.timer = null;
    let url = '/api/v1/jobs/events';
    try {
      const { ticket } = await api('POST', '/api/v1/auth/event-ticket', {}, { silent: true });
      url += `?ticket=${encodeURIComponent(ticket)}`;
    } catch (e) {
      if (generation !== this.generation) return;
      if (e.status === 401 || e.status === 403) {
        // no usable key: the pages show the prompt; a new key restarts the stream (restart below)
        events.dispatchEvent(new CustomEvent('required', { detail: e }));
        return;
      }
      if (e.status !== 404 && e.status !== 405) return this.retryLater(generation);
      // 404/405: a server without tickets, whose stream needs none
    }
    if (generation !== this.generation || !this.listeners.size) return;
    const source = new EventSource(url);
    this.source = source;
    const connected = () => {
      this.attempt = 0;
      if (this.missed) {
        this.missed = false;
        this.resyncs.forEach(fn => fn());
      }
    };
    source.addEventListener('open', connected);
    source.addEventListener('job', e => {
      connected();
      let job;
      try { job = JSON.parse(e.data); } catch { return; }
      this.listeners.forEach(fn => fn(job));
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      source.close();
      this.source = null;
      this.missed = true;
      this.retryLater(generation);
    });
  },

  retryLater(generation) {
    if (generation !== this.generation || !this.listeners.size) return;
    const delay = Math.min(30000, 1000 * 2 ** this.attempt) * (0.75 + Math.random() * 0.5);
    this.attempt = Math.min(this.attempt + 1, 10);
    this.timer = setTimeout(() => { if (generation === this.generation) this.connect(); }, delay);
  },

  stop() {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = null;
    this.source?.close();
    this.source = null;
    this.attempt = 0;
  },

  /** Reconnects at once with a ticket for the current key (after the key changed). */
  restart() {
    const wasOpen = !!this.source;
    this.stop();
    if (this.listeners.size) {
      this.missed = this.missed || wasOpen;
      this.connect();
    }
  },
};
