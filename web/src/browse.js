// Ways to find posts besides the map itself, wired to the page: the side list of the posts under
// a density circle or a drawn box (post_list.js, area_select.js), posts per country
// (country_counts.js), place search (place_search.js) and the `?` help (help_overlay.js).
import * as L from 'leaflet';
import { AreaSelect } from './area_select.js';
import { densityCellAt, postsInBox, postsInCell } from './area_posts.js';
import { CountryCounts } from './country_counts.js';
import { HelpOverlay } from './help_overlay.js';
import { PlaceSearch, placeZoom } from './place_search.js';
import { el, parse } from './popup.js';
import { PostList } from './post_list.js';

function toolbarButton(parent, id, text, title) {
  const b = el('button', null, text);
  b.type = 'button';
  b.id = id;
  b.title = title;
  parent.appendChild(b);
  return b;
}

/** Bounds around the posts of `lines` (record lines), or null. */
function linesBounds(lines) {
  let s = 90;
  let w = 180;
  let n = -90;
  let e = -180;
  for (const l of lines) {
    const r = parse(l);
    if (!Number.isFinite(r.lat) || !Number.isFinite(r.lon)) continue;
    s = Math.min(s, r.lat);
    n = Math.max(n, r.lat);
    w = Math.min(w, r.lon);
    e = Math.max(e, r.lon);
  }
  return s <= n ? L.latLngBounds([s, w], [n, e]) : null;
}

/**
 * `page`: {map, store, layer, openRecord(rec) -> popup, basemap (its outline is coloured)}. Returns the parts (for window.tweetmap)
 * and the handlers main.js calls: clusterClick(containerPoint) (true when a circle was hit).
 */
export function setupBrowse({ map, store, layer, openRecord, basemap }) {
  const main = map.getContainer().parentElement;
  let listPopup = null;
  const list = new PostList(main, {
    onOpen(line) {
      const rec = parse(line);
      if (!Number.isFinite(rec.lat) || !Number.isFinite(rec.lon)) return;
      listPopup = openRecord(rec);
    },
    onZoom(lines) {
      const b = linesBounds(lines);
      if (b) map.flyToBounds(b.pad(0.1), { maxZoom: 12, duration: 0.8 });
    },
    onEscape() {
      // The first Escape closes the post's popup, the next one the list.
      if (!listPopup || !map.hasLayer(listPopup)) return false;
      map.closePopup(listPopup);
      return true;
    },
    onClose() {
      if (listPopup && map.hasLayer(listPopup)) map.closePopup(listPopup);
      outline(null);
      map.invalidateSize({ pan: false });
      map.getContainer().focus({ preventScroll: true });
    },
  });
  // A column between the map and the panel (under the map on phones).
  const panelEl = document.getElementById('panel');
  if (panelEl && panelEl.parentElement === main) main.insertBefore(list.root, panelEl);
  // Closing a popup opened from the list gives the focus back to its row.
  map.on('popupclose', (e) => {
    if (e.popup === listPopup) {
      listPopup = null;
      if (list.isOpen) list.focusActive();
    }
  });

  // The area listed stays outlined on the map while the list is open.
  let shape = null;
  function outline(box) {
    if (shape) shape.remove();
    shape = null;
    if (!box) return;
    const a = map.containerPointToLatLng([Math.min(box.x0, box.x1), Math.min(box.y0, box.y1)]);
    const b = map.containerPointToLatLng([Math.max(box.x0, box.x1), Math.max(box.y0, box.y1)]);
    shape = L.rectangle(L.latLngBounds(a, b), { color: '#ffb020', weight: 1.5, dashArray: '5 4', fillOpacity: 0.06, interactive: false }).addTo(map);
  }

  function showList(title, slots, box) {
    const lines = [];
    for (const i of slots) if (store.raw[i] != null) lines.push(store.raw[i]);
    const wasOpen = list.isOpen;
    outline(box);
    list.show(title, lines);
    if (!wasOpen) map.invalidateSize({ pan: false });
    return lines.length;
  }

  // Place search, Select area and ? sit together in the toolbar (after the filter; on phones last,
  // in the connection pill's row, which has room).
  const filterForm = document.getElementById('filter-form');
  const tools = el('div', 'tm-browse-tools');
  if (filterForm) filterForm.after(tools);
  else document.querySelector('.tm-bar').appendChild(tools);
  const selectButton = toolbarButton(tools, 'select-area', 'Select', 'Draw a box to list its posts (or shift+drag)');
  selectButton.appendChild(el('span', 'tm-wide', ' area')); // "Select" alone on phones
  selectButton.setAttribute('aria-pressed', 'false');
  const timing = { lastListMs: NaN }; // from the box or click to the list on screen (a draw included)
  const area = new AreaSelect(map, selectButton, (box) => {
    const t0 = performance.now();
    layer.draw(true);
    const scale = 256 * Math.pow(2, map.getZoom());
    const slots = postsInBox(store, scale, box);
    showList(slots.length ? 'Posts in the selected area' : 'No posts in the selected area', slots, box);
    timing.lastListMs = performance.now() - t0;
  });

  function clusterClick(p) {
    const t0 = performance.now();
    const c = densityCellAt(layer.densityCells, p.x, p.y);
    if (!c) return false;
    const size = map.getSize();
    const scale = 256 * Math.pow(2, map.getZoom());
    const px = layer.densityCellPx;
    const slots = postsInCell(store, scale, size.x, size.y, px, c.cell);
    const cols = Math.ceil(size.x / px) + 1;
    const x0 = (c.cell % cols) * px;
    const y0 = Math.floor(c.cell / cols) * px;
    showList('Posts in this cluster', slots, { x0, y0, x1: x0 + px, y1: y0 + px });
    timing.lastListMs = performance.now() - t0;
    return true;
  }

  const counters = document.querySelector('.tm-counters');
  const countersLine = (counters && counters.querySelector('.tm-small')) || main;
  const countries = new CountryCounts(counters || main.lastElementChild, countersLine, store, (row, bounds) => {
    countries.lastPick = { cc: row.cc, n: row.n, bounds };
    if (bounds) map.flyToBounds(L.latLngBounds(bounds).pad(0.15), { maxZoom: 7, duration: 0.8 });
  }, basemap && basemap.outline ? (fills) => basemap.outline.setFills(fills) : null);

  const places = new PlaceSearch(tools, (p) => {
    map.flyTo([p.lat, p.lon], placeZoom(p), { duration: 1 });
  });

  const help = new HelpOverlay(document.body);
  toolbarButton(tools, 'help', '?', 'Keys and controls (?)').setAttribute('aria-label', 'Help: keys and controls');
  document.getElementById('help').addEventListener('click', () => help.open());
  // Escape closes the list when the focus is on the map (the list's own keys handle it inside).
  map.getContainer().addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && list.isOpen && !map._popup) list.close();
  });

  /** The outlined area ([[south, west], [north, east]]) while a list is open, or null. */
  const outlined = () => {
    if (!shape) return null;
    const b = shape.getBounds();
    return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]];
  };
  return { list, area, countries, places, help, clusterClick, outlined, timing };
}
