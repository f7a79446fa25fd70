// The page's state in the URL query string, so a link reproduces a view:
//   ?lat=48.1&lon=11.5&z=5&track=%23rain&geo=point,place&heat=1&max=100000&fade=600&tiles=0&cluster=0
//   &lang=ja&reposts=0
import { cleanLang } from './post_filters.js';
import { GEO_NAMES } from './store.js';

const kDefaults = {
  lat: 20,
  lon: 0,
  z: 2,
  track: '',
  geo: GEO_NAMES.slice(),
  heat: false,
  max: 100000,
  fade: 600,
  tiles: true,
  cluster: true,
  since: 300,
  events: '/events',
};

function num(v, lo, hi, dflt) {
  const n = Number(v);
  if (v === null || v === '' || !Number.isFinite(n)) return dflt;
  return Math.max(lo, Math.min(hi, n));
}

export function readState(search) {
  const q = new URLSearchParams(search);
  const geo = q.has('geo')
    ? q.get('geo').split(',').filter((g) => GEO_NAMES.includes(g))
    : kDefaults.geo.slice();
  let events = q.get('events') || kDefaults.events;
  // Same origin only: the page's CSP allows no other connection anyway.
  if (!events.startsWith('/') || events.startsWith('//')) events = kDefaults.events;
  return {
    lat: num(q.get('lat'), -85, 85, kDefaults.lat),
    lon: num(q.get('lon'), -180, 180, kDefaults.lon),
    z: num(q.get('z'), 0, 19, kDefaults.z),
    track: (q.get('track') || '').slice(0, 500),
    lang: cleanLang(q.get('lang') || ''),
    noReposts: q.get('reposts') === '0',
    geo,
    heat: q.get('heat') === '1',
    max: Math.round(num(q.get('max'), 1, 1000000, kDefaults.max)),
    fade: num(q.get('fade'), 5, 86400, kDefaults.fade),
    tiles: q.get('tiles') !== '0',
    cluster: q.get('cluster') !== '0',
    since: num(q.get('since'), 0, 86400, kDefaults.since),
    events,
  };
}

/**
 * Writes the shareable part of the state back: through `history` (view_history.js: a new entry
 * for a deliberate change) when given, else over the current entry (replaceState).
 */
export function writeState(state, history = null) {
  const q = new URLSearchParams(window.location.search);
  q.set('lat', state.lat.toFixed(4));
  q.set('lon', state.lon.toFixed(4));
  q.set('z', String(Math.round(state.z * 100) / 100));
  if (state.track) q.set('track', state.track);
  else q.delete('track');
  if (state.geo.length === GEO_NAMES.length) q.delete('geo');
  else q.set('geo', state.geo.join(','));
  if (state.heat) q.set('heat', '1');
  else q.delete('heat');
  if (state.lang) q.set('lang', state.lang);
  else q.delete('lang');
  if (state.noReposts) q.set('reposts', '0');
  else q.delete('reposts');
  const url = `${window.location.pathname}?${q.toString()}${window.location.hash}`;
  if (history) history.write(url);
  else window.history.replaceState(null, '', url);
}
