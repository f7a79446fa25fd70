// The connection to sse-serve's /events. EventSource resumes by itself with Last-Event-ID after a
// network error; when it gives up (the server was down and answered with an error, or the
// response was not an event stream) we open a new one ourselves, with back-off, passing the
// last id as `last_event_id=` so the server replays what we missed (or sends `reset`).

const kEventTypes = ['tweet', 'trends', 'reset', 'lag'];

export class Stream {
  /**
   * @param {string} base    the events path, e.g. "/events"
   * @param {object} handlers {onEvent(type, data, id), onState(state, detail)}
   */
  constructor(base, handlers) {
    this.base = base;
    this.handlers = handlers;
    this.source = null;
    this.params = {};
    this.lastEventId = '';
    this.retryMs = 1000;
    this.retryTimer = 0;
    this.state = 'idle';
    this.url = '';
    this.connects = 0;
    this.probeAbort = null;
  }

  /** Subscribes with new query parameters (a new filter starts a new stream: no resume). */
  subscribe(params) {
    this.params = params;
    this.lastEventId = '';
    this.retryMs = 1000; // a new subscription does not inherit the last one's back-off
    this.open(false);
  }

  open(resume) {
    this.close();
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(this.params)) {
      if (v !== '' && v !== undefined && v !== null) q.set(k, String(v));
    }
    if (resume && this.lastEventId) {
      q.set('last_event_id', this.lastEventId);
      q.delete('since');
    }
    const qs = q.toString();
    this.url = qs ? `${this.base}?${qs}` : this.base;
    this.setState('connecting');
    const es = new EventSource(this.url);
    this.source = es;
    this.connects++;
    es.onopen = () => {
      if (this.source !== es) return;
      this.retryMs = 1000;
      this.setState('live');
    };
    es.onerror = () => {
      if (this.source !== es) return;
      if (es.readyState === EventSource.CLOSED) {
        // EventSource gave up. It does not say why, so ask once: a 4xx is the server refusing
        // this request (an invalid filter), which a retry cannot fix; anything else is retried.
        this.close();
        this.probe(this.url);
      } else {
        this.setState('reconnecting');
      }
    };
    const deliver = (e) => {
      if (this.source !== es) return;
      if (e.lastEventId) this.lastEventId = e.lastEventId;
      if (this.state !== 'live') this.setState('live');
      this.handlers.onEvent(e.type === 'message' ? 'tweet' : e.type, e.data, e.lastEventId);
    };
    for (const t of kEventTypes) es.addEventListener(t, deliver);
    es.onmessage = deliver;
  }

  /** Fetches the stream's URL to learn its status: 4xx -> 'rejected' with the server's text. */
  async probe(url) {
    const ac = new AbortController();
    this.probeAbort = ac;
    let status = 0;
    let text = '';
    try {
      const r = await fetch(url, { signal: ac.signal, headers: { Accept: 'text/event-stream' }, cache: 'no-store' });
      status = r.status;
      if (status >= 400 && status < 500) text = (await r.text()).trim().slice(0, 300);
      ac.abort();
    } catch {
      status = 0; // network error (server down) or aborted
    }
    if (this.probeAbort !== ac || this.url !== url) return; // superseded by a new subscription
    this.probeAbort = null;
    if (status >= 400 && status < 500) {
      this.setState('rejected', { status, message: text || `HTTP ${status}` });
    } else {
      this.scheduleRetry();
    }
  }

  scheduleRetry() {
    this.close();
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, 30000);
    this.setState('offline', { retryInMs: wait });
    this.retryTimer = window.setTimeout(() => {
      this.retryTimer = 0;
      this.open(true);
    }, wait);
  }

  /** Reconnects now (the "retry" button). */
  retryNow() {
    this.retryMs = 1000;
    this.open(true);
  }

  close() {
    if (this.probeAbort) {
      this.probeAbort.abort();
      this.probeAbort = null;
    }
    if (this.retryTimer) {
      window.clearTimeout(this.retryTimer);
      this.retryTimer = 0;
    }
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  setState(state, detail) {
    this.state = state;
    this.handlers.onState(state, detail || {});
  }
}
