// The MEC node's page, /mec: what the chain holds about this node (identity, free resources, its deployments), redrawn
// on the chain events that concern it, and what its MEC agent reports (running VNFs, their errors and alerts, recent
// UE requests), polled because the agent's state changes without a chain event. Only a MEC node's portal shows it.
import { api, me, el, when, vcpus, mib, wei, ApiProblem } from './portal.js';
import { follow, mentions } from './live.js';

/** How often the agent's part is read again. */
const AGENT_PERIOD_MS = 3000;

const content = document.getElementById('content');
let deploymentIds = new Set();

function problemText(e) {
  return e instanceof ApiProblem ? `${e.problem.title || 'Refused'}: ${e.message}` : String(e);
}

function table(id, headers, rows, empty) {
  if (rows.length === 0) return el('p', { class: 'muted', id: `no-${id}` }, empty);
  return el('table', { id: `${id}-table` }, el('thead', {}, el('tr', {}, headers.map((h) => el('th', {}, h)))), el('tbody', {}, rows));
}

function service(s) {
  return el('tr', { class: 'service', 'data-function': s.function, 'data-deployment': s.deploymentId },
    el('td', { class: 'function' }, s.function),
    el('td', { class: 'deployment' }, `#${s.deploymentId}`),
    el('td', { class: 'alive' }, el('span', { class: `badge ${s.alive ? 'accepted' : 'failed'}` }, s.alive ? 'running' : 'exited')),
    el('td', { class: 'endpoint' }, el('code', {}, s.endpoint)),
    el('td', { class: 'errors' }, s.errorTotal === 0 ? 'none'
      : el('ul', { class: 'terms' }, s.errors.map((x) => el('li', { title: x.about }, `${x.type}: ${x.count}`)))),
    el('td', { class: 'observations' }, s.observations.length === 0 ? 'none'
      : el('ul', { class: 'terms' }, s.observations.map((o) => el('li', {}, `${o.what}: ${o.count}`)))));
}

function request(r) {
  return el('tr', { class: `ue-request ${r.status === 200 ? 'served' : 'refused'}`, 'data-function': r.function },
    el('td', {}, when(r.at)),
    el('td', { class: 'function' }, r.function),
    el('td', { class: 'status' }, el('span', { class: `badge ${r.status === 200 ? 'accepted' : 'failed'}` }, String(r.status))),
    el('td', { class: 'start' }, r.status !== 200 ? '—' : r.coldStart ? 'cold start' : 'warm'),
    el('td', { class: 'num millis' }, `${r.millis} ms`),
    el('td', { class: 'deployment' }, r.deploymentId ? `#${r.deploymentId}` : '—'),
    el('td', { class: 'problem-text' }, r.problem || ''));
}

let shownAgent = null; // the agent's last answer drawn: the same answer again is not redrawn (no flicker, selection kept)

function showAgent(a) {
  document.getElementById('agent-updated').textContent = `Agent read at ${new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
  const key = JSON.stringify(a);
  if (key === shownAgent) return;
  shownAgent = key;
  document.getElementById('agent-url').textContent = a.url ? `at ${a.url}` : '';
  const problem = document.getElementById('agent-problem');
  problem.textContent = a.problem || '';
  problem.hidden = !a.problem;
  const warning = document.getElementById('agent-warning');
  warning.textContent = a.warning || '';
  warning.hidden = !a.warning;
  document.getElementById('agent-data').hidden = !a.reachable;
  if (a.reachable) {
    document.getElementById('services').replaceChildren(table('services',
      ['Function', 'Deployment', 'State', 'Endpoint', 'Errors', 'Observations (alerts)'], a.services.map(service), 'No VNF runs on this node now.'));
    document.getElementById('requests').replaceChildren(table('requests',
      ['At', 'Function', 'Status', 'Start', 'Time', 'Deployment', 'Problem'], a.requests.map(request), 'No UE request yet.'));
  }
}

function deployment(d) {
  return el('tr', { class: 'deployment', 'data-id': d.id },
    el('td', {}, `#${d.id}`),
    el('td', { class: 'function' }, d.function),
    el('td', { class: 'status' }, el('span', { class: `badge status ${d.status}` }, d.status)),
    el('td', { class: 'offer' }, d.offer ? el('a', { href: `/packages/${d.offer}` }, el('code', {}, `0x${d.offer.substring(0, 12)}…`)) : '—'),
    el('td', {}, when(d.requestedAt)),
    el('td', { class: 'num' }, d.amountDueWei === '0' ? '—' : `${wei(d.amountDueWei)} wei due`));
}

async function load() {
  const o = await api('/api/mec/overview');
  document.getElementById('address').textContent = o.address;
  document.getElementById('status').textContent = o.status;
  document.getElementById('free').textContent = `${vcpus(o.free.vcpuMillis)} · ${mib(o.free.memoryMiB)} memory · ${mib(o.free.diskMiB)} disk`;
  deploymentIds = new Set(o.deployments.map((d) => d.id));
  document.getElementById('deployments').replaceChildren(table('deployments',
    ['Deployment', 'Function', 'Status', 'Offer', 'Requested', 'Due'], o.deployments.map(deployment), 'This node has requested no VNF yet.'));
  showAgent(o.agent);
  document.getElementById('as-of').textContent = 'Updated live from the chain.';
}

let polling = false;
async function poll() {
  if (polling || document.hidden) return; // one read at a time; none while the tab is not shown
  polling = true;
  try {
    showAgent(await api('/api/mec/agent'));
  } catch (e) {
    showAgent({ reachable: false, problem: problemText(e) });
  } finally {
    polling = false;
  }
}

async function start() {
  const m = await me;
  if (m.acting !== 'mec') {
    const box = document.getElementById('role-message');
    box.textContent = `This page is for MEC nodes; you are ${m.describe}.`;
    box.hidden = false;
    return;
  }
  document.getElementById('mec').hidden = false;
  await load();
  // Deployment events name the MEC, except settlement, which names the deployment only.
  follow((e) => e.contract === 'Orchestration' && (mentions(e, m.address) || (e.args.deploymentId !== undefined && deploymentIds.has(String(e.args.deploymentId)))),
    () => load().catch((e) => showAgent({ reachable: false, problem: problemText(e) })));
  setInterval(poll, AGENT_PERIOD_MS);
}

start().catch((e) => {
  content.replaceChildren(el('p', { class: 'problem' }, problemText(e)));
}).finally(() => {
  if (content.querySelector('.problem') === null) content.replaceChildren();
  content.removeAttribute('aria-busy');
});
