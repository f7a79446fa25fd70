// The point store: a fixed-capacity ring buffer of the posts shown on the map, in typed arrays
// so 100,000 points cost a few megabytes and no per-frame allocation. The oldest point is
// evicted when the cap is reached; points older than the fade window expire. A point's time is
// its post's `ts` on the stream clock (web/src/post_time.js), not when it arrived.

export const GEO_POINT = 0;
export const GEO_PLACE = 1;
export const GEO_PROFILE = 2;
export const GEO_TEXT = 3;
export const GEO_NAMES = ['point', 'place', 'profile', 'text'];

const kMaxLat = 85.0511287798;

/** Web Mercator, normalised to [0,1) x [0,1) (x grows east, y grows south). */
export function mercator(lat, lon) {
  const la = Math.max(-kMaxLat, Math.min(kMaxLat, lat));
  const s = Math.sin((la * Math.PI) / 180);
  let x = (lon + 180) / 360;
  x -= Math.floor(x);
  const y = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  return [x, y];
}

export function geoCode(name) {
  if (name === 'point') return GEO_POINT;
  if (name === 'place') return GEO_PLACE;
  if (name === 'profile') return GEO_PROFILE;
  if (name === 'text') return GEO_TEXT;
  return -1;
}

export class PointStore {
  constructor(capacity) {
    this.capacity = capacity;
    this.mx = new Float64Array(capacity);
    this.my = new Float64Array(capacity);
    this.lat = new Float32Array(capacity);
    this.lon = new Float32Array(capacity);
    this.t = new Float64Array(capacity); // when it was posted, on the stream clock (ms)
    this.geo = new Uint8Array(capacity);
    // Screen position at the last draw (for hit tests); NaN when not drawn.
    this.sx = new Float32Array(capacity).fill(NaN);
    this.sy = new Float32Array(capacity).fill(NaN);
    this.raw = new Array(capacity).fill(null); // the record line, parsed again only on demand
    this.tags = new Array(capacity).fill(null); // interned tag strings, for "trending in view"
    this.cc = new Array(capacity).fill(null); // the record's country code (interned), for counts per country
    this.head = 0; // next slot to write
    this.size = 0;
    this.evicted = 0; // pushed out by the cap
    this.expired = 0; // faded out by age
    this.internedTags = new Map();
  }

  /** Slot index of the k-th oldest point (0 <= k < size). */
  slot(k) {
    let i = this.head - this.size + k;
    if (i < 0) i += this.capacity;
    return i;
  }

  add(lat, lon, geo, tags, raw, t, cc = null) {
    const i = this.head;
    if (this.size === this.capacity) this.evicted++;
    else this.size++;
    const [x, y] = mercator(lat, lon);
    this.mx[i] = x;
    this.my[i] = y;
    this.lat[i] = lat;
    this.lon[i] = lon;
    this.t[i] = t;
    this.geo[i] = geo;
    this.sx[i] = NaN;
    this.sy[i] = NaN;
    this.raw[i] = raw;
    this.tags[i] = tags && tags.length ? tags.map((t) => this.intern(t)) : null;
    this.cc[i] = typeof cc === 'string' && cc.length > 0 && cc.length <= 8 ? this.intern(cc) : null;
    this.head = (i + 1) % this.capacity;
    return i;
  }

  intern(tag) {
    let s = this.internedTags.get(tag);
    if (s === undefined) {
      // Bounded: a long-running page must not grow without limit.
      if (this.internedTags.size > 200000) this.internedTags.clear();
      this.internedTags.set(tag, tag);
      s = tag;
    }
    return s;
  }

  /** Drops the oldest points posted before `cutoff`, from the tail (a post that arrived out of
   * order waits behind a newer one; the layer does not draw it once it is past the fade). */
  expire(cutoff) {
    while (this.size > 0) {
      const i = this.slot(0);
      if (this.t[i] >= cutoff) break;
      this.raw[i] = null;
      this.tags[i] = null;
      this.cc[i] = null;
      this.size--;
      this.expired++;
    }
  }

  clear() {
    for (let k = 0; k < this.size; k++) {
      const i = this.slot(k);
      this.raw[i] = null;
      this.tags[i] = null;
      this.cc[i] = null;
    }
    this.size = 0;
    this.head = 0;
  }

  /** The record of slot i, parsed again from its line. */
  record(i) {
    const raw = this.raw[i];
    if (raw == null) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  }
}
