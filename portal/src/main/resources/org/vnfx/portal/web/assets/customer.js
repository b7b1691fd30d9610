// The customer's page, /customer: accepted offers with their licence terms in plain words, the licences held and the
// instances running, and the actions on them (buy a private licence, start an instance — the first one of a trial
// activates it —, end one). Signed with the portal's key, or by a browser wallet (EIP-1193) when the user chooses it:
// then the portal only prepares each transaction and the wallet signs and sends it; the key never reaches the portal.
import { api, post, me, el, wei, when, duration, termKinds, ApiProblem } from './portal.js';
import { follow } from './live.js';

const content = document.getElementById('content');
/** The portal's own user (GET /api/me). */
let self = null;
/** { eth, account, chainId } while a browser wallet signs; null while the portal's key does. */
let wallet = null;
/** Whether the offer named in the address (#DIGEST) was brought into view. */
let scrolled = false;

function problemText(e) {
  if (e instanceof ApiProblem) return `${e.problem.title || 'Refused'}: ${e.message}`;
  // EIP-1193 errors carry a code (4001: the user rejected the request) and a message.
  if (e && typeof e === 'object' && 'code' in e && e.message) return `The wallet refused (${e.code}): ${e.message}`;
  return e && e.message ? e.message : String(e);
}

function account() {
  return wallet ? wallet.account : self.address.toLowerCase();
}

function shortHex(h) {
  return `${h.substring(0, 10)}…${h.substring(h.length - 6)}`;
}

function say(text) {
  const ok = document.getElementById('action-result');
  document.getElementById('action-problem').hidden = true;
  ok.textContent = text;
  ok.hidden = false;
}

function complain(e) {
  const box = document.getElementById('action-problem');
  document.getElementById('action-result').hidden = true;
  box.textContent = problemText(e);
  box.hidden = false;
}

// --- signing -----------------------------------------------------------------------------------

const sleep = (ms) => new Promise((resolve) => { setTimeout(resolve, ms); });

/** Waits for the transaction through the wallet's own provider: the page never talks to the node itself. */
async function receiptOf(hash) {
  for (let i = 0; i < 240; i++) {
    const r = await wallet.eth.request({ method: 'eth_getTransactionReceipt', params: [hash] });
    if (r) return r;
    await sleep(500);
  }
  throw new Error(`transaction ${hash} was not mined within two minutes`);
}

/** The portal prepares (role gate, pre-flight, encoding); the wallet signs and sends. */
async function viaWallet(action, args) {
  const tx = await post('/api/wallet/prepare', JSON.stringify({ action, from: wallet.account, args }));
  const hash = await wallet.eth.request({ method: 'eth_sendTransaction',
    params: [{ from: tx.from, to: tx.to, data: tx.data, value: tx.value, gas: tx.gas, chainId: tx.chainId }] });
  say(`Sent ${tx.function}, transaction ${hash}; waiting for it to be mined…`);
  const receipt = await receiptOf(hash);
  if (BigInt(receipt.status) !== 1n) throw new Error(`transaction ${hash} (${tx.function}) failed on chain`);
  return hash;
}

/** One action, by whichever signer is chosen; the answer is said, the data redrawn. */
async function act(button, action, args, done) {
  for (const b of document.querySelectorAll('#customer button')) b.disabled = true;
  document.getElementById('customer').dataset.state = 'busy';
  try {
    let text;
    if (wallet) {
      const hash = await viaWallet(action, args);
      text = `${done} Signed by your wallet ${shortHex(wallet.account)}: transaction ${hash}.`;
    } else {
      const path = action === 'ns.terminate' ? `/api/customer/instances/${args.instance}/terminate`
        : `/api/customer/offers/${args.digest}/${action === 'licence.buy' ? 'buy' : 'instantiate'}`;
      const r = await post(path, '', 'text/plain');
      text = `${done}${r.instance && r.instance.id ? ` Instance ${r.instance.id} (${r.instance.kind} licence).` : ''}`
        + `${r.trialActivatedUntil ? ` Trial activated until ${when(r.trialActivatedUntil)}.` : ''} Transaction ${r.transaction}.`;
    }
    await load();
    say(text);
  } catch (e) {
    complain(e);
    await load().catch(() => {});
  } finally {
    document.getElementById('customer').dataset.state = 'idle';
  }
}

// --- what the chain holds --------------------------------------------------------------------

function name(x) {
  return x.product ? `${x.product}${x.version ? ` ${x.version}` : ''}` : x.functionType;
}

function heldText(l) {
  const parts = [];
  if (l.private) parts.push(`private licence bought, ${l.private.inUse} of ${l.private.slots} in use`);
  if (l.trial) parts.push(`trial ${l.trial.expired ? 'expired' : 'until'} ${when(l.trial.expiresAt)}, ${l.trial.inUse} of ${l.trial.slots} in use`);
  return parts.length ? `You hold: ${parts.join('; ')}.` : 'You hold no licence of it yet.';
}

function offer(o) {
  const t = o.terms;
  const buy = t.private && !o.licence.bought
    ? el('button', { type: 'button', class: 'buy' }, `Buy private licence (${wei(t.private.priceWei)} wei)`) : null;
  if (buy) buy.addEventListener('click', () => act(buy, 'licence.buy', { digest: o.digest }, `Bought the private licence of ${name(o)}.`));
  let label = null;
  if (o.instantiateUses === 'trial' && !o.licence.trialActivated) label = `Start trial (${duration(t.trial.seconds)}, first instance)`;
  else if (o.instantiateUses) label = `Instantiate (${o.instantiateUses} licence)`;
  const start = label ? el('button', { type: 'button', class: 'instantiate' }, label) : null;
  if (start) start.addEventListener('click', () => act(start, 'ns.instantiate', { digest: o.digest }, `Started an instance of ${name(o)}.`));
  return el('article', { class: 'offer', 'data-digest': o.digest },
    el('section', {},
      el('h3', {}, name(o), ' ', el('code', {}, `0x${o.digest}`)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Function type'), el('dd', {}, o.functionType),
        el('dt', {}, 'Provider'), el('dd', {}, el('code', {}, o.provider)),
        el('dt', {}, 'Licence terms'), el('dd', { class: 'terms' }, el('ul', { class: 'terms' }, termKinds(t))),
        el('dt', {}, 'Yours'), el('dd', { class: 'held' }, heldText(o.licence))),
      el('p', { class: 'actions' }, buy, ' ', start, ' ', o.product ? el('a', { href: `/packages/${o.digest}` }, 'Package details') : null)));
}

function licencesTable(list) {
  if (!list.length) return el('p', { class: 'muted', id: 'no-licences' }, 'No licences yet: buy a private licence or start a trial below.');
  return el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'Package'), el('th', {}, 'Type'), el('th', {}, 'Acquired'), el('th', {}, 'Expires'),
      el('th', { class: 'num' }, 'Paid (wei)'), el('th', { class: 'num' }, 'Slots used'))),
    el('tbody', {}, list.map((l) => el('tr', { class: `licence ${l.type}`, 'data-digest': l.digest, 'data-type': l.type },
      el('td', {}, name(l), el('br'), el('code', { class: 'small' }, shortHex(`0x${l.digest}`))),
      el('td', { class: 'type' }, l.type),
      el('td', {}, when(l.acquiredAt)),
      el('td', { class: 'expiry' }, l.expiresAt ? `${l.expired ? 'expired ' : ''}${when(l.expiresAt)}` : 'never'),
      el('td', { class: 'num' }, wei(l.paidWei)),
      el('td', { class: 'num slots' }, `${l.inUse} of ${l.slots}`)))));
}

function instancesTable(list) {
  if (!list.length) return el('p', { class: 'muted', id: 'no-instances' }, 'No instances running.');
  return el('table', {},
    el('thead', {}, el('tr', {}, el('th', {}, 'Instance'), el('th', {}, 'Package'), el('th', {}, 'Licence'), el('th', {}, 'Started'), el('th', {}, ''))),
    el('tbody', {}, list.map((i) => {
      const end = el('button', { type: 'button', class: 'terminate' }, 'Terminate');
      end.addEventListener('click', () => act(end, 'ns.terminate', { instance: i.id }, `Terminated instance ${i.id}.`));
      return el('tr', { class: 'instance', 'data-id': i.id, 'data-digest': i.digest },
        el('td', {}, el('code', { class: 'small' }, i.id)), el('td', {}, name(i)), el('td', { class: 'kind' }, i.kind),
        el('td', {}, when(i.startedAt)), el('td', {}, end));
    })));
}

async function load() {
  const q = `?account=${encodeURIComponent(account())}`;
  const [o, l] = await Promise.all([api(`/api/customer/offers${q}`), api(`/api/customer/licences${q}`)]);
  document.getElementById('licences').replaceChildren(licencesTable(l.licences));
  document.getElementById('instances').replaceChildren(instancesTable(l.instances));
  document.getElementById('offers').replaceChildren(...(o.offers.length ? o.offers.map(offer)
    : [el('p', { class: 'muted', id: 'no-offers' }, 'No accepted offer has licence terms yet.')]));
  document.getElementById('customer').dataset.account = o.account;
  // /customer#DIGEST (the package page's link) brings that offer into view, once: not at every refresh.
  const wanted = location.hash.substring(1).toLowerCase();
  const card = !scrolled && /^[0-9a-f]{64}$/.test(wanted) ? document.querySelector(`article.offer[data-digest="${wanted}"]`) : null;
  if (card) {
    card.scrollIntoView();
    card.classList.add('wanted');
    scrolled = true;
  }
}

// --- who signs -----------------------------------------------------------------------------

/** Shows the page's actions when the signer acts as a customer, the role message otherwise. */
function gate(acting, describe, who) {
  const box = document.getElementById('role-message');
  const ok = acting === 'customer';
  box.textContent = ok ? '' : `This page is for customers; ${who} ${describe}.`;
  box.hidden = ok;
  document.getElementById('customer').hidden = !ok;
  return ok;
}

async function connectWallet() {
  const eth = window.ethereum;
  const accounts = await eth.request({ method: 'eth_requestAccounts' });
  if (!accounts || !accounts.length) throw new Error('the wallet shared no account');
  const chain = await api('/api/wallet/chain');
  let id = await eth.request({ method: 'eth_chainId' });
  if (BigInt(id) !== BigInt(chain.chainId)) {
    try {
      await eth.request({ method: 'wallet_switchEthereumChain', params: [{ chainId: chain.chainId }] });
      id = await eth.request({ method: 'eth_chainId' });
    } catch (e) {
      // 4902: the wallet does not know the chain; any other refusal: it stays where it is.
    }
    if (BigInt(id) !== BigInt(chain.chainId)) {
      throw new Error(`Your wallet is on chain ${BigInt(id)} but this portal's marketplace is on chain ${chain.chainIdDecimal} (${chain.chainId}): `
        + 'switch the wallet to that network and try again.');
    }
  }
  const who = await api(`/api/wallet/accounts/${accounts[0]}`);
  wallet = { eth, account: who.address.toLowerCase(), chainId: chain.chainId };
  document.getElementById('signer').textContent = `Signed by your browser wallet: ${who.address} (${who.describe}). The portal prepares each transaction; nothing is signed with the portal's key.`;
  document.getElementById('wallet-connect').hidden = true;
  document.getElementById('wallet-disconnect').hidden = false;
  document.getElementById('wallet').dataset.mode = 'wallet';
  if (gate(who.acting, who.describe, `your wallet's account ${who.address} is`)) await load();
}

function useWalletButtons() {
  const section = document.getElementById('wallet');
  section.hidden = false;
  section.dataset.mode = 'portal';
  document.getElementById('wallet-connect').addEventListener('click', async () => {
    const box = document.getElementById('wallet-problem');
    box.hidden = true;
    try {
      await connectWallet();
    } catch (e) {
      box.textContent = problemText(e);
      box.hidden = false;
    }
  });
  document.getElementById('wallet-disconnect').addEventListener('click', async () => {
    wallet = null;
    section.dataset.mode = 'portal';
    document.getElementById('signer').textContent = "Signed with this portal's key.";
    document.getElementById('wallet-connect').hidden = false;
    document.getElementById('wallet-disconnect').hidden = true;
    if (gate(self.acting, self.describe, 'you are')) await load();
  });
  // The wallet's user may change account or network at any time: its old choice must not sign on.
  if (typeof window.ethereum.on === 'function') {
    window.ethereum.on('accountsChanged', () => { if (wallet) connectWallet().catch(complain); });
    window.ethereum.on('chainChanged', () => { if (wallet) connectWallet().catch(complain); });
  }
}

async function start() {
  self = await me;
  if (window.ethereum && typeof window.ethereum.request === 'function') useWalletButtons();
  if (!gate(self.acting, self.describe, 'you are')) return;
  await load();
}

start().then(() => {
  // Licences (terms, purchases, instances) and Offers (acceptance, retirement) change what this page shows.
  follow((e) => e.contract === 'Licences' || e.contract === 'Offers', () => {
    if (document.getElementById('customer').dataset.state !== 'busy' && !document.getElementById('customer').hidden) load().catch(complain);
  });
}).catch((e) => {
  content.replaceChildren(el('p', { class: 'problem' }, problemText(e)));
}).finally(() => {
  if (content.querySelector('.problem') === null) content.replaceChildren();
  content.removeAttribute('aria-busy');
});
