// The one place that knows the shape of a `trends` event (written by tweet-trends). Everything
// else in the page sees the normalised form:
//   { ts, windowS, global: [Term], regions: [{ name, lat, lon, bbox, terms: [Term] }] }
//   Term = { term, label, score, count, lat, lon }   (lat/lon: where it is hot, may be NaN)
// Accepted input (tolerant of variants):
//   {"type":"trends","ts":...,"window":300,
//    "global":[{"term":"#rain","score":3.2,"count":120,"lat":..,"lon":..}, ...],
//    "regions":[{"name":"Europe","lat":..,"lon":..,"terms":[...]}, ...]}
// with `tag`/`text`/`key` accepted for `term`, `items`/`top`/`trends` for a term list,
// `region`/`id` for a region name, and `regions` also as an object keyed by name.

function finite(v) {
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

function normTerm(t) {
  if (typeof t === 'string') return { term: t, label: t, score: NaN, count: NaN, lat: NaN, lon: NaN };
  if (!t || typeof t !== 'object') return null;
  let term = t.term ?? t.tag ?? t.text ?? t.key ?? t.name;
  if (typeof term !== 'string' || term === '') return null;
  // A bare hashtag from the record's tags (no '#') is shown and searched as a hashtag.
  if ((t.kind === 'tag' || t.tag !== undefined) && !term.startsWith('#')) term = `#${term}`;
  const centre = Array.isArray(t.centroid) ? t.centroid : Array.isArray(t.center) ? t.center : null;
  return {
    term,
    label: term,
    score: finite(t.score ?? t.z ?? t.rate),
    count: finite(t.count ?? t.n),
    lat: finite(t.lat ?? (centre ? centre[1] : undefined)),
    lon: finite(t.lon ?? (centre ? centre[0] : undefined)),
  };
}

function termList(v) {
  if (!Array.isArray(v)) return [];
  return v.map(normTerm).filter(Boolean);
}

function listOf(obj) {
  return obj.terms ?? obj.items ?? obj.top ?? obj.trends ?? obj.global ?? [];
}

export function normalizeTrends(obj) {
  if (!obj || typeof obj !== 'object') return null;
  const global = termList(Array.isArray(obj.global) ? obj.global : listOf(obj.global || {}));
  let regions = [];
  const r = obj.regions;
  if (Array.isArray(r)) {
    regions = r.map((x, k) => ({
      name: String(x.name ?? x.region ?? x.id ?? `region ${k + 1}`),
      lat: finite(x.lat),
      lon: finite(x.lon),
      bbox: Array.isArray(x.bbox) && x.bbox.length === 4 ? x.bbox.map(Number) : null,
      terms: termList(listOf(x)),
    }));
  } else if (r && typeof r === 'object') {
    regions = Object.entries(r).map(([name, x]) => ({
      name,
      lat: finite(x && x.lat),
      lon: finite(x && x.lon),
      bbox: null,
      terms: termList(Array.isArray(x) ? x : listOf(x || {})),
    }));
  }
  // A region term without its own centre is hot where the region is.
  for (const reg of regions) {
    for (const t of reg.terms) {
      if (Number.isNaN(t.lat) && !Number.isNaN(reg.lat)) {
        t.lat = reg.lat;
        t.lon = reg.lon;
      }
    }
  }
  return {
    ts: finite(obj.ts),
    windowS: finite(obj.window ?? obj.window_s),
    global,
    regions: regions.filter((x) => x.terms.length > 0),
  };
}
