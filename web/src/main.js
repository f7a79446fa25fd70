// The tweetmap page: wires the map, the point layer, the stream, the trends panel and the
// controls. Its live state is exposed as `window.tweetmap` (see docs/WEB.md) for tests and for
// the curious.
import * as L from 'leaflet';
import { Basemap } from './basemap.js';
import { PointsLayer } from './points_layer.js';
import { ingest, newCounters } from './ingest.js';
import { popupContent } from './popup.js';
import { GEO_NAMES, GEO_PLACE, PointStore } from './store.js';
import { Stream } from './stream.js';
import { TrendsPanel } from './trends_panel.js';
import { readState, writeState } from './url_state.js';

const $ = (id) => document.getElementById(id);
const cfg = readState(window.location.search);

const map = L.map('map', {
  center: [cfg.lat, cfg.lon],
  zoom: cfg.z,
  minZoom: 1,
  maxZoom: 19, // the deepest OSM tiles; the URL reader clamps to the same
  worldCopyJump: false,
  zoomSnap: 0.5,
  keyboard: true,
  preferCanvas: true,
});
map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');

const store = new PointStore(cfg.max);
const layer = new PointsLayer(store, { cluster: cfg.cluster }).addTo(map);
layer.fadeMs = cfg.fade * 1000;

const counters = newCounters();
const rateBuckets = new Array(6).fill(0);
let rateSecond = Math.floor(Date.now() / 1000);

const ui = {
  paused: false,
  pauseQueue: [],
  geo: GEO_NAMES.map((g) => cfg.geo.includes(g)),
  track: cfg.track,
  heat: cfg.heat,
};

// ---- base map ----
const basemap = new Basemap(map, cfg.tiles, (s) => {
  $('c-basemap').textContent = s === 'tiles' ? 'OSM tiles' : s === 'loading' ? 'loading tiles' : 'offline outline';
});

// ---- notices (reset / lag / errors) ----
let noticeTimer = 0;
function notice(text, ms = 12000) {
  $('notice-text').textContent = text;
  $('notice').hidden = false;
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => {
    $('notice').hidden = true;
  }, ms);
  tweetmap.notices.push({ at: Date.now(), text });
  if (tweetmap.notices.length > 50) tweetmap.notices.shift();
}
$('notice-close').addEventListener('click', () => {
  $('notice').hidden = true;
});

// ---- ingest (web/src/ingest.js) ----
function addPost(data) {
  bumpRate();
  if (ingest(data, store, counters, Date.now())) dirty = true;
}

function rotateRate() {
  const s = Math.floor(Date.now() / 1000);
  while (rateSecond < s) {
    rateSecond++;
    rateBuckets[rateSecond % rateBuckets.length] = 0;
  }
  return s;
}
function bumpRate() {
  rateBuckets[rotateRate() % rateBuckets.length]++;
}

function onEvent(type, data) {
  if (type === 'tweet') {
    if (ui.paused) {
      if (ui.pauseQueue.length < cfg.max) ui.pauseQueue.push(data);
      else counters.dropped++;
      return;
    }
    addPost(data);
  } else if (type === 'trends') {
    if (trends.update(data)) counters.trends++;
  } else if (type === 'reset') {
    counters.resets++;
    notice('The stream was restarted or you were away too long: posts from the gap are missing.');
  } else if (type === 'lag') {
    counters.lagEvents++;
    let n = NaN;
    try {
      const d = JSON.parse(data);
      n = Number(d.dropped ?? d.count ?? d.skipped);
    } catch {
      /* plain text */
    }
    if (Number.isFinite(n) && n > 0) counters.dropped += n;
    notice(`This connection fell behind; the server dropped ${Number.isFinite(n) && n > 0 ? n.toLocaleString() : 'some'} posts.`);
  }
}

const stateText = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  offline: 'offline',
  rejected: 'filter rejected',
  idle: 'idle',
};
function onState(state, detail) {
  const pill = $('conn');
  const shown = ui.paused && state === 'live' ? 'paused' : state;
  pill.dataset.state = shown;
  let text = ui.paused && state === 'live' ? 'paused' : stateText[state] || state;
  if (state === 'offline' && detail.retryInMs) text = `offline, retrying in ${Math.round(detail.retryInMs / 1000)} s`;
  pill.textContent = text;
  $('retry').hidden = state !== 'offline';
  // The server refused the request (HTTP 4xx, an invalid filter): say why next to the box and
  // wait for a new filter instead of retrying.
  const err = $('filter-error');
  if (state === 'rejected') {
    err.textContent = `The server refused this filter: ${detail.message}`;
    err.hidden = false;
  } else if (state !== 'connecting') {
    err.hidden = true;
  }
  tweetmap.connection = state;
}

const stream = new Stream(cfg.events, { onEvent, onState });

function subscribe() {
  store.clear();
  ui.pauseQueue = [];
  dirty = true;
  stream.subscribe({ track: ui.track, since: cfg.since || '' });
}

// ---- trends ----
const trends = new TrendsPanel($('trends'), (t) => {
  setFilter(t.term);
  if (Number.isFinite(t.lat) && Number.isFinite(t.lon)) {
    map.flyTo([t.lat, t.lon], Math.max(map.getZoom(), 5), { duration: 1.2 });
  }
});

// ---- controls ----
function setFilter(text) {
  const t = text.trim();
  $('filter').value = t;
  if (t === ui.track) return;
  ui.track = t;
  saveUrl();
  subscribe();
}
$('filter').value = ui.track;
$('filter-form').addEventListener('submit', (e) => {
  e.preventDefault();
  setFilter($('filter').value);
});
$('filter-clear').addEventListener('click', () => setFilter(''));
// Escape (or the clear cross) empties a search box without submitting: an empty box shows all
// posts, so the filter follows the box instead of staying applied unseen.
$('filter').addEventListener('search', () => {
  if ($('filter').value.trim() === '') setFilter('');
});
$('filter').addEventListener('keydown', (e) => {
  if (e.key === 'Escape') window.setTimeout(() => {
    if ($('filter').value.trim() === '') setFilter('');
  }, 0);
});

GEO_NAMES.forEach((g, k) => {
  const box = $(`geo-${g}`);
  box.checked = ui.geo[k];
  box.addEventListener('change', () => {
    ui.geo[k] = box.checked;
    layer.setGeoEnabled(ui.geo.slice());
    saveUrl();
  });
});
layer.setGeoEnabled(ui.geo.slice());

function setHeat(on) {
  ui.heat = on;
  $('heat').setAttribute('aria-pressed', String(on));
  layer.setHeat(on);
  $('c-mode').textContent = on ? 'heat map' : layer.mode === 'density' ? 'density view' : 'points';
  saveUrl();
}
$('heat').addEventListener('click', () => setHeat(!ui.heat));
setHeat(ui.heat);

function setPaused(on) {
  ui.paused = on;
  const b = $('pause');
  b.setAttribute('aria-pressed', String(on));
  b.textContent = on ? 'Resume' : 'Pause';
  if (!on) {
    const q = ui.pauseQueue;
    ui.pauseQueue = [];
    for (const d of q) addPost(d);
  }
  onState(stream.state, {});
}
$('pause').addEventListener('click', () => setPaused(!ui.paused));
$('retry').addEventListener('click', () => stream.retryNow());

function setPanel(open) {
  $('panel').hidden = !open;
  $('panel-toggle').setAttribute('aria-expanded', String(open));
  map.invalidateSize();
}
$('panel-toggle').addEventListener('click', () => setPanel($('panel').hidden));
if (window.matchMedia('(max-width: 700px)').matches) setPanel(false);

document.addEventListener('keydown', (e) => {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const tag = e.target && e.target.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA') {
    if (e.key === 'Escape') e.target.blur();
    return;
  }
  if (e.key === '/') {
    e.preventDefault();
    $('filter').focus();
  } else if (e.key === 'p') setPaused(!ui.paused);
  else if (e.key === 'h') setHeat(!ui.heat);
  else if (e.key === 't') setPanel($('panel').hidden);
});

// ---- URL ----
function saveUrl() {
  const c = map.getCenter();
  writeState({
    lat: c.lat,
    lon: L.Util.wrapNum(c.lng, [-180, 180], true),
    z: map.getZoom(),
    track: ui.track,
    geo: GEO_NAMES.filter((g, k) => ui.geo[k]),
    heat: ui.heat,
  });
}
map.on('moveend', saveUrl);

// ---- popup and hover ----
function openPopup(i) {
  const rec = store.record(i);
  if (!rec) return;
  tweetmap.popupRecordId = rec.id;
  L.popup({ maxWidth: 340, autoPanPadding: [20, 20] })
    .setLatLng([rec.lat, rec.lon])
    .setContent(popupContent(rec))
    .openOn(map);
}
map.on('click', (e) => {
  // In the density view a click zooms into the cluster; elsewhere it opens the nearest post.
  if (layer.mode === 'density') {
    map.setZoomAround(e.containerPoint, Math.min(layer.options.densityZoom + 1, map.getZoom() + 2));
    return;
  }
  const i = layer.hitTest(e.containerPoint.x, e.containerPoint.y);
  if (i >= 0) openPopup(i);
});

let hoverBox = null;
let hoverSlot = -1;
let hoverPending = null;
map.on('mousemove', (e) => {
  if (hoverPending === null) window.requestAnimationFrame(hover);
  hoverPending = e.containerPoint;
});
function hover() {
  const p = hoverPending;
  hoverPending = null;
  if (!p) return;
  const i = layer.mode === 'points' ? layer.hitTest(p.x, p.y) : -1;
  map.getContainer().classList.toggle('tm-hover', i >= 0);
  if (i === hoverSlot) return;
  hoverSlot = i;
  if (hoverBox) {
    hoverBox.remove();
    hoverBox = null;
  }
  tweetmap.hover = null;
  if (i >= 0 && store.geo[i] === GEO_PLACE) {
    const rec = store.record(i);
    // Only a box of four finite numbers is drawn (a record may carry anything in bbox).
    if (rec && Array.isArray(rec.bbox) && rec.bbox.length === 4 && rec.bbox.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      const [w, s, east, n] = rec.bbox;
      // A box across the antimeridian (east < west) is drawn continuing past 180.
      hoverBox = L.rectangle([[s, w], [n, east < w ? east + 360 : east]], {
        color: '#ffc400',
        weight: 1.5,
        fillOpacity: 0.08,
        interactive: false,
      }).addTo(map);
      tweetmap.hover = { id: rec.id, bbox: rec.bbox };
    }
  }
}

// ---- draw loop and counters ----
let dirty = true;
let lastView = 0;
function frame() {
  const now = Date.now();
  const interval = layer.mode === 'heat' ? 500 : layer.mode === 'density' ? 250 : Math.max(100, 3 * layer.lastDrawCost);
  if ((dirty && now - layer.lastDrawMs >= interval) || now - layer.lastDrawMs >= 1000) {
    store.expire(now - layer.fadeMs);
    layer.draw();
    dirty = false;
  }
  window.requestAnimationFrame(frame);
}
window.requestAnimationFrame(frame);

function fmt(n) {
  return n.toLocaleString('en-US');
}
function tick() {
  const s = rotateRate();
  let sum = 0;
  for (let k = 1; k <= 5; k++) sum += rateBuckets[(s - k + rateBuckets.length * 10) % rateBuckets.length];
  counters.rate = sum / 5;
  $('c-rate').textContent = counters.rate < 10 ? counters.rate.toFixed(1) : fmt(Math.round(counters.rate));
  $('c-shown').textContent = fmt(layer.inView);
  $('c-exact').textContent = counters.received ? `${Math.round((100 * counters.exact) / counters.received)}%` : '–';
  $('c-dropped').textContent = fmt(counters.dropped);
  $('c-total').textContent = fmt(counters.received);
  $('c-mode').textContent = layer.mode === 'density' ? 'density view' : layer.mode === 'heat' ? 'heat map' : 'points';
  if (Date.now() - lastView >= 2000) {
    lastView = Date.now();
    const size = map.getSize();
    const b = map.getBounds();
    trends.computeView(store, size.x, size.y, { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth() });
  }
}
window.setInterval(tick, 500);

// ---- state for tests and the console ----
const tweetmap = {
  version: 1,
  map,
  store,
  layer,
  stream,
  trends,
  basemap,
  counters,
  ui,
  notices: [],
  connection: 'idle',
  popupRecordId: null,
  hover: null, // {id, bbox} of the place post whose box is shown
  /** Every point in the store: its record's id/lat/lon/geo/ts and where it was last drawn. */
  points() {
    const out = [];
    for (let k = 0; k < store.size; k++) {
      const i = store.slot(k);
      const rec = store.record(i);
      if (!rec) continue;
      out.push({ id: rec.id, lat: rec.lat, lon: rec.lon, geo: rec.geo, ts: rec.ts, x: store.sx[i], y: store.sy[i] });
    }
    return out;
  },
  /** Leaflet's own container position for a lat/lon (to compare with points()). */
  project(lat, lon) {
    const p = map.latLngToContainerPoint([lat, lon]);
    return { x: p.x, y: p.y };
  },
  /** Opens the popup of the post with this id, as a click on it would. */
  openPopupById(id) {
    for (let k = store.size - 1; k >= 0; k--) {
      const i = store.slot(k);
      const rec = store.record(i);
      if (rec && rec.id === id) {
        openPopup(i);
        return true;
      }
    }
    return false;
  },
  drawNow() {
    store.expire(Date.now() - layer.fadeMs);
    layer.draw();
  },
};
window.tweetmap = tweetmap;

subscribe();
saveUrl();
