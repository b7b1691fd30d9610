// The provider's page, /provider: publish a CSAR (upload progress, the verifier's findings), set licence terms and a
// usage policy, follow each offer and withdraw. Only a provider's portal shows it; others get a plain message.
import { api, post, me, el, wei, when, termKinds, bytes, ApiProblem } from './portal.js';

const content = document.getElementById('content');

function problemText(e) {
  return e instanceof ApiProblem ? `${e.problem.title || 'Refused'}: ${e.message}` : String(e);
}

/** The verifier's findings, one line each as it prints them (file:line: message), with the rule that found them. */
function findings(list) {
  return el('ul', { class: 'findings' }, list.map((f) => el('li', { class: `finding ${f.severity}`, 'data-file': f.file, 'data-line': f.line },
    f.text, f.rule ? el('span', { class: 'muted' }, ` [${f.rule}]`) : null)));
}

function showUploadProblem(e) {
  const box = document.getElementById('upload-problem');
  box.replaceChildren(el('p', {}, problemText(e)), e.problem && e.problem.findings ? findings(e.problem.findings) : null);
  box.hidden = false;
}

/** XHR rather than fetch: only XHR reports upload progress. */
function upload(file, functionType, price) {
  const bar = document.getElementById('upload-progress');
  const text = document.getElementById('upload-text');
  document.getElementById('upload-status').hidden = false;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/provider/packages?functionType=${encodeURIComponent(functionType)}&pricePerSecond=${encodeURIComponent(price)}`);
    xhr.setRequestHeader('Content-Type', 'application/zip');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      bar.value = Math.round((100 * e.loaded) / e.total);
      text.textContent = `Uploaded ${bytes(e.loaded)} of ${bytes(e.total)}`;
    };
    xhr.upload.onload = () => {
      bar.value = 100;
      text.textContent = `Uploaded ${bytes(file.size)}; verifying, encrypting and publishing…`;
    };
    xhr.onload = () => {
      let body = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch (e) {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body);
      else reject(new ApiProblem(xhr.status, body));
    };
    xhr.onerror = () => reject(new Error('the upload failed: the portal could not be reached'));
    xhr.send(file);
  });
}

function termsForm(o) {
  const t = o.terms.set ? o.terms : {};
  const form = el('form', { class: 'terms-form' },
    el('fieldset', {}, el('legend', {}, 'Licence terms'),
      el('label', { class: 'inline' }, el('input', { type: 'checkbox', name: 'public', checked: !!t.public }), ' Public (free, no limit)'),
      el('label', {}, 'Trial days', el('input', { name: 'trialDays', inputmode: 'numeric', value: t.trial ? t.trial.seconds / 86400 : '' })),
      el('label', {}, 'Trial instances at a time', el('input', { name: 'trialSlots', inputmode: 'numeric', value: t.trial ? t.trial.slots : '' })),
      el('label', {}, 'Private price (wei)', el('input', { name: 'privatePrice', inputmode: 'numeric', value: t.private ? t.private.priceWei : '' })),
      el('label', {}, 'Private instances at a time', el('input', { name: 'privateSlots', inputmode: 'numeric', value: t.private ? t.private.slots : '' })),
      el('button', { type: 'submit' }, 'Set terms')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const f = form.elements;
    const body = { public: f.public.checked };
    if (f.trialDays.value || f.trialSlots.value) body.trial = { days: Number(f.trialDays.value), slots: Number(f.trialSlots.value) };
    if (f.privatePrice.value || f.privateSlots.value) body.private = { priceWei: f.privatePrice.value, slots: Number(f.privateSlots.value) };
    act(o, 'terms', JSON.stringify(body), 'application/json');
  });
  return form;
}

function policyForm(o) {
  const form = el('form', { class: 'policy-form' },
    el('fieldset', {}, el('legend', {}, 'Usage policy (YAML)'),
      el('textarea', { name: 'policy', spellcheck: 'false', placeholder: 'vnfx-policy: 1\nallow: [instantiate]' }),
      el('button', { type: 'submit' }, 'Attach policy')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    act(o, 'policy', form.elements.policy.value, 'application/yaml');
  });
  return form;
}

/** One offer's action; the card is redrawn from the answer, or shows the refusal. */
async function act(o, action, body, type) {
  const card = document.querySelector(`article.offer[data-digest="${o.digest}"]`);
  try {
    card.replaceWith(offer(await post(`/api/provider/offers/${o.digest}/${action}`, body, type)));
  } catch (e) {
    const box = card.querySelector('.offer-problem');
    box.textContent = problemText(e);
    box.hidden = false;
  }
}

function offer(o) {
  const retire = el('button', { type: 'button', class: 'retire' }, 'Retire offer');
  retire.addEventListener('click', () => act(o, 'retire', '', 'text/plain'));
  const d = o.deployments;
  return el('article', { class: 'offer', 'data-digest': o.digest },
    el('section', {},
      el('h3', {}, el('span', { class: `badge status ${o.status}` }, o.status), ' ', o.product || o.functionType, ' ', el('code', {}, `0x${o.digest}`)),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Function type'), el('dd', {}, o.functionType),
        el('dt', {}, 'Base price'), el('dd', { class: 'price' }, `${wei(o.pricePerSecondWei)} wei per second`),
        el('dt', {}, 'Attestations'), el('dd', { class: 'attestations' }, `${o.attestations.passes} pass, ${o.attestations.fails} fail of ${o.attestations.threshold} needed`),
        el('dt', {}, 'Deployments'), el('dd', { class: 'deployments' }, d.length === 0 ? 'none yet'
          : d.map((x) => `#${x.id} ${x.status} on ${x.mec.substring(0, 10)}… (${when(x.grantedAt)})`).join('; ')),
        el('dt', {}, 'Settled sessions'), el('dd', {}, String(o.sessions)),
        el('dt', {}, 'Licence terms'), el('dd', { class: 'terms' }, o.terms.set ? el('ul', { class: 'terms' }, termKinds(o.terms)) : 'none set: no licence can be acquired'),
        el('dt', {}, 'Usage policy'), el('dd', { class: 'policy' }, o.policy ? el('ul', { class: 'terms' }, o.policy.map((w) => el('li', {}, w))) : 'none attached')),
      el('p', { class: 'problem offer-problem', hidden: true }),
      o.status === 'retired' ? null : el('div', { class: 'forms' }, termsForm(o), policyForm(o)),
      o.status === 'retired' ? null : el('p', {}, retire)));
}

function balances(b) {
  document.getElementById('settlement').textContent = `${wei(b.settlementWei)} wei`;
  document.getElementById('licence-sales').textContent = `${wei(b.licenceSalesWei)} wei`;
}

async function load() {
  const o = await api('/api/provider/offers');
  balances(o.balances);
  const list = document.getElementById('offers');
  list.replaceChildren(...(o.offers.length ? o.offers.map(offer) : [el('p', { class: 'muted', id: 'no-offers' }, 'No offers yet.')]));
}

async function start() {
  const m = await me;
  if (m.acting !== 'provider') {
    const box = document.getElementById('role-message');
    box.textContent = `This page is for providers; you are ${m.describe}.`;
    box.hidden = false;
    return;
  }
  document.getElementById('provider').hidden = false;
  document.getElementById('upload-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    document.getElementById('upload-problem').hidden = true;
    const file = document.getElementById('csar').files[0];
    try {
      const p = await upload(file, document.getElementById('function-type').value, document.getElementById('price').value);
      document.getElementById('upload-text').textContent = p.alreadyOffered ? `0x${p.digest} was already offered by you` : `Published 0x${p.digest}`;
      await load();
    } catch (err) {
      document.getElementById('upload-text').textContent = 'Not published.';
      showUploadProblem(err);
    }
  });
  document.getElementById('withdraw').addEventListener('click', async () => {
    const out = document.getElementById('withdraw-result');
    try {
      const r = await post('/api/provider/withdraw', '', 'text/plain');
      out.textContent = `Withdrew ${wei(r.settlementWei)} wei of sessions and ${wei(r.licenceSalesWei)} wei of licence sales.`;
      out.className = 'ok';
      await load();
    } catch (err) {
      out.textContent = problemText(err);
      out.className = 'problem';
    }
  });
  await load();
}

start().catch((e) => {
  content.replaceChildren(el('p', { class: 'problem' }, problemText(e)));
}).finally(() => {
  if (content.querySelector('.problem') === null) content.replaceChildren();
  content.removeAttribute('aria-busy');
});
