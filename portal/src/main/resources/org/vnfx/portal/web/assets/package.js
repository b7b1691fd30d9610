// A package's page: /packages/DIGEST. Everything the catalogue holds of it, its licence terms from the chain, and
// a clear page when the catalogue has never seen the digest.
import { follow, mentions } from './live.js';
import { api, el, vcpus, mib, bytes, wei, reputation, when, lower, termKinds, ApiProblem } from './portal.js';

const content = document.getElementById('content');
const digest = decodeURIComponent(location.pathname.substring('/packages/'.length));

function section(id, title, ...children) {
  return el('section', { id }, el('h2', {}, title), ...children);
}

function facts(rows) {
  return el('dl', { class: 'facts' }, rows.filter((r) => r[1] !== null && r[1] !== undefined)
    .map(([term, value, attrs]) => [el('dt', {}, term), el('dd', attrs || {}, value)]));
}

function summary(d, l) {
  return facts([
    ['Digest (SHA-256)', el('code', { id: 'digest' }, `0x${d.digest}`)],
    ['Kind', l.kind === 'NS' ? 'network service' : 'VNF'],
    ['Provider', l.provider, { id: 'provider' }],
    ['Product', l.product],
    ['Version', l.version],
    ['Description', l.description],
    ['Descriptor', `${l.descriptorId} (${l.dialect})`],
    ['Size', bytes(l.sizeBytes)],
    ['Onboarded', when(l.onboardedAt)],
  ]);
}

function requirements(l) {
  return section('requirements', 'Requirements',
    el('p', { class: 'muted' }, l.kind === 'NS'
      ? 'A network service brings no needs of its own: its VNFs do.'
      : 'What a MEC node must have free to run it (every deployment unit at its minimum number of instances).'),
    facts([
      ['vCPU', vcpus(l.needs.vcpuMillis), { id: 'need-vcpu' }],
      ['Memory', mib(l.needs.memoryMiB), { id: 'need-memory' }],
      ['Disk', mib(l.needs.diskMiB), { id: 'need-disk' }],
    ]));
}

function offer(l) {
  if (!l.offerStatus) return section('offer', 'Offer', el('p', {}, 'Not offered on the chain.'));
  return section('offer', 'Offer and reputation', facts([
    ['Function type', l.functionType, { id: 'function' }],
    ['Status', el('span', { class: `badge ${lower(l.offerStatus)}` }, lower(l.offerStatus)), { id: 'offer-status' }],
    ['Base price', `${wei(l.pricePerSecondWei)} wei per second`],
    ['Reputation', l.reputation === null ? 'not rated yet (no session so far)'
      : `${reputation(l.reputation)} after ${l.sessions} session${l.sessions === 1 ? '' : 's'}`, { id: 'reputation' }],
  ]));
}

function terms(t, digest) {
  if (t.error) return section('licence-terms', 'Licence terms', el('p', { class: 'problem' }, t.error));
  if (!t.set) return section('licence-terms', 'Licence terms', el('p', {}, 'The provider has set no licence terms yet: no licence can be acquired.'));
  return section('licence-terms', 'Licence terms', el('ul', { class: 'terms' }, termKinds(t)), el('p', { class: 'muted small' }, `Set by ${t.provider}.`),
    el('p', {}, el('a', { href: `/customer#${digest}`, id: 'acquire' }, 'Acquire a licence or start an instance (customers)')));
}

function licences(list) {
  if (list.length === 0) return section('licences', 'Licences acquired', el('p', {}, 'None so far.'));
  return section('licences', 'Licences acquired', el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'Type'), el('th', {}, 'Customer'), el('th', { class: 'num' }, 'Paid (wei)'), el('th', {}, 'When'))),
    el('tbody', {}, list.map((l) => el('tr', { class: 'licence' }, el('td', {}, lower(l.type)), el('td', {}, el('code', {}, l.customer)),
      el('td', { class: 'num' }, wei(l.paidWei)), el('td', {}, when(l.acquiredAt)))))));
}

function verification(checks) {
  if (checks.length === 0) return section('verification', 'Verification', el('p', {}, 'No verification recorded.'));
  return section('verification', 'Verification', checks.map((v) => el('article', { class: `check ${v.passed ? 'passed' : 'failed'}` },
    el('h3', {}, el('span', { class: `badge ${v.passed ? 'passed' : 'failed'}` }, v.passed ? 'passed' : 'failed'), ` by ${v.verifier}`,
      el('span', { class: 'muted small' }, ` at ${when(v.verifiedAt)}`)),
    // A failed check may have stopped before the signatures: "not signed" would then say more than is known.
    v.signers.length ? el('p', { class: 'signers' }, 'Signed by ', v.signers.join('; ')) : v.passed ? el('p', { class: 'muted' }, 'Not signed.') : null,
    v.findings.length
      ? el('ul', { class: 'findings' }, v.findings.map((f) => el('li', { class: `finding ${/: warning: /.test(f) ? 'warning' : 'error'}` }, f)))
      : el('p', { class: 'muted' }, 'No findings: every check passed cleanly.'))));
}

function descriptor(doc) {
  return section('descriptor', 'Descriptor',
    el('details', {}, el('summary', {}, 'The whole descriptor, as the package carries it (JSON)'), el('pre', {}, JSON.stringify(doc, null, 2))));
}

function render(d) {
  const l = d.listing;
  document.title = `${l ? `${l.product} ${l.version}` : `0x${d.digest.substring(0, 12)}…`} · vnfx dPortal`;
  if (!l) {
    content.replaceChildren(
      el('h1', {}, 'Package not listed'),
      el('p', { class: 'problem', id: 'not-listed' }, 'The catalogue knows this package but does not list it: it did not pass verification, '
        + 'or another package already holds its product and version.'),
      facts([['Digest (SHA-256)', el('code', { id: 'digest' }, `0x${d.digest}`)]]),
      verification(d.verifications), terms(d.licenceTerms, d.digest));
    return;
  }
  content.replaceChildren(
    el('h1', {}, l.product, ' ', el('span', { class: 'version' }, l.version)),
    summary(d, l), requirements(l), offer(l), terms(d.licenceTerms, d.digest), licences(d.licences), verification(d.verifications), descriptor(d.descriptor));
}

function fail(e) {
  document.title = 'Package not found · vnfx dPortal';
  if (e instanceof ApiProblem && e.status === 404) {
    content.replaceChildren(el('h1', { id: 'not-found' }, 'Package not found'),
      el('p', {}, 'No package ', el('code', {}, digest), ' in the catalogue. It was never advertised on this chain, '
        + 'or the catalogue has not indexed it yet.'),
      el('p', {}, el('a', { href: '/' }, 'Search the catalogue')));
  } else if (e instanceof ApiProblem && e.status === 400) {
    content.replaceChildren(el('h1', { id: 'not-found' }, 'Not a package digest'), el('p', { class: 'problem' }, e.message),
      el('p', {}, el('a', { href: '/' }, 'Search the catalogue')));
  } else {
    content.replaceChildren(el('h1', {}, 'The package could not be read'), el('p', { class: 'problem' }, e.message));
  }
}

api(`/api/catalogue/packages/${encodeURIComponent(digest)}`).then(render, fail).finally(() => content.removeAttribute('aria-busy'));

// The package's own events (a decision, a session, a licence, an attestation) change what its page shows.
follow((e) => mentions(e, `0x${digest.toLowerCase().replace(/^0x/, '')}`),
  () => api(`/api/catalogue/packages/${encodeURIComponent(digest)}`).then(render, () => {}));
