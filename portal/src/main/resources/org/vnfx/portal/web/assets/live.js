// Live updates: the chain events the portal streams at /api/events (Server-Sent Events, one decoded event each), so
// that a page refreshes its data when an event concerns it instead of being reloaded. EventSource reconnects by itself
// and sends the last id it saw; the portal then replays what was missed.

/**
 * Calls refresh() after each burst of events for which concerns(event) holds. The page's <body> carries
 * data-live="open" while the stream is connected (and "connecting" otherwise).
 */
export function follow(concerns, refresh) {
  const source = new EventSource('/api/events');
  let timer = null;
  document.body.dataset.live = 'connecting';
  source.onopen = () => { document.body.dataset.live = 'open'; };
  source.onerror = () => { document.body.dataset.live = 'connecting'; };
  source.onmessage = (m) => {
    let e;
    try {
      e = JSON.parse(m.data);
    } catch (err) {
      return;
    }
    if (!concerns(e)) return;
    // One transaction emits several events (a session: uninstall, reputation, payment): refresh once after them.
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  // A page left (or kept in the back-forward cache) gives its connection back: browsers allow only a few per server.
  window.addEventListener('pagehide', () => source.close());
  window.addEventListener('pageshow', (ev) => { if (ev.persisted) follow(concerns, refresh); });
  return source;
}

/** Whether any of the event's arguments is (or, for a list, holds) this value, compared in lower case. */
export function mentions(e, value) {
  const v = String(value).toLowerCase();
  return Object.values(e.args).some((a) => (Array.isArray(a) ? a.map(String) : [String(a)]).some((x) => x.toLowerCase() === v));
}
