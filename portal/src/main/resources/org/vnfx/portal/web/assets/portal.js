// What every page of dPortal shares: reading the JSON API, building elements, showing numbers the way people read them.
// Elements are always built with textContent, never from HTML strings: catalogue text comes from providers' descriptors.

/** An API answer that is not 2xx: its RFC 7807 problem (title, status, detail, invalid-params). */
export class ApiProblem extends Error {
  constructor(status, problem) {
    super(problem && problem.detail ? problem.detail : `the portal answered ${status}`);
    this.status = status;
    this.problem = problem || {};
  }

  /** The request parameter the problem names, if any. */
  get parameter() {
    const p = this.problem['invalid-params'];
    return p && p.length ? p[0].name : null;
  }
}

export function api(path) {
  return request(path, { headers: { Accept: 'application/json' } });
}

/** A state-changing action: POST to the API; a refusal (403 role, 409 chain, 4xx input) is thrown as its problem. */
export function post(path, body, type, headers) {
  return request(path, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': type || 'application/json', ...headers }, body });
}

async function request(path, init) {
  const r = await fetch(path, init);
  let body = null;
  try {
    body = await r.json();
  } catch (e) {
    body = null;
  }
  if (!r.ok) throw new ApiProblem(r.status, body);
  return body;
}

/** el('a', {href: '/x', class: 'y'}, 'text', child, ...): attributes and children; null children are skipped. */
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function vcpus(millis) {
  return `${(millis / 1000).toLocaleString('en', { maximumFractionDigits: 3 })} vCPU`;
}

export function mib(n) {
  return n >= 1024 && n % 1024 === 0 ? `${n / 1024} GiB` : `${n.toLocaleString('en')} MiB`;
}

export function needs(n) {
  return `${vcpus(n.vcpuMillis)} · ${mib(n.memoryMiB)} · ${mib(n.diskMiB)} disk`;
}

export function bytes(n) {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

/** Wei are strings in the API (beyond 2^53); grouped by thousands for reading. */
export function wei(text) {
  return text.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function reputation(r) {
  return r === null || r === undefined ? 'not rated yet' : r.toFixed(3);
}

export function when(iso) {
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

export function lower(name) {
  return name ? name.toLowerCase() : '—';
}

export function duration(seconds) {
  if (seconds % 86400 === 0) return `${seconds / 86400} day${seconds === 86400 ? '' : 's'}`;
  if (seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  return `${seconds} seconds`;
}

/** Licence terms as set (the API's terms object with set true), one list item per kind offered. */
export function termKinds(t) {
  const kinds = [];
  if (t.public) kinds.push(el('li', { class: 'public' }, 'Public: free, no limit on instances.'));
  if (t.trial) {
    kinds.push(el('li', { class: 'trial' }, `Trial: ${duration(t.trial.seconds)} from the first instance, `
      + `at most ${t.trial.slots} instance${t.trial.slots === 1 ? '' : 's'} at a time.`));
  }
  if (t.private) {
    kinds.push(el('li', { class: 'private' }, `Private: ${wei(t.private.priceWei)} wei, `
      + `at most ${t.private.slots} instance${t.private.slots === 1 ? '' : 's'} at a time per customer.`));
  }
  return kinds;
}

/** Who the portal signs as (GET /api/me), asked once per page. */
export const me = api('/api/me');

// The navigation shows the pages of the user's role only, and says who the user is.
me.then((m) => {
  for (const a of document.querySelectorAll('nav a[data-role]')) a.hidden = a.dataset.role !== m.acting;
  const who = document.getElementById('me');
  if (who) who.textContent = `${m.address.substring(0, 10)}… · ${m.describe}`;
}).catch(() => {
  const who = document.getElementById('me');
  if (who) who.textContent = 'who you are could not be read from the chain';
});
