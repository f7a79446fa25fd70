// The one place that knows the shape of a `trends` event (written by tweet-trends, see
// docs/TRENDS.md "Snapshot format"). Everything else in the page sees the normalised form:
//   { ts, windowS, warming, global: [Term], regions: [{ name, lat, lon, bbox, terms: [Term] }] }
//   Term = { term, label, score, count, lat, lon, place }   (lat/lon: where it is hot, may be NaN)
// tweet-trends writes
//   {"type":"trends","ts":..,"interval":10,"window":300,"warming":false,"records":N,"scopes":[
//     {"scope":"global","trends":[Item]}, {"scope":"cc","cc":"US","trends":[Item]},
//     {"scope":"cell","cell":"dr5","bbox":[w,s,e,n],"trends":[Item]}]}
//   Item = {"term":"#rain","count":42,"expected":3.1,"score":5.2,"since":ms,
//           "centroid":[lon,lat],"place":"New York","cells":[{"cell":"dr5r","count":30,"center":[lon,lat]}]}
// A term flies to its busiest cell (cells[0].center), else to its centroid. Also accepted: a
// simpler {"global":[Term],"regions":[{"name","lat","lon","terms":[Term]}]} shape.

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
  // GeoJSON order: [lon, lat]. The busiest cell says best where it is hot.
  const top = Array.isArray(t.cells) && t.cells.length && Array.isArray(t.cells[0].center) ? t.cells[0].center : null;
  const centre = top || (Array.isArray(t.centroid) ? t.centroid : Array.isArray(t.center) ? t.center : null);
  return {
    term,
    label: term,
    score: finite(t.score ?? t.z ?? t.rate),
    count: finite(t.count ?? t.n),
    lat: finite(t.lat ?? (centre ? centre[1] : undefined)),
    lon: finite(t.lon ?? (centre ? centre[0] : undefined)),
    place: typeof t.place === 'string' ? t.place : '',
  };
}

function termList(v) {
  if (!Array.isArray(v)) return [];
  return v.map(normTerm).filter(Boolean);
}

function listOf(obj) {
  return obj.terms ?? obj.items ?? obj.top ?? obj.trends ?? obj.global ?? [];
}

let regionNames = null;
function countryName(cc) {
  try {
    regionNames = regionNames || new Intl.DisplayNames(['en'], { type: 'region' });
    return regionNames.of(cc) || cc;
  } catch {
    return cc;
  }
}

function fromScopes(obj) {
  let global = [];
  const regions = [];
  for (const sc of obj.scopes) {
    if (!sc || typeof sc !== 'object') continue;
    const terms = termList(sc.trends ?? sc.terms ?? []);
    if (sc.scope === 'global') {
      global = terms;
      continue;
    }
    let name;
    let lat = NaN;
    let lon = NaN;
    const bbox = Array.isArray(sc.bbox) && sc.bbox.length === 4 ? sc.bbox.map(Number) : null;
    if (sc.scope === 'cc') {
      name = countryName(String(sc.cc));
    } else {
      const place = terms.find((t) => t.place);
      name = place ? `around ${place.place}` : `area ${sc.cell}`;
    }
    if (bbox) {
      lat = (bbox[1] + bbox[3]) / 2;
      lon = (bbox[0] + bbox[2]) / 2;
    } else if (terms.length) {
      lat = terms[0].lat;
      lon = terms[0].lon;
    }
    regions.push({ name, kind: sc.scope, lat, lon, bbox, terms });
  }
  // Countries first (the busiest first), then areas.
  const weight = (r) => r.terms.reduce((a, t) => a + (Number.isFinite(t.count) ? t.count : 0), 0);
  regions.sort((a, b) => (a.kind === b.kind ? weight(b) - weight(a) : a.kind === 'cc' ? -1 : 1));
  return { global, regions };
}

export function normalizeTrends(obj) {
  if (!obj || typeof obj !== 'object') return null;
  if (Array.isArray(obj.scopes)) {
    const { global, regions } = fromScopes(obj);
    return {
      ts: finite(obj.ts),
      windowS: finite(obj.window),
      warming: obj.warming === true,
      global,
      regions: regions.filter((x) => x.terms.length > 0),
    };
  }
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
    warming: obj.warming === true,
    global,
    regions: regions.filter((x) => x.terms.length > 0),
  };
}

/** A post count in at most four characters: 950, 1.2k, 12k, 1.2M, 12M (1,234,567 is 1.2M). */
export function fmtCount(n) {
  if (!Number.isFinite(n)) return '';
  if (n < 1000) return String(Math.round(n));
  if (n < 9950) return `${(n / 1000).toFixed(1)}k`;
  if (n < 999500) return `${Math.round(n / 1000)}k`;
  if (n < 9950000) return `${(n / 1e6).toFixed(1)}M`;
  return `${Math.round(n / 1e6)}M`;
}
