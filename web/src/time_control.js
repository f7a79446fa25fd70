// The time bar under the map: scrub or replay the last hour. Dragging it (or its keys) pins the
// stream clock at that moment and loads, from the server's GET /history, the posts of the fade
// window ending there and the trends snapshot of that moment; Play moves the moment on at a
// speed, loading the history ahead in chunks; Live (or reaching now) goes back to the live
// stream. The moment is in the URL as `t=` (seconds before now). See docs/WEB.md, "Time bar".
import { ingest, newCounters, parseRecord } from './ingest.js';

export const kSpanS = 3600; // how far back the bar goes (the server's longest /history range)
const kKeyStepS = 5; // arrow keys move the moment this much; Page Up/Down a tenth of the bar
const kPageS = 360;
const kTrendsBackMs = 600000; // a trends snapshot older than this is not "of that moment"
const kSeekDebounceMs = 120; // while dragging, load the moment once the thumb rests this long
const kTickMs = 250; // play and the bar's clock step
const kLiveSlackS = 2; // this close to now is live

/** "12 minutes 30 seconds ago" (whole seconds; "live" at 0). */
export function agoWords(s) {
  const n = Math.max(0, Math.round(s));
  if (n === 0) return 'live';
  const m = Math.floor(n / 60);
  const sec = n % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  if (sec) parts.push(`${sec} second${sec === 1 ? '' : 's'}`);
  return `${parts.join(' ')} ago`;
}

/** "−12:30" for 750 s back. */
export function agoShort(s) {
  const n = Math.max(0, Math.round(s));
  return `−${Math.floor(n / 60)}:${String(n % 60).padStart(2, '0')}`;
}

/** HH:MM:SS local time of ms `t`. */
export function clockText(t) {
  const d = new Date(t);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((v) => String(v).padStart(2, '0')).join(':');
}

/** The `t=` of a query string: seconds back, 0 (live) when absent or not a number, at most the bar. */
export function readOffset(search) {
  const v = Number(new URLSearchParams(search).get('t'));
  return Number.isFinite(v) && v > 0 ? Math.min(kSpanS, Math.round(v)) : 0;
}

/** The filters of /events (track, lang, reposts, ...) added to a query; empty ones left out. */
function addFilters(q, filters) {
  for (const [k, v] of Object.entries(filters || {})) if (v !== '' && v !== undefined && v !== null) q.set(k, String(v));
}

/**
 * The /history query of the posts shown at moment `at` (ms) with a fade window of `fadeMs`,
 * under the page's filters ({track, lang, reposts}).
 */
export function postsQuery(at, fadeMs, limit, filters) {
  const q = new URLSearchParams();
  q.set('types', 'tweet');
  q.set('from', String(Math.round(at - Math.min(fadeMs, kSpanS * 1000))));
  q.set('until', String(Math.round(at)));
  q.set('limit', String(limit));
  addFilters(q, filters);
  return q.toString();
}

/** The /history query of the trends snapshot of moment `at`: the last one of the 10 min before. */
export function trendsQuery(at) {
  return `types=trends&from=${Math.round(at - kTrendsBackMs)}&until=${Math.round(at)}&limit=1`;
}

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export class TimeControl {
  /**
   * @param {HTMLElement} root the (empty) time bar element
   * @param {object} o {historyPath, store, clock, rate, layer, trends, fadeMs(), filters() (the /events filters),
   *   goLive() (subscribes again), redraw() (marks the map dirty)}
   */
  constructor(root, o) {
    this.o = o;
    this.root = root;
    this.at = NaN; // the moment shown (stream ms), NaN = live
    this.playing = false;
    this.speed = 10;
    this.loads = 0; // moments loaded
    this.lastScrub = null; // {at, ms, firstMs, posts, lines, truncated, trendsTs}: the last load
    this.oldest = NaN; // the oldest event time the server keeps (X-History-Oldest)
    this.liveTrends = null; // the last live trends event, shown again on Live
    this.abort = null;
    this.seekTimer = 0;
    this.pending = []; // play: loaded posts not yet shown, oldest first ({rec, data})
    this.loadedUntil = NaN; // play: the history is loaded up to here
    this.chunkLoading = false;
    this.scratch = newCounters(); // what past posts count (not the live counters)
    this.error = ''; // why the moment shown could not be loaded ("" = it was)
    this.build();
    window.setInterval(() => this.tick(), kTickMs);
  }

  get past() {
    return Number.isFinite(this.at);
  }

  /** Seconds between the moment shown and now (0 live). */
  get offsetS() {
    return this.past ? Math.max(0, (this.liveNow() - this.at) / 1000) : 0;
  }

  liveNow() {
    return this.o.clock.liveNow(Date.now());
  }

  build() {
    const r = this.root;
    r.hidden = false;
    this.playBtn = el('button', { type: 'button', id: 'time-play', 'aria-pressed': 'false', title: 'Replay from the moment shown' }, 'Play');
    this.speedSel = el('select', { id: 'time-speed', 'aria-label': 'Replay speed' });
    for (const s of [1, 10, 60]) {
      const opt = el('option', { value: String(s) }, `${s}×`);
      if (s === this.speed) opt.selected = true;
      this.speedSel.appendChild(opt);
    }
    const track = el('div', { class: 'tm-time-track' });
    this.slider = el('input', {
      type: 'range', id: 'time-slider', min: String(-kSpanS), max: '0', step: '1', value: '0',
      'aria-label': 'Moment shown on the map, up to an hour back',
    });
    const ticks = el('div', { class: 'tm-time-ticks', 'aria-hidden': 'true' });
    for (const t of ['−60 min', '−45', '−30', '−15', 'now']) ticks.appendChild(el('span', {}, t));
    this.avail = el('div', { class: 'tm-time-gone', 'aria-hidden': 'true' });
    track.append(this.avail, this.slider, ticks);
    // Not a live region: the offset grows every second while a moment is shown.
    this.label = el('output', { id: 'time-label', for: 'time-slider', class: 'tm-time-label', 'aria-live': 'off' });
    this.liveBtn = el('button', { type: 'button', id: 'time-live', 'aria-pressed': 'true', title: 'Back to the live stream' }, 'Live');
    r.append(this.playBtn, this.speedSel, track, this.label, this.liveBtn);

    // While a pointer holds the thumb, the bar's clock does not move it.
    this.dragging = false;
    this.slider.addEventListener('pointerdown', () => {
      this.dragging = true;
    });
    for (const ev of ['pointerup', 'pointercancel']) window.addEventListener(ev, () => {
      this.dragging = false;
    });
    this.slider.addEventListener('input', () => {
      // While dragging: show the moment under the thumb at once, load it when the thumb rests.
      this.setPlaying(false);
      const v = Number(this.slider.value);
      window.clearTimeout(this.seekTimer);
      if (v >= -kLiveSlackS) {
        this.seekTimer = window.setTimeout(() => this.goLive(), kSeekDebounceMs);
        return;
      }
      this.showLabel(-v, this.liveNow() + v * 1000);
      this.seekTimer = window.setTimeout(() => this.seek(this.liveNow() + v * 1000), kSeekDebounceMs);
    });
    this.slider.addEventListener('change', () => {
      window.clearTimeout(this.seekTimer);
      const v = Number(this.slider.value);
      if (v >= -kLiveSlackS) this.goLive();
      else this.seek(this.liveNow() + v * 1000);
    });
    // Keys move the moment itself (not the thumb's rounded position): arrows 5 s, Page Up/Down
    // a tenth of the bar, Home an hour back, End live.
    this.slider.addEventListener('keydown', (e) => {
      const moves = { ArrowLeft: -kKeyStepS, ArrowDown: -kKeyStepS, ArrowRight: kKeyStepS, ArrowUp: kKeyStepS, PageDown: -kPageS, PageUp: kPageS };
      if (e.key === 'Home' || e.key === 'End' || e.key in moves) e.preventDefault();
      else return;
      this.setPlaying(false);
      const now = this.liveNow();
      if (e.key === 'End') return this.goLive();
      if (e.key === 'Home') return this.seek(now - kSpanS * 1000);
      const from = this.past ? this.at : now;
      const at = Math.max(now - kSpanS * 1000, from + moves[e.key] * 1000);
      if (at >= now - kLiveSlackS * 1000) this.goLive();
      else this.seek(at);
    });
    this.liveBtn.addEventListener('click', () => this.goLive());
    this.playBtn.addEventListener('click', () => {
      if (this.playing) return this.setPlaying(false);
      // Play from live replays the whole bar.
      if (!this.past) this.seek(this.liveNow() - kSpanS * 1000).then(() => this.setPlaying(true));
      else this.setPlaying(true);
    });
    this.speedSel.addEventListener('change', () => {
      this.speed = Number(this.speedSel.value) || 1;
    });
    this.render();
  }

  showLabel(backS, at) {
    if (backS <= 0) this.label.textContent = 'live';
    else if (this.error) this.label.textContent = this.error;
    else this.label.replaceChildren(agoShort(backS), el('span', { class: 'tm-time-clock' }, ` · ${clockText(at)}`));
    const words = backS <= 0 ? 'live' : `${agoWords(backS)}, at ${clockText(at)}${this.playing ? `, playing at ${this.speed} times` : ''}`;
    this.slider.setAttribute('aria-valuetext', words);
  }

  render() {
    const back = this.offsetS;
    if (this.dragging) return;
    this.slider.value = String(-Math.min(kSpanS, Math.round(back)));
    this.showLabel(back, this.at);
    this.root.dataset.mode = this.past ? (this.playing ? 'playing' : 'past') : 'live';
    this.liveBtn.setAttribute('aria-pressed', String(!this.past));
    this.liveBtn.disabled = !this.past;
    this.playBtn.setAttribute('aria-pressed', String(this.playing));
    this.playBtn.textContent = this.playing ? 'Pause replay' : 'Play';
    // The part of the bar the server no longer keeps, hatched.
    const goneS = Number.isFinite(this.oldest) ? Math.max(0, kSpanS - (this.liveNow() - this.oldest) / 1000) : 0;
    this.avail.style.width = `${(100 * Math.min(kSpanS, goneS)) / kSpanS}%`;
    this.avail.title = goneS > 0 ? `The server keeps only the last ${Math.round((kSpanS - goneS) / 60)} min` : '';
  }

  writeUrl() {
    const q = new URLSearchParams(window.location.search);
    if (this.past) q.set('t', String(Math.round(this.offsetS)));
    else q.delete('t');
    const qs = q.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${qs ? `?${qs}` : ''}${window.location.hash}`);
  }

  /**
   * GET /history?query. Without `onLines`: {lines, truncated}. With it, the body is read as it
   * arrives and its lines handed over in chunks (parsing overlaps the transfer): {count, truncated}.
   */
  async fetchLines(query, signal, onLines) {
    const r = await fetch(`${this.o.historyPath}?${query}`, { signal, cache: 'no-store' });
    if (!r.ok) throw new Error((await r.text()).trim() || `HTTP ${r.status}`);
    const oldest = Number(r.headers.get('X-History-Oldest'));
    if (r.headers.has('X-History-Oldest') && Number.isFinite(oldest)) this.oldest = oldest;
    const truncated = r.headers.get('X-History-Truncated') === '1';
    if (!onLines || !r.body || typeof TextDecoderStream === 'undefined') {
      const lines = (await r.text()).split('\n').filter((l) => l !== '');
      if (!onLines) return { lines, truncated };
      onLines(lines);
      return { count: lines.length, truncated };
    }
    const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
    let rest = '';
    let count = 0;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      const parts = (rest + value).split('\n');
      rest = parts.pop();
      count += parts.length;
      onLines(parts);
    }
    if (rest) {
      count++;
      onLines([rest]);
    }
    return { count, truncated };
  }

  /** Shows the map as of stream time `at` (ms): the fade window's posts and the trends then. */
  async seek(at) {
    const { store, clock, rate, layer, trends } = this.o;
    const t0 = performance.now();
    at = Math.min(at, this.liveNow());
    this.at = at;
    clock.pin(at);
    this.pending = [];
    this.loadedUntil = at;
    this.error = '';
    this.label.title = '';
    if (this.abort) this.abort.abort();
    const ac = new AbortController();
    this.abort = ac;
    this.render();
    this.writeUrl();
    // The posts go into the store as they arrive (the store is emptied at the first of them,
    // so the moment shown until then stays); a newer moment aborts this one.
    let n = 0;
    let firstMs = NaN;
    const onPosts = (lines) => {
      if (Number.isNaN(firstMs)) {
        firstMs = performance.now() - t0;
        store.clear();
        rate.clear();
      }
      for (const line of lines) if (line !== '' && this.show(line, parseRecord(line), at)) n++;
    };
    let posts;
    let snap;
    try {
      [posts, snap] = await Promise.all([
        this.fetchLines(postsQuery(at, this.o.fadeMs(), store.capacity, this.o.filters()), ac.signal, onPosts),
        this.fetchLines(trendsQuery(at), ac.signal),
      ]);
    } catch (e) {
      if (ac.signal.aborted) return;
      this.error = `history unavailable: ${String(e.message || e).slice(0, 120)}`;
      this.label.title = this.error;
      this.render();
      return;
    }
    if (this.abort !== ac || this.at !== at) return; // a newer moment was asked for
    this.abort = null;
    if (Number.isNaN(firstMs)) {
      store.clear(); // nothing was posted in that window
      rate.clear();
    }
    if (snap.lines.length) trends.update(snap.lines[snap.lines.length - 1]);
    else {
      trends.latest = null;
      trends.renderServer();
    }
    store.expire(at - layer.fadeMs);
    layer.draw();
    this.o.redraw();
    this.loads++;
    this.lastScrub = { at, ms: performance.now() - t0, firstMs, posts: n, lines: posts.count, truncated: posts.truncated, trendsTs: snap.lines.length ? (parseRecord(snap.lines[0]) || {}).ts : null };
    this.render();
  }

  /** Puts one past post on the map (when it has a position); true when it was added. */
  show(line, rec, at) {
    if (!rec || typeof rec.ts !== 'number' || !Number.isFinite(rec.ts)) return false;
    this.o.rate.add(rec.ts, at);
    return ingest(line, this.o.store, this.scratch, rec.ts, rec);
  }

  setPlaying(on) {
    if (on && !this.past) return;
    this.playing = on;
    this.render();
  }

  /** Back to the live stream: a new subscription fills the map again. */
  goLive() {
    window.clearTimeout(this.seekTimer);
    this.seekTimer = 0;
    if (this.abort) this.abort.abort();
    this.abort = null;
    const was = this.past;
    this.at = NaN;
    this.playing = false;
    this.pending = [];
    this.o.clock.unpin();
    this.render();
    this.writeUrl();
    if (!was) return;
    if (this.liveTrends) this.o.trends.update(this.liveTrends);
    this.o.goLive();
  }

  /** A live event while the map shows the past: only the trends are kept, for Live. */
  onLiveEvent(type, data) {
    if (type === 'trends') this.liveTrends = data;
  }

  /** The filter changed while in the past: load the moment again with it. */
  reload() {
    if (this.past) this.seek(this.at);
  }

  tick() {
    if (this.playing && !this.abort) this.step(kTickMs * this.speed);
    this.render();
  }

  /** Play: moves the moment on by `ms`, showing the posts posted in between. */
  step(ms) {
    const { store, layer, trends } = this.o;
    const at = this.at + ms;
    if (at >= this.liveNow() - kLiveSlackS * 1000) {
      this.goLive();
      return;
    }
    this.at = at;
    this.o.clock.pin(at);
    let k = 0;
    while (k < this.pending.length && this.pending[k].rec.ts <= at) {
      const p = this.pending[k++];
      if (p.rec.type === 'trends') trends.update(p.line);
      else this.show(p.line, p.rec, at);
    }
    if (k) this.pending.splice(0, k);
    store.expire(at - layer.fadeMs);
    this.o.redraw();
    // Keep ten ticks of history loaded ahead.
    const ahead = Math.max(5000, 10 * kTickMs * this.speed);
    if (!this.chunkLoading && this.loadedUntil < at + ahead) this.loadChunk(this.loadedUntil, this.loadedUntil + 2 * ahead);
  }

  async loadChunk(from, until) {
    this.chunkLoading = true;
    const q = new URLSearchParams({ types: 'tweet,trends', from: String(Math.round(from + 1)), until: String(Math.round(until)), limit: String(this.o.store.capacity) });
    addFilters(q, this.o.filters());
    try {
      const { lines } = await this.fetchLines(q.toString());
      if (!this.past) return;
      const recs = [];
      for (const line of lines) {
        const rec = parseRecord(line);
        if (rec && typeof rec.ts === 'number' && rec.ts > from && rec.ts <= until) recs.push({ line, rec });
      }
      recs.sort((a, b) => a.rec.ts - b.rec.ts);
      this.pending.push(...recs);
      this.loadedUntil = until;
    } catch {
      // The next step asks again.
    } finally {
      this.chunkLoading = false;
    }
  }
}
