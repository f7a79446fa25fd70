// The one place that knows the shape of a `trends` event (written by tweet-trends, see
// docs/TRENDS.md "Snapshot format"). Everything else in the page sees the normalised form:
//   { ts, windowS, warming, warmup: {seenS, needS} | null, global: [Term],
//     regions: [{ name, kind, lat, lon, bbox, boxes: [bbox], terms: [Term] }] }
//   Term = { term, label, score, count, expected, lat, lon, place, cells: [{count, lat, lon}] }
//   (lat/lon: where it is hot, may be NaN; regions with the same name are merged into one)
// tweet-trends writes
//   {"type":"trends","ts":..,"interval":10,"window":300,"warming":false,"records":N,
//    ("warmup":{"seen":S,"need":S} while warming), "scopes":[
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
  const cells = Array.isArray(t.cells)
    ? t.cells
      .filter((c) => c && Array.isArray(c.center) && c.center.length === 2)
      .map((c) => ({ count: finite(c.count), lat: finite(c.center[1]), lon: finite(c.center[0]) }))
      .filter((c) => Number.isFinite(c.lat) && Number.isFinite(c.lon))
    : [];
  return {
    term,
    label: term,
    score: finite(t.score ?? t.z ?? t.rate),
    count: finite(t.count ?? t.n),
    expected: finite(t.expected),
    lat: finite(t.lat ?? (centre ? centre[1] : undefined)),
    lon: finite(t.lon ?? (centre ? centre[0] : undefined)),
    place: typeof t.place === 'string' ? t.place : '',
    cells,
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
    regions.push({ name, kind: sc.scope, lat, lon, bbox, boxes: bbox ? [bbox] : [], terms });
  }
  // Countries first (the busiest first), then areas.
  const weight = (r) => r.terms.reduce((a, t) => a + (Number.isFinite(t.count) ? t.count : 0), 0);
  regions.sort((a, b) => (a.kind === b.kind ? weight(b) - weight(a) : a.kind === 'cc' ? -1 : 1));
  return { global, regions: mergeSameName(regions) };
}

// Several cells around one place (or a cell named like a country) would repeat the same heading:
// one region per name, with the best entry of each term, best score first.
function mergeSameName(regions) {
  const byName = new Map();
  const out = [];
  for (const r of regions) {
    const have = byName.get(r.name);
    if (!have) {
      byName.set(r.name, r);
      out.push(r);
      continue;
    }
    have.boxes.push(...r.boxes);
    for (const t of r.terms) {
      const k = have.terms.findIndex((x) => x.term === t.term);
      if (k < 0) have.terms.push(t);
      else if (!(have.terms[k].score >= t.score)) have.terms[k] = t;
    }
    have.terms.sort((a, b) => (b.score || 0) - (a.score || 0) || (b.count || 0) - (a.count || 0));
  }
  return out;
}

function warmupOf(obj) {
  const w = obj.warmup;
  if (obj.warming !== true || !w || typeof w !== 'object') return null;
  const seenS = finite(w.seen);
  const needS = finite(w.need);
  return Number.isFinite(seenS) && Number.isFinite(needS) && needS > 0 ? { seenS: Math.max(0, seenS), needS } : null;
}

export function normalizeTrends(obj) {
  if (!obj || typeof obj !== 'object') return null;
  if (Array.isArray(obj.scopes)) {
    const { global, regions } = fromScopes(obj);
    return {
      ts: finite(obj.ts),
      windowS: finite(obj.window),
      warming: obj.warming === true,
      warmup: warmupOf(obj),
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
      boxes: [],
      terms: termList(listOf(x)),
    }));
  } else if (r && typeof r === 'object') {
    regions = Object.entries(r).map(([name, x]) => ({
      name,
      lat: finite(x && x.lat),
      lon: finite(x && x.lon),
      bbox: null,
      boxes: [],
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
    warmup: warmupOf(obj),
    global,
    regions: mergeSameName(regions).filter((x) => x.terms.length > 0),
  };
}

/** A count written out in full with thousands separators: 1,234,567 (never "1235k"). */
export function fmtCount(n) {
  if (!Number.isFinite(n)) return '';
  return Math.round(n).toLocaleString('en-US');
}

/** "1 post", "1,234 posts". */
export function fmtPosts(n) {
  if (!Number.isFinite(n)) return '';
  return `${fmtCount(n)} ${Math.round(n) === 1 ? 'post' : 'posts'}`;
}

/** A span of seconds in words: "40 s", "2 min", "1 h 5 min". `round`: Math.floor or Math.ceil. */
export function fmtSpan(s, round = Math.round) {
  if (!Number.isFinite(s) || s < 0) return '';
  if (s < 90) return `${round(s)} s`;
  const m = round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * How unusual a trend is: its count against the baseline's expectation for the window.
 * `short` ("×4.2 vs usual", "new") and `long` (words for a tooltip and a screen reader).
 */
export function unusualness(t) {
  const c = t.count;
  const e = t.expected;
  if (!Number.isFinite(c) || !Number.isFinite(e)) {
    return Number.isFinite(t.score) ? { short: '', long: `score ${t.score.toFixed(1)}` } : { short: '', long: '' };
  }
  const score = Number.isFinite(t.score) ? ` (score ${t.score.toFixed(1)}: how far above usual, in standard deviations)` : '';
  if (e < 0.5) return { short: 'new', long: `new: usually almost none in a window of this length${score}` };
  const x = c / e;
  const r = x < 10 ? x.toFixed(1) : fmtCount(x);
  return { short: `×${r} vs usual`, long: `${r} times the usual ${fmtCount(e)}${score}` };
}
