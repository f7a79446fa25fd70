// "In this view" asks the server: GET /trends?bbox=W,S,E,N answers the view's trends from the
// newest snapshot sse-serve has seen (docs/SSE.md). A server without that route (404, e.g. the
// test stand-in) is remembered, and the panel works the view out from its last snapshot instead.

/** Wraps a longitude into [-180, 180). */
function wrapLon(lon) {
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}

/**
 * The bbox= value of Leaflet-style bounds {west, south, east, north} whose longitudes may run
 * past ±180 (world copies): the whole world when the view is 360° wide or more, a box across
 * the antimeridian (west > east) when the view straddles it.
 */
export function bboxParam(b) {
  const r = (v) => Math.round(v * 1e5) / 1e5;
  const s = r(Math.max(-90, Math.min(90, b.south)));
  const n = r(Math.max(-90, Math.min(90, b.north)));
  if (!(b.east - b.west < 360)) return `-180,${s},180,${n}`;
  const w = r(wrapLon(b.west));
  let e = r(wrapLon(b.east));
  if (e === -180 && b.east > b.west) e = 180;
  return `${w},${s},${e},${n}`;
}

/** A trend of the answer, in the panel's Term shape (trends_format.js), marked in view. */
export function termOfAnswer(x) {
  if (!x || typeof x.term !== 'string' || x.term === '') return null;
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : NaN);
  const where = Array.isArray(x.where) && x.where.length === 2 ? x.where : null;
  const cells = Array.isArray(x.cells)
    ? x.cells.filter((c) => c && Array.isArray(c.center) && c.center.length === 2).map((c) => ({ count: num(c.count), lat: num(c.center[1]), lon: num(c.center[0]) }))
    : [];
  return {
    term: x.term,
    label: x.term,
    count: num(x.count),
    expected: num(x.expected),
    score: num(x.score),
    lat: where ? num(where[1]) : NaN,
    lon: where ? num(where[0]) : NaN,
    place: typeof x.place === 'string' ? x.place : '',
    cells,
    scope: x.scope,
    inView: true,
  };
}

export class ViewTrendsClient {
  /** @param {string} path the route, e.g. "/trends" (same origin) */
  constructor(path) {
    this.path = path;
    this.available = true; // false once the server said it has no such route
    this.inFlight = false;
    this.requests = 0;
    this.lastUrl = '';
  }

  /**
   * The view's trends from the server: an array of Terms (maybe empty), or null when the server
   * cannot answer (no such route, an error, busy with the last request): the caller falls back.
   */
  async get(bounds) {
    if (!this.available || this.inFlight) return null;
    const url = `${this.path}?bbox=${bboxParam(bounds)}`;
    this.inFlight = true;
    this.requests++;
    this.lastUrl = url;
    try {
      const r = await fetch(url, { cache: 'no-store', headers: { Accept: 'application/json' } });
      if (r.status === 404 || r.status === 401 || r.status === 403 || r.status === 405) {
        this.available = false;
        return null;
      }
      if (!r.ok) return null;
      const body = await r.json();
      if (!body || !Array.isArray(body.trends)) {
        this.available = false; // something else answers there
        return null;
      }
      return body.trends.map(termOfAnswer).filter(Boolean);
    } catch {
      return null;
    } finally {
      this.inFlight = false;
    }
  }
}
