// The tweetmap page: wires the map, the point layer, the stream, the trends panel and the
// controls. Its live state is exposed as `window.tweetmap` (see docs/WEB.md) for tests and for
// the curious.
import * as L from 'leaflet';
import { Basemap } from './basemap.js';
import { setupBrowse } from './browse.js';
import { PointsLayer } from './points_layer.js';
import { ingest, newCounters, parseRecord } from './ingest.js';
import { popupContent, stackContent } from './popup.js';
import { RateMeter, StreamClock } from './post_time.js';
import { GEO_NAMES, GEO_PLACE, PointStore } from './store.js';
import { Stream } from './stream.js';
import { readOffset, TimeControl } from './time_control.js';
import { TrendsPanel } from './trends_panel.js';
import { readState, writeState } from './url_state.js';
import { PostFilters } from './post_filters.js';
import { ShareLink } from './share_link.js';
import { ViewHistory } from './view_history.js';

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
// Post age and posts/s come from the records' ts (web/src/post_time.js).
const clock = new StreamClock(cfg.fade * 1000);
const rate = new RateMeter(5);
const layer = new PointsLayer(store, { cluster: cfg.cluster, clock }).addTo(map);
layer.fadeMs = cfg.fade * 1000;

const counters = newCounters();

const ui = {
  paused: false,
  pauseQueue: [],
  geo: GEO_NAMES.map((g) => cfg.geo.includes(g)),
  track: cfg.track,
  heat: cfg.heat,
};

// Back/Forward: an entry's view, filter, language and repost choice come back as they were.
const viewHistory = new ViewHistory((search) => {
  const s = readState(search);
  const langChanged = s.lang !== postFilters.lang || s.noReposts !== postFilters.noReposts;
  postFilters.set(s.lang, s.noReposts);
  if (langChanged && s.track === ui.track) subscribe();
  setFilter(s.track);
  if (s.heat !== ui.heat) setHeat(s.heat);
  map.setView([s.lat, s.lon], s.z, { reset: true }); // exactly there, not a pan rounded to pixels
});
// Language and reposts: sent to the server (lang=, reposts=0) on every (re)subscription.
const postFilters = new PostFilters($('filter-form'), cfg, () => {
  viewHistory.markDeliberate();
  saveUrl();
  subscribe();
});

// ---- base map ----
const basemap = new Basemap(map, cfg.tiles, (s) => {
  $('c-basemap').textContent = s === 'tiles' ? 'OSM tiles' : s === 'loading' ? 'loading tiles' : 'offline outline';
});

// ---- notices (reset / lag / errors) ----
// The notice is a strip above the map, not over it: it never covers a popup or the controls.
let noticeTimer = 0;
let openedPopup = null;
map.on('popupopen', (e) => {
  openedPopup = e.popup;
});
map.on('popupclose', (e) => {
  if (openedPopup === e.popup) openedPopup = null;
});
function showNotice(on) {
  if ($('notice').hidden === !on) return;
  $('notice').hidden = !on;
  // The map loses (or gets back) the strip at its top: what is on it stays where it was on
  // screen, and an open popup is panned back into view if the strip took its top.
  map.invalidateSize({ animate: false, pan: false });
  if (openedPopup) openedPopup.update();
}
function notice(text, ms = 12000) {
  $('notice-text').textContent = text;
  showNotice(true);
  window.clearTimeout(noticeTimer);
  noticeTimer = window.setTimeout(() => showNotice(false), ms);
  tweetmap.notices.push({ at: Date.now(), text });
  if (tweetmap.notices.length > 50) tweetmap.notices.shift();
}
$('notice-close').addEventListener('click', () => showNotice(false));

// ---- ingest (web/src/ingest.js) ----
function addPost(data, rec, t) {
  if (ingest(data, store, counters, t, rec)) dirty = true;
}

function onEvent(type, data) {
  if (timebar.past && (type === 'tweet' || type === 'trends')) return timebar.onLiveEvent(type, data);
  if (type === 'tweet') {
    // Counted in posts/s when it arrives (paused or not), in the second it was posted.
    const rec = parseRecord(data);
    const now = Date.now();
    const t = clock.observe(rec ? rec.ts : undefined, now);
    if (rec) rate.add(t, clock.now(now));
    postFilters.observe(rec);
    if (ui.paused) {
      if (ui.pauseQueue.length < cfg.max) ui.pauseQueue.push({ data, rec, t });
      else counters.dropped++;
      return;
    }
    addPost(data, rec, t);
  } else if (type === 'trends') {
    if (trends.update(data)) counters.trends++;
  } else if (type === 'reset') {
    counters.resets++;
    clock.reset();
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
  clock.reset();
  rate.clear();
  ui.pauseQueue = [];
  dirty = true;
  stream.subscribe({ track: ui.track, ...postFilters.params(), since: cfg.since || '' });
  timebar.reload();
}

// ---- trends ----
const trends = new TrendsPanel($('trends'), (t) => {
  viewHistory.markDeliberate(); // a trend picked: one new history entry for filter and fly
  setFilter(t.term);
  if (Number.isFinite(t.lat) && Number.isFinite(t.lon)) {
    map.flyTo([t.lat, t.lon], Math.max(map.getZoom(), 5), { duration: 1.2 });
  }
}, { trendsPath: cfg.events.replace(/[^/]*$/, 'trends') });

// ---- time bar (web/src/time_control.js) ----
const timebar = new TimeControl($('timebar'), {
  historyPath: cfg.events.replace(/\/events$/, '') + '/history',
  store,
  clock,
  rate,
  layer,
  trends,
  fadeMs: () => layer.fadeMs,
  filters: () => ({ track: ui.track, ...postFilters.params() }),
  goLive: subscribe,
  redraw: () => {
    dirty = true;
  },
});

// ---- controls ----
function setFilter(text) {
  const t = text.trim();
  $('filter').value = t;
  if (t === ui.track) return;
  ui.track = t;
  viewHistory.markDeliberate();
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
    for (const p of q) addPost(p.data, p.rec, p.t);
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
  else if (e.key === '?') browse.help.open();
  else if (e.key === 'g') {
    e.preventDefault();
    browse.places.focus();
  }
});

// ---- URL, Back/Forward (view_history.js), share link ----
function saveUrl() {
  const c = map.getCenter();
  writeState({
    lat: c.lat,
    lon: L.Util.wrapNum(c.lng, [-180, 180], true),
    z: map.getZoom(),
    track: ui.track,
    geo: GEO_NAMES.filter((g, k) => ui.geo[k]),
    heat: ui.heat,
    lang: postFilters.lang,
    noReposts: postFilters.noReposts,
  }, viewHistory);
}
map.on('moveend', saveUrl);
const share = new ShareLink(document.querySelector('.tm-actions'), () => {
  saveUrl();
  return window.location.href;
});

// ---- popup and hover ----
function openPopup(i) {
  const rec = store.record(i);
  if (rec) openRecord(rec);
}
function openRecord(rec) {
  tweetmap.popupRecordId = rec.id;
  tweetmap.stack = null;
  return L.popup({ maxWidth: 340, autoPanPadding: [20, 20] })
    .setLatLng([rec.lat, rec.lon])
    .setContent(popupContent(rec))
    .openOn(map);
}
// The post list (clusters, drawn boxes), posts per country, place search, help: web/src/browse.js.
const browse = setupBrowse({ map, store, layer, openRecord, basemap });
/** Several posts under one click (stacked on a place centre, or close together): a list. */
function openStack(slots) {
  const lines = slots.map((i) => store.raw[i]).filter((l) => l != null);
  const newest = store.record(slots[0]);
  if (!newest || lines.length < 2) return openPopup(slots[0]);
  const popup = L.popup({ maxWidth: 340, autoPanPadding: [20, 20], className: 'tm-stack-popup' });
  const content = stackContent(lines, () => popup.update(), () => map.closePopup(popup));
  tweetmap.popupRecordId = newest.id;
  tweetmap.stack = { count: lines.length, ids: lines.slice(0, 200).map((l) => (parseRecord(l) || {}).id) };
  popup.setLatLng([newest.lat, newest.lon]).setContent(content).openOn(map);
  content.focusFirst();
}
map.on('click', (e) => {
  // In the density view a click on a circle lists its posts; elsewhere a click opens the post
  // under it, or the list of the posts under it.
  if (layer.mode === 'density') {
    browse.clusterClick(e.containerPoint);
    return;
  }
  const hits = layer.hitTestAll(e.containerPoint.x, e.containerPoint.y);
  if (hits.length === 1) openPopup(hits[0]);
  else if (hits.length > 1) openStack(hits);
});

let hoverBox = null;
let hoverSlot = -1;
let hoverPending = null;
function clearHover() {
  hoverPending = null;
  hoverSlot = -1;
  if (hoverBox) hoverBox.remove();
  hoverBox = null;
  tweetmap.hover = null;
  map.getContainer().classList.remove('tm-hover');
}
// A tap on a phone is a hover too (its compatibility mouse events), and no pointer leaves it
// afterwards: the box goes with the popup, and when the pointer leaves the map.
map.on('popupclose mouseout', clearHover);
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
map.on('move', () => {
  dirty = true;
});
map.on('moveend', () => {
  lastView = 0; // "In this view" follows the view at the next tick, not up to 2 s later
});
function frame() {
  const now = Date.now();
  // While the map is dragged, redraw as often as the draw's cost allows, so the strip the drag
  // uncovers fills at once.
  const interval = layer.moving
    ? 1.5 * layer.lastDrawCost
    : layer.mode === 'heat' ? 500 : layer.mode === 'density' ? 250 : Math.max(100, 3 * layer.lastDrawCost);
  if ((dirty && now - layer.lastDrawMs >= interval) || now - layer.lastDrawMs >= 1000) {
    store.expire(clock.now(now) - layer.fadeMs);
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
  counters.rate = rate.rate(clock.now(Date.now()));
  $('c-rate').textContent = counters.rate < 10 ? counters.rate.toFixed(1) : fmt(Math.round(counters.rate));
  $('c-shown').textContent = fmt(layer.inView);
  $('c-exact').textContent = counters.received ? `${Math.round((100 * counters.exact) / counters.received)}%` : '–';
  $('c-dropped').textContent = fmt(counters.dropped);
  $('c-total').textContent = fmt(counters.received);
  $('c-mode').textContent = layer.mode === 'density' ? 'density view' : layer.mode === 'heat' ? 'heat map' : 'points';
  if (Date.now() - lastView >= 2000) {
    lastView = Date.now();
    postFilters.refresh();
    const size = map.getSize();
    const b = map.getBounds();
    trends.snapshotOnly = timebar.past; // the past's view comes from the moment's snapshot
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
  postFilters,
  viewHistory,
  share,
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
  clock,
  time: timebar,
  browse, // post list, countries, place search, help (docs/WEB.md)
  stack: null, // {count, ids (newest first, at most 200)} of the list of stacked posts shown last
  drawNow() {
    store.expire(clock.now(Date.now()) - layer.fadeMs);
    layer.draw();
  },
};
window.tweetmap = tweetmap;

subscribe();
saveUrl();
// A link with t= opens that far back, once the stream's clock is known.
const startBack = readOffset(window.location.search);
if (startBack > 0) {
  const startAt = () => timebar.seek(clock.liveNow(Date.now()) - startBack * 1000);
  window.setTimeout(startAt, 1000);
}
