// Verify: /verify?digest=0x... or a dropped file. The answer of `vnfx verify` from /api/verify, drawn as a timeline,
// and refreshed when a chain event concerns the package (a new attestation, decision, deployment or session).
import { ApiProblem, el, when } from './portal.js';
import { follow, mentions } from './live.js';

const content = document.getElementById('content');
const problem = document.getElementById('problem');
const form = document.getElementById('by-digest');
const input = document.getElementById('digest-input');
const drop = document.getElementById('drop');
let shown = null; // the last answer: its digest (live refresh) and, for a file, the file's verdict to keep

async function ask(path, init) {
  const r = await fetch(path, Object.assign({ headers: { Accept: 'application/json' } }, init || {}));
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new ApiProblem(r.status, body);
  return body;
}

function busy(what) {
  problem.hidden = true;
  input.classList.remove('invalid');
  content.setAttribute('aria-busy', 'true');
  content.replaceChildren(el('p', { class: 'muted' }, what));
}

function fail(e) {
  content.replaceChildren();
  problem.textContent = e instanceof ApiProblem && e.status < 500 ? `Not verified: ${e.message}` : `The chain could not be read: ${e.message}`;
  problem.hidden = false;
  if (e instanceof ApiProblem && e.parameter === 'digest') {
    input.classList.add('invalid');
    input.setAttribute('aria-invalid', 'true');
  }
}

function facts(rows) {
  return el('dl', { class: 'facts' }, rows.filter((r) => r[1] !== null && r[1] !== undefined)
    .map(([term, value, attrs]) => [el('dt', {}, term), el('dd', attrs || {}, value)]));
}

function verdict(a) {
  if (a.file) {
    return el('section', { id: 'bytes' }, el('p', { class: `verdict ${a.file.verdict}`, id: 'verdict' }, a.file.verdict),
      el('p', { id: 'sentence' }, a.file.sentence),
      a.file.signed === null ? null : a.file.signatures.length === 0
        ? el('p', { class: 'muted', id: 'signatures' }, 'Not signed (SOL004 security option 1 or 2).')
        : el('ul', { id: 'signatures' }, a.file.signatures.map((s) => el('li', {}, `Option ${s.option}, signed by ${s.signer} `
          + (s.trusted ? '(trusted)' : '(not authenticated: the portal holds no trusted certificate of yours; the signature is intact)')))));
  }
  return el('section', { id: 'bytes' }, el('p', { class: `verdict ${a.known ? 'KNOWN' : 'UNKNOWN'}`, id: 'verdict' }, a.known ? 'PUBLISHED' : 'UNKNOWN'),
    el('p', { id: 'sentence' }, a.known ? 'A package with this digest was published on this chain.' : a.sentence));
}

function step(s) {
  return el('li', { class: s.kind, 'data-kind': s.kind },
    el('span', { class: 'kind' }, s.kind), el('span', { class: 'words' }, s.words),
    el('div', { class: 'meta' }, `${when(s.time)} · block ${s.block} · ${s.contract}.${s.event} · tx `, el('code', {}, s.transaction)));
}

function render(a) {
  shown = a;
  const parts = [el('h2', {}, 'Package ', el('code', { id: 'digest' }, a.digest)), verdict(a)];
  if (a.known) {
    const p = a.publication;
    parts.push(el('section', { id: 'summary-facts' }, el('h2', {}, 'Publication'), facts([
      ['Published by', el('code', {}, p.provider), { id: 'publisher' }],
      ['When', `${when(p.time)} (block ${p.block})`],
      ['Transaction', el('code', {}, p.transaction)],
      ['Offer', p.offer],
      ['Usage policy', el('ul', { class: 'terms' }, a.policy.map((w) => el('li', {}, w))), { id: 'policy' }],
      ['Deployments', a.deployments.length ? el('ul', { class: 'terms' }, a.deployments.map((d) => el('li', {}, d.words))) : 'none so far', { id: 'deployments' }],
      ['Reputation', a.reputation.length ? `${a.reputation.map((r) => r.text).join(' → ')} after ${a.reputation.length} session(s)` : 'no session yet', { id: 'reputation' }],
    ])));
    parts.push(el('section', { id: 'timeline-section' }, el('h2', {}, `Timeline (${a.timeline.length} events)`),
      el('ol', { class: 'timeline', id: 'timeline' }, a.timeline.map(step))));
  }
  content.replaceChildren(...parts);
  problem.hidden = true;
}

function byDigest(digest) {
  busy('Reading the chain…');
  return ask(`/api/verify/${encodeURIComponent(digest)}`).then(render, fail).finally(() => content.removeAttribute('aria-busy'));
}

function byFile(file) {
  busy(`Sending ${file.name} (${file.size.toLocaleString('en')} bytes) and checking it…`);
  history.replaceState(null, '', '/verify');
  input.value = '';
  return ask(`/api/verify?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: file, headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream' } })
    .then(render, fail).finally(() => content.removeAttribute('aria-busy'));
}

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const digest = input.value.trim();
  history.replaceState(null, '', `/verify?digest=${encodeURIComponent(digest)}`);
  byDigest(digest);
});
document.getElementById('file-input').addEventListener('change', (ev) => {
  if (ev.target.files.length) byFile(ev.target.files[0]);
});
drop.addEventListener('dragover', (ev) => { ev.preventDefault(); drop.classList.add('over'); });
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (ev) => {
  ev.preventDefault();
  drop.classList.remove('over');
  if (ev.dataTransfer.files.length) byFile(ev.dataTransfer.files[0]);
});

// Deployment events name the deployment, not the package: any of them may concern it.
follow((e) => shown && shown.known && (mentions(e, shown.digest) || e.contract === 'Orchestration'), () => {
  const file = shown.file;
  ask(`/api/verify/${encodeURIComponent(shown.digest)}`).then((a) => render(Object.assign(a, { file })), fail);
});

const asked = new URLSearchParams(location.search).get('digest');
if (asked) {
  input.value = asked;
  byDigest(asked);
}
