// The catalogue page: the form's fields are the search API's parameters; the page's own address carries them, so
// a search can be bookmarked, shared and reloaded, and Back returns to the previous one.
import { follow } from './live.js';
import { api, el, needs, reputation, wei, lower, ApiProblem } from './portal.js';

const form = document.getElementById('search');
const params = new URLSearchParams(location.search);

function fill() {
  for (const [name, value] of params) {
    const field = form.elements.namedItem(name);
    if (field) field.value = value;
  }
  const kind = (params.get('kind') || '').toLowerCase();
  for (const tab of document.querySelectorAll('#kinds a')) {
    if (tab.dataset.kind === kind) tab.setAttribute('aria-current', 'page');
  }
  const filtered = [...params.keys()].some((k) => !['q', 'offset', 'kind'].includes(k));
  if (filtered) document.getElementById('filters').open = true;
}

/** The address of this search with other values (null removes one); empty fields are left out. */
function address(changes) {
  const next = new URLSearchParams();
  for (const [k, v] of params) if (v !== '') next.set(k, v);
  for (const [k, v] of Object.entries(changes)) {
    if (v === null || v === '') next.delete(k);
    else next.set(k, v);
  }
  const q = next.toString();
  return q ? `/?${q}` : '/';
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = new URLSearchParams();
  for (const [k, v] of new FormData(form)) if (String(v).trim() !== '') next.set(k, String(v).trim());
  const q = next.toString();
  location.assign(q ? `/?${q}` : '/');
});

function row(item) {
  const link = el('a', { href: `/packages/${item.digest}`, class: 'product' }, item.product);
  return el('tr', { class: 'result', 'data-digest': item.digest },
    el('td', {}, link, ' ', el('span', { class: 'version' }, item.version),
      item.description ? el('div', { class: 'muted small' }, item.description) : null),
    el('td', {}, item.kind === 'NS' ? 'network service' : 'VNF'),
    el('td', { class: 'provider' }, item.provider),
    el('td', { class: 'function' }, item.functionType || '—'),
    el('td', {}, item.offerStatus ? el('span', { class: `badge ${lower(item.offerStatus)}` }, lower(item.offerStatus)) : 'not offered'),
    el('td', { class: 'num reputation' }, reputation(item.reputation)),
    el('td', { class: 'needs' }, item.kind === 'NS' ? '—' : needs(item.needs)),
    el('td', { class: 'num' }, item.pricePerSecondWei ? wei(item.pricePerSecondWei) : '—'));
}

function show(page) {
  const table = document.getElementById('results');
  const body = table.querySelector('tbody');
  body.replaceChildren(...page.items.map(row));
  table.hidden = page.items.length === 0;
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  const summary = document.getElementById('summary');
  if (page.items.length === 0) {
    summary.textContent = page.offset > 0 ? 'No more packages match.' : 'No package matches.';
  } else {
    summary.textContent = page.offset === 0 && !page.more
      ? `${page.items.length} package${page.items.length === 1 ? '' : 's'} found.`
      : `Packages ${first}–${last}${page.more ? ' (more on the next page)' : ''}.`;
  }
  const limit = Number(params.get('limit')) || 20;
  const previous = document.getElementById('previous');
  previous.hidden = page.offset === 0;
  previous.href = address({ offset: page.offset - limit > 0 ? page.offset - limit : null });
  const next = document.getElementById('next');
  next.hidden = !page.more;
  next.href = address({ offset: last });
}

function fail(e) {
  const box = document.getElementById('problem');
  const refused = e instanceof ApiProblem && e.status < 500; // the request's fault, not the catalogue's
  box.textContent = refused ? `The search was refused: ${e.message}` : `The catalogue could not be searched: ${e.message}`;
  box.hidden = false;
  if (e instanceof ApiProblem && e.parameter) {
    const field = form.elements.namedItem(e.parameter);
    if (field) {
      field.classList.add('invalid');
      field.setAttribute('aria-invalid', 'true');
      document.getElementById('filters').open = true;
    }
  }
  document.getElementById('summary').textContent = '';
}

fill();
document.getElementById('summary').textContent = 'Searching…';
api(`/api/catalogue/search?${params}`).then(show, fail);

// Offers, licences and attestations change what is listed: search again. The catalogue is the indexer's read model of
// the chain, so the answer may lag the event by the indexer's poll; the next event brings it up to date.
follow((e) => ['Offers', 'Licences', 'Attestations'].includes(e.contract), () => api(`/api/catalogue/search?${params}`).then(show, fail));
