// Pure helpers of the web UI: values in, text or plain data out. Nothing here touches the page (no document, no
// window), so Node's test runner imports this module as it is (api/src/test/js).

export const fmt = new Intl.NumberFormat();
export const num = n => (n === undefined || n === null ? '–' : fmt.format(n));

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago"; "–" without a time. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '–';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86400)} d ago`;
}

const NAMED = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * The text an HTML-escaped string stands for: the named entities of escaping and numeric references, decoded in
 * one pass (escaped entity text such as "&amp;#60;" stays "&#60;"); a reference to no character stays as it is.
 */
export function decodeEntities(text) {
  return text.replace(/&(?:(amp|lt|gt|quot|apos)|#(\d+)|#[xX]([0-9a-fA-F]+));/g, (m, name, dec, hex) => {
    if (name) return NAMED[name];
    const code = dec !== undefined ? Number(dec) : parseInt(hex, 16);
    return code <= 0x10FFFF ? String.fromCodePoint(code) : m;
  });
}

/**
 * A search snippet is escaped text with the matches wrapped in <mark>. It becomes a list of {text, marked} parts
 * of plain text: only <mark> and </mark> are read as tags, anything else that looks like markup stays text, so even
 * a snippet that was not escaped properly could not inject markup once the parts are shown as text nodes.
 */
export function snippetParts(snippet) {
  const out = [];
  let marked = false;
  for (const part of String(snippet || '').split(/(<mark>|<\/mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) out.push({ text: decodeEntities(part), marked });
  }
  return out;
}

/** How long a job ran ("42 s", "3 min 5 s"), up to {@code now} while it runs; empty before it started. */
export function duration(job, now = new Date()) {
  if (!job.started_at) return '';
  const end = job.completed_at ? new Date(job.completed_at) : now;
  const s = Math.max(0, Math.round((end - new Date(job.started_at)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** The bands of Tutorial 2 ("Interpreting Results"). */
export function scoreLabel(score) {
  if (score >= 0.8) return 'excellent match';
  if (score >= 0.6) return 'good match';
  if (score >= 0.4) return 'moderate match';
  return 'weak match: consider rephrasing';
}

/**
 * Up to four details of a health component as one line, e.g. "heap used: 512 MiB · uptime: 5 min": byte counts in
 * MiB, seconds in s / min / h, fractions to one decimal; nested values and nulls are left out.
 */
export function healthDetail(details) {
  if (!details) return '';
  const value = (k, v) => {
    if (typeof v === 'number' && k.endsWith('_bytes')) return `${num(Math.round(v / 1048576))} MiB`;
    if (typeof v === 'number' && k.endsWith('_seconds')) return v < 120 ? `${v} s` : v < 7200 ? `${Math.round(v / 60)} min` : `${Math.round(v / 3600)} h`;
    if (typeof v === 'number' && !Number.isInteger(v)) return num(Math.round(v * 10) / 10);
    if (typeof v === 'number') return num(v);
    return String(v);
  };
  return Object.entries(details).filter(([, v]) => v !== null && typeof v !== 'object').slice(0, 4)
    .map(([k, v]) => `${k.replace(/_(bytes|ms|seconds)$/, m => m === '_ms' ? ' (ms)' : '').replace(/_/g, ' ')}: ${value(k, v)}`).join(' · ');
}

/** The RFC 7396 merge patch that turns {@code from} into {@code to} (the API merges config this way). */
export function mergePatch(from, to) {
  const patch = {};
  for (const key of Object.keys(from || {})) if (!(key in to)) patch[key] = null;
  for (const [key, value] of Object.entries(to)) {
    const old = from?.[key];
    if (value && typeof value === 'object' && !Array.isArray(value) && old && typeof old === 'object' && !Array.isArray(old)) {
      const inner = mergePatch(old, value);
      if (Object.keys(inner).length) patch[key] = inner;
    } else if (JSON.stringify(old) !== JSON.stringify(value)) {
      patch[key] = value;
    }
  }
  return patch;
}

/**
 * The source form's configuration text as an object: empty text is {}; anything but a JSON object throws an Error
 * with {@code field: 'config'} and a sentence for the user.
 */
export function parseConfig(text) {
  const trimmed = text.trim();
  if (!trimmed) return {};
  try {
    const value = JSON.parse(trimmed);
    if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('The configuration must be a JSON object: { … }.');
    return value;
  } catch (e) {
    throw Object.assign(new Error(e instanceof SyntaxError ? `Not valid JSON: ${e.message}` : e.message), { field: 'config' });
  }
}
