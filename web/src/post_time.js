// Post time on the page: how old a post is (for its colour and its fading out) and how many
// posts a second arrive, both from the record's `ts`, never from when the browser happened to
// receive it. No DOM and no clock of its own (callers pass `now`), so node tests it.
//
// The stream clock. For a live source (synth, X, Bluesky, Kafka) `ts` is close to our clock and
// a post's age is `now - ts`. A recorded replay or an unpaced synth carries times from the past;
// measured against our clock every post would be older than the fade window and nothing would
// show. So when even the newest post seen is older than the fade window, ages are measured
// against the stream's own time instead: `now - skew`, where skew is how far the newest post's
// `ts` was behind our clock when it arrived. (History asked for with `since=` is at most
// `since` seconds old, which is less than the fade window, so it never moves the clock.)
// A missing or unusable `ts` (not a finite positive number) counts as posted on arrival; a `ts`
// in the future counts as now.
//
// Posts/s. Each post is counted in the second it was posted (its `ts` on the stream clock, never
// later than its arrival), and the rate is the mean of the last five whole seconds. A live post
// arrives within its second, so this is the arrival rate of live posts; replayed history
// (`since=` on load, a filter change, a resume after a reconnect, a backfill) arrives in one
// burst but lands in the seconds it was posted, so at most its last five seconds count, as they
// would have live: no spike. Posts queued while paused were counted when they arrived.

const kFutureSlackMs = 86400000; // a ts more than a day ahead of our clock is not believed

export class StreamClock {
  /** @param {number} fadeMs the fade window: a stream whose newest post is older is a replay */
  constructor(fadeMs) {
    this.fadeMs = fadeMs;
    this.pinned = undefined; // the moment shown, while the time bar is off live
    this.reset();
  }

  reset() {
    this.newestTs = -Infinity; // the newest believable ts seen
    this.skew = 0; // ms to subtract from our clock to get the stream's time (0 for a live source)
  }

  /** The stream's time now: the moment pinned by the time bar (web/src/time_control.js), else live. */
  now(wallNow) {
    return this.pinned === undefined ? wallNow - this.skew : this.pinned;
  }

  /** The stream's live time, pinned or not. */
  liveNow(wallNow) {
    return wallNow - this.skew;
  }

  /** Shows the map as of stream time `t` (ms) until unpin(): ages and fading are measured from it. */
  pin(t) {
    this.pinned = t;
  }

  unpin() {
    this.pinned = undefined;
  }

  /**
   * Takes one arriving post's `ts`; returns its time on the stream clock (what its age and its
   * posts/s second are measured from), never later than the stream's now.
   */
  observe(ts, wallNow) {
    const usable = typeof ts === 'number' && Number.isFinite(ts) && ts > 0 && ts <= wallNow + kFutureSlackMs;
    if (usable && ts > this.newestTs) {
      this.newestTs = ts;
      const behind = wallNow - ts;
      this.skew = behind > this.fadeMs ? behind : 0;
    }
    const streamNow = this.now(wallNow);
    return usable ? Math.min(ts, streamNow) : streamNow;
  }
}

export class RateMeter {
  /** @param {number} seconds how many whole seconds the rate is the mean of */
  constructor(seconds = 5) {
    this.seconds = seconds;
    this.buckets = new Float64Array(seconds + 2); // the last `seconds`, the current one, a spare
    this.second = -Infinity; // the newest second the buckets hold
  }

  clear() {
    this.buckets.fill(0);
    this.second = -Infinity;
  }

  advance(second) {
    if (second <= this.second) return;
    const n = this.buckets.length;
    if (second - this.second >= n) this.buckets.fill(0);
    else for (let s = this.second + 1; s <= second; s++) this.buckets[((s % n) + n) % n] = 0;
    this.second = second;
  }

  /** Counts one post posted at `postMs` (stream clock); `streamNow` is the stream's time. */
  add(postMs, streamNow) {
    const now = Math.floor(streamNow / 1000);
    this.advance(now);
    const s = Math.floor(Math.min(postMs, streamNow) / 1000);
    if (s < now - this.seconds) return; // older than the window: history, never counted
    const n = this.buckets.length;
    this.buckets[((s % n) + n) % n]++;
  }

  /** Posts per second over the last `seconds` whole seconds before `streamNow`. */
  rate(streamNow) {
    const now = Math.floor(streamNow / 1000);
    this.advance(now);
    const n = this.buckets.length;
    let sum = 0;
    for (let k = 1; k <= this.seconds; k++) sum += this.buckets[(((now - k) % n) + n) % n];
    return sum / this.seconds;
  }
}
