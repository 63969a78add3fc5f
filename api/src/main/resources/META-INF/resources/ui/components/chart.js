// Charts of the dashboard as inline SVG (no script or style attributes: the Content-Security-Policy allows neither).
// Every label is a text node.

import { h, num } from '../dom.js';

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
  for (const c of children) el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return el;
}

/** A chart with a title, a summary for screen readers and either bars or lines over time. */
export function chart(title, summary, points, { kind = 'bar', series, format = num, emptyText, legend }) {
  const box = h('figure', { class: 'panel chart' }, h('h3', {}, title));
  if (!points.length || points.every(p => series.every(s => !p[s.key]))) {
    box.append(h('div', { class: 'empty' }, emptyText));
    return box;
  }
  const W = 600, H = 140, L = 44, B = 18, T = 8;
  const max = Math.max(1, ...points.flatMap(p => series.map(s => p[s.key] || 0)));
  const x = i => L + (points.length === 1 ? (W - L) / 2 : (i * (W - L - 8)) / (points.length - 1));
  const y = v => T + (H - T - B) * (1 - v / max);
  const g = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}: ${summary}`, preserveAspectRatio: 'none' });
  g.append(svg('text', { x: L - 6, y: T + 8, class: 'axis', 'text-anchor': 'end' }, format(max)));
  g.append(svg('text', { x: L - 6, y: H - B, class: 'axis', 'text-anchor': 'end' }, '0'));
  g.append(svg('line', { x1: L, x2: W, y1: H - B, y2: H - B, stroke: 'currentColor', 'stroke-opacity': '.2' }));
  const label = p => new Date(p.t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  g.append(svg('text', { x: L, y: H - 4, class: 'axis' }, label(points[0])));
  g.append(svg('text', { x: W - 4, y: H - 4, class: 'axis', 'text-anchor': 'end' }, label(points[points.length - 1])));
  if (kind === 'bar') {
    const bw = Math.max(2, (W - L - 8) / points.length - 3);
    points.forEach((p, i) => {
      const v = p[series[0].key] || 0;
      const bar = svg('rect', { class: 'bar', x: L + i * ((W - L - 8) / points.length) + 1, y: y(v), width: bw, height: Math.max(0, H - B - y(v)), rx: 2 });
      bar.append(svg('title', {}, `${label(p)}: ${format(v)}`));
      g.append(bar);
    });
  } else {
    series.forEach((s, si) => {
      const d = points.map((p, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(p[s.key] || 0).toFixed(1)}`).join(' ');
      if (si === 0) g.append(svg('path', { class: 'area', d: `${d} L${x(points.length - 1)},${H - B} L${x(0)},${H - B} Z` }));
      g.append(svg('path', { class: si === 0 ? 'line' : 'line2', d }));
    });
    points.forEach((p, i) => {
      const dot = svg('circle', { cx: x(i), cy: y(p[series[0].key] || 0), r: 3, fill: 'var(--accent)' });
      dot.append(svg('title', {}, `${label(p)}: ${series.map(s => `${s.label} ${format(p[s.key] || 0)}`).join(', ')}`));
      g.append(dot);
    });
  }
  box.append(g);
  if (legend) box.append(h('figcaption', { class: 'legend' }, legend));
  return box;
}

