// The operator's page, /operator: decide offers once validators have attested them, approve identities, watch MEC
// nodes and deployments, settle deferred payments and fund the escrow. Only an operator's portal shows it; others get
// a plain message. The overview is read again after each action and on every chain event that can change it.
import { api, post, me, el, wei, needs, vcpus, mib, reputation, ApiProblem } from './portal.js';
import { follow } from './live.js';

const content = document.getElementById('content');
let shown = false;

function problemText(e) {
  return e instanceof ApiProblem ? `${e.problem.title || 'Refused'}: ${e.message}` : String(e);
}

function short(address) {
  return `${address.substring(0, 10)}…`;
}

/** Shows an action's outcome in `box`, keeping the box's own classes (a card's result is found by its class). */
function say(box, text, ok) {
  box.textContent = text;
  box.classList.remove('ok', 'problem');
  box.classList.add(ok ? 'ok' : 'problem');
  box.hidden = false;
}

/** One offer awaiting a decision: what it needs, what it costs, what validators said; Accept and Reject. */
function pendingOffer(o) {
  const result = el('p', { class: 'offer-result', hidden: true });
  const accept = el('button', { type: 'button', class: 'accept' }, 'Accept');
  const reject = el('button', { type: 'button', class: 'reject' }, 'Reject');
  const decide = async (action, done) => {
    accept.disabled = true;
    reject.disabled = true;
    try {
      const r = await post(`/api/operator/offers/${o.digest}/${action}`, '', 'text/plain');
      // The card leaves the list when the overview is drawn again: the decision is said above the list.
      say(document.getElementById('decision'), `${done} 0x${o.digest.substring(0, 12)}…: now ${r.offer.status} (transaction ${r.transaction.substring(0, 12)}…)`, true);
      await load();
    } catch (e) {
      say(result, problemText(e), false);
      accept.disabled = false;
      reject.disabled = false;
    }
  };
  accept.addEventListener('click', () => decide('accept', 'Accepted'));
  reject.addEventListener('click', () => decide('reject', 'Rejected'));
  const a = o.attestations;
  return el('article', { class: 'offer', 'data-digest': o.digest, 'data-status': o.status },
    el('h3', {}, el('span', { class: `badge status ${o.status}` }, o.status), ' ', o.functionType, ' ', el('code', {}, `0x${o.digest}`)),
    el('dl', { class: 'facts' },
      el('dt', {}, 'Provider'), el('dd', { class: 'provider' }, el('code', {}, o.provider), o.operatorOwned ? ' (operator-owned)' : null),
      el('dt', {}, 'Requirements'), el('dd', { class: 'needs' }, needs(o.needs)),
      el('dt', {}, 'Base price'), el('dd', { class: 'price' }, `${wei(o.pricePerSecondWei)} wei per second`),
      el('dt', {}, 'Attestations'), el('dd', { class: 'attestations' },
        `${a.passes} pass, ${a.fails} fail of ${a.threshold} needed: `, el('span', { class: a.listed ? 'ok listed' : 'problem-text listed' }, a.listed ? 'listed' : 'not listed'))),
    el('p', { class: 'actions' }, accept, ' ', reject),
    result);
}

function pending(offers) {
  const list = offers.filter((o) => o.status === 'advertised');
  document.getElementById('pending').replaceChildren(
    el('p', { id: 'decision', class: 'ok', hidden: true }),
    ...(list.length ? list.map(pendingOffer) : [el('p', { class: 'muted', id: 'no-pending' }, 'No offer awaits a decision.')]));
}

/** An identity action's button (approve a pending one, revoke an approved one); the table is redrawn after. */
function identityButton(m, action, label) {
  const b = el('button', { type: 'button', class: action }, label);
  b.addEventListener('click', async () => {
    const out = document.getElementById('identity-result');
    b.disabled = true;
    try {
      const r = await post(`/api/operator/identities/${m.address}/${action}`, '', 'text/plain');
      say(out, `${r.identity.role} ${m.address} is ${r.identity.status}`, true);
      await load();
    } catch (e) {
      say(out, problemText(e), false);
      b.disabled = false;
    }
  });
  return b;
}

function identities(list, operator) {
  const waiting = list.filter((m) => m.status === 'pending');
  const keep = document.getElementById('identity-result');
  document.getElementById('awaiting').replaceChildren(
    waiting.length === 0 ? el('p', { class: 'muted', id: 'no-awaiting' }, 'No identity awaits approval.')
      : el('table', { id: 'pending-identities' }, el('thead', {}, el('tr', {}, el('th', {}, 'Address'), el('th', {}, 'Role'), el('th', {}, 'Registered'), el('th', {}))),
        el('tbody', {}, waiting.map((m) => el('tr', { class: 'identity', 'data-address': m.address },
          el('td', {}, el('code', {}, m.address)), el('td', { class: 'role' }, m.role), el('td', {}, registered(m)),
          el('td', {}, identityButton(m, 'approve', 'Approve')))))),
    keep || el('p', { id: 'identity-result', hidden: true }));
  document.querySelector('#members tbody').replaceChildren(...list.map((m) => el('tr', { class: 'member', 'data-address': m.address },
    el('td', {}, el('code', {}, m.address)), el('td', {}, m.role), el('td', {}, el('span', { class: `badge ${m.status}` }, m.status)), el('td', {}, registered(m)),
    // The deploying operator itself is not revoked from its own page.
    el('td', {}, m.status === 'approved' && m.address !== operator ? identityButton(m, 'revoke', 'Revoke') : null))));
}

function registered(m) {
  return m.registeredAt ? new Date(m.registeredAt * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '—';
}

function mecNodes(list) {
  document.querySelector('#mec-nodes tbody').replaceChildren(...(list.length ? list.map((n) => el('tr', { class: 'mec-node', 'data-address': n.address },
    el('td', {}, el('code', {}, n.address)), el('td', {}, el('span', { class: `badge ${n.status}` }, n.status)),
    el('td', { class: 'num cpu' }, vcpus(n.free.vcpuMillis)), el('td', { class: 'num memory' }, mib(n.free.memoryMiB)),
    el('td', { class: 'num disk' }, mib(n.free.diskMiB))))
    : [el('tr', {}, el('td', { colspan: 5, class: 'muted' }, 'No MEC node is registered.'))]));
}

function settleButton(d) {
  const b = el('button', { type: 'button', class: 'settle' }, 'Settle');
  b.addEventListener('click', async () => {
    const out = document.getElementById('settle-result');
    b.disabled = true;
    try {
      const r = await post(`/api/operator/deployments/${d.id}/settle`, '', 'text/plain');
      say(out, `Settled deployment #${d.id}: ${wei(r.paidWei)} wei paid to its provider from escrow (transaction ${r.transaction.substring(0, 12)}…).`, true);
      await load();
    } catch (e) {
      say(out, problemText(e), false);
      b.disabled = false;
    }
  });
  return b;
}

function deployments(o) {
  document.getElementById('deployment-count').textContent = o.deploymentCount === o.deployments.length
    ? `${o.deploymentCount} deployment${o.deploymentCount === 1 ? '' : 's'}.` : `The latest ${o.deployments.length} of ${o.deploymentCount} deployments.`;
  document.querySelector('#deployments tbody').replaceChildren(...(o.deployments.length ? o.deployments.map((d) => el('tr', { class: 'deployment', 'data-id': d.id, 'data-status': d.status },
    el('td', { class: 'num' }, d.id), el('td', {}, el('code', {}, short(d.mec))), el('td', {}, d.functionType || '—'),
    el('td', {}, d.offer ? el('a', { href: `/packages/${d.offer}` }, el('code', {}, `0x${d.offer.substring(0, 12)}…`)) : '—'),
    el('td', { class: 'status' }, el('span', { class: `badge ${d.status}` }, d.status)),
    el('td', { class: 'num due' }, wei(d.amountDueWei)),
    el('td', {}, d.settleable ? settleButton(d) : null)))
    : [el('tr', {}, el('td', { colspan: 7, class: 'muted' }, 'No deployment yet.'))]));
}

function money(m, balances) {
  document.getElementById('escrow').textContent = `${wei(m.escrowWei)} wei`;
  document.getElementById('owed').textContent = `${wei(m.owedWei)} wei`;
  if (balances) document.getElementById('ether').textContent = `${wei(balances.etherWei)} wei`;
  document.querySelector('#earnings tbody').replaceChildren(...m.providers.map((p) => el('tr', { class: 'earning', 'data-provider': p.provider },
    el('td', {}, el('code', {}, p.provider)), el('td', { class: 'num' }, wei(p.sessionsWei)), el('td', { class: 'num' }, wei(p.licenceSalesWei)))));
}

function offers(list) {
  document.querySelector('#offers tbody').replaceChildren(...list.map((o) => el('tr', { class: 'offer-row', 'data-digest': o.digest },
    el('td', {}, el('a', { href: `/packages/${o.digest}` }, el('code', {}, `0x${o.digest.substring(0, 12)}…`))),
    el('td', {}, o.functionType), el('td', {}, el('code', {}, short(o.provider))),
    el('td', { class: 'status' }, el('span', { class: `badge ${o.status}` }, o.status)),
    el('td', {}, o.attestations.text), el('td', { class: 'num' }, String(o.sessions)),
    el('td', { class: 'num' }, o.sessions ? reputation(o.reputation) : reputation(null)))));
}

async function load() {
  const o = await api('/api/operator/overview');
  document.getElementById('block').textContent = String(o.block);
  const decision = document.getElementById('decision');
  const said = decision ? decision.textContent : '';
  pending(o.offers);
  // The last decision stays in view after its offer has left the list.
  document.getElementById('decision').textContent = said;
  document.getElementById('decision').hidden = !said;
  identities(o.identities, o.operator);
  mecNodes(o.mecNodes);
  deployments(o);
  money(o.money, o.balances);
  offers(o.offers);
  shown = true;
}

// One key per intended deposit or reclaim: clicking again after a lost answer repeats the same action, which the
// portal then does at most once; a new amount or action, or a success, starts a new one.
let escrowIntent = null;

// 128 random bits as hex (crypto.randomUUID exists only in secure contexts; the portal may be served over plain HTTP).
function randomKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

async function escrow(action) {
  const out = document.getElementById('escrow-result');
  const amount = document.getElementById('escrow-amount').value.trim();
  if (!escrowIntent || escrowIntent.action !== action || escrowIntent.amount !== amount) {
    escrowIntent = { action, amount, key: randomKey() };
  }
  try {
    const r = await post(`/api/operator/escrow/${action}`, JSON.stringify({ amountWei: amount }), 'application/json',
      { 'Idempotency-Key': escrowIntent.key });
    escrowIntent = null;
    say(out, `${action === 'deposit' ? 'Deposited' : 'Reclaimed'} ${wei(r.amountWei)} wei; escrow is now ${wei(r.money.escrowWei)} wei.`, true);
    await load();
  } catch (e) {
    // A refusal by the chain or the portal (4xx) is final for this intent; anything else may be retried with the same key.
    if (e.status >= 400 && e.status < 500) escrowIntent = null;
    say(out, problemText(e), false);
  }
}

async function start() {
  const m = await me;
  if (m.acting !== 'operator') {
    const box = document.getElementById('role-message');
    box.textContent = `This page is for operators; you are ${m.describe}.`;
    box.hidden = false;
    return;
  }
  document.getElementById('operator').hidden = false;
  document.getElementById('escrow-form').addEventListener('submit', (e) => {
    e.preventDefault();
    escrow('deposit');
  });
  document.getElementById('reclaim').addEventListener('click', () => escrow('reclaim'));
  await load();
  follow((e) => ['Identities', 'Offers', 'Attestations', 'Orchestration', 'Settlement'].includes(e.contract), () => load().catch(() => {}));
}

start().catch((e) => {
  content.replaceChildren(el('p', { class: 'problem' }, problemText(e)));
}).finally(() => {
  if (content.querySelector('.problem') === null) content.replaceChildren();
  content.removeAttribute('aria-busy');
});
