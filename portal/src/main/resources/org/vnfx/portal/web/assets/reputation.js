// Reputation: /api/reputation drawn as an inline SVG chart (no chart library: nothing comes from elsewhere) and a
// ranking table; both are drawn again when a session's ReputationUpdated (or a new offer) arrives on the live stream.
import { api, el } from './portal.js';
import { follow } from './live.js';

const content = document.getElementById('content');
const SVG = 'http://www.w3.org/2000/svg'; // the SVG namespace's name, not an address anything is fetched from
const COLOURS = ['#1d4e89', '#b42318', '#1e7a46', '#9a6700', '#6941c6', '#0e7490', '#c11574', '#475467'];
const W = 860;
const H = 380;
const M = { left: 56, right: 20, top: 16, bottom: 44 };

/** WAD fixed point (a decimal string, 10^18 = 1.0) as a number; exact enough to draw and to show three decimals. */
const wad = (s) => Number(BigInt(s)) / 1e18;

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function name(s) {
  return s.product ? `${s.product} ${s.version}` : `${s.packageDigest.substring(0, 12)}…`;
}

function chart(lines) {
  const most = Math.max(1, ...lines.map((s) => s.sessions));
  const x = (session) => M.left + (session / most) * (W - M.left - M.right);
  const y = (r) => H - M.bottom - r * (H - M.top - M.bottom);
  const root = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'Reputation over sessions, one line per VNF' });
  for (const r of [0, 0.25, 0.5, 0.75, 1]) {
    root.append(svg('line', { class: 'grid', x1: M.left, x2: W - M.right, y1: y(r), y2: y(r) }),
      svg('text', { x: M.left - 8, y: y(r) + 4, 'text-anchor': 'end' }, r.toFixed(2)));
  }
  const step = Math.max(1, Math.ceil(most / 12));
  for (let s = 0; s <= most; s += step) root.append(svg('text', { x: x(s), y: H - M.bottom + 18, 'text-anchor': 'middle' }, s));
  root.append(svg('line', { class: 'axis', x1: M.left, x2: W - M.right, y1: y(0), y2: y(0) }),
    svg('line', { class: 'axis', x1: M.left, x2: M.left, y1: y(0), y2: y(1) }),
    svg('text', { x: (M.left + W - M.right) / 2, y: H - 6, 'text-anchor': 'middle' }, 'session'),
    svg('text', { x: 14, y: (M.top + H - M.bottom) / 2, 'text-anchor': 'middle', transform: `rotate(-90 14 ${(M.top + H - M.bottom) / 2})` }, 'reputation'));
  lines.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const g = svg('g', { class: 'series', 'data-offer': s.packageDigest, stroke: colour, fill: colour });
    g.append(svg('polyline', { points: s.points.map((p) => `${x(p.session)},${y(wad(p.reputation))}`).join(' ') }));
    for (const p of s.points) {
      g.append(svg('circle', { cx: x(p.session), cy: y(wad(p.reputation)), r: 3.5 },
        svg('title', {}, `${name(s)}, ${p.session === 0 ? 'prior' : `session ${p.session} (deployment #${p.deploymentId})`}: ${wad(p.reputation).toFixed(3)}, block ${p.block}`)));
    }
    root.append(g);
  });
  return root;
}

function legend(lines) {
  return el('ul', { class: 'legend', id: 'legend' }, lines.map((s, i) => el('li', {},
    el('span', { class: 'swatch', 'data-colour': COLOURS[i % COLOURS.length] }), name(s))));
}

function ranking(h) {
  const bySeries = new Map(h.series.map((s) => [s.packageDigest, s]));
  return el('table', { id: 'ranking' },
    el('thead', {}, el('tr', {}, el('th', { class: 'num' }, '#'), el('th', {}, 'VNF'), el('th', {}, 'Function'), el('th', {}, 'Provider'),
      el('th', { class: 'num' }, 'Sessions'), el('th', { class: 'num' }, 'Reputation'), el('th', { class: 'num' }, 'Prior'))),
    el('tbody', {}, h.ranking.map((d, i) => {
      const s = bySeries.get(d);
      return el('tr', { class: 'offer', 'data-digest': d },
        el('td', { class: 'num rank' }, i + 1),
        el('td', {}, el('a', { class: 'product', href: `/packages/${d.substring(2)}` }, name(s))),
        el('td', { class: 'function' }, s.functionType),
        el('td', { class: 'provider' }, s.providerName ? `${s.providerName} ` : '', el('code', { class: 'small' }, s.provider),
          s.operatorOwned ? ' (operator)' : ''),
        el('td', { class: 'num sessions' }, s.sessions),
        el('td', { class: 'num reputation' }, wad(s.reputation).toFixed(3)),
        el('td', { class: 'num prior' }, wad(s.prior).toFixed(3)));
    })));
}

function render(h) {
  const lines = h.series.filter((s) => s.sessions > 0);
  document.getElementById('as-of').textContent = `Chain ${h.chainId}, blocks ${h.fromBlock} to ${h.toBlock}; ${lines.length} of ${h.series.length} offers have run a session.`;
  content.replaceChildren(
    el('section', { id: 'chart-section' }, el('h2', {}, 'Reputation over sessions'),
      lines.length ? [el('div', { id: 'chart' }, chart(lines)), legend(lines)]
        : el('p', { class: 'muted', id: 'chart' }, 'No session yet: a reputation changes when a MEC node reports an uninstall.')),
    el('section', { id: 'ranking-section' }, el('h2', {}, 'Ranking'), h.series.length ? ranking(h) : el('p', { class: 'muted' }, 'No offer yet.')));
  // The swatches' colours are set from script (the CSP allows no inline style attributes in the markup).
  for (const s of content.querySelectorAll('.swatch')) s.style.background = s.dataset.colour;
}

function load() {
  return api('/api/reputation').then(render, (e) => {
    content.replaceChildren(el('p', { class: 'problem', id: 'problem' }, `The reputation history could not be read: ${e.message}`));
  }).finally(() => content.removeAttribute('aria-busy'));
}

follow((e) => e.contract === 'Offers' && (e.event === 'ReputationUpdated' || e.event === 'OfferAdvertised'), load);
load();
