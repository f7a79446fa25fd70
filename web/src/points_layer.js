// A Leaflet layer that draws every point of the store onto one canvas (never one DOM node per
// post). Points are stamped straight into an ImageData buffer: 100,000 points cost a few
// milliseconds a frame. At low zoom with many points it draws a density (cluster) view, and in
// heat-map mode a heat map (simpleheat) of the same points. Every view draws each point in every
// world copy on screen, and redraws while the map is dragged (the canvas is moved back under the
// screen on each draw), so the strip a drag uncovers is filled at once. A point's age is its
// post's time on the stream clock (web/src/post_time.js); points past the fade window are not
// drawn.
import * as L from 'leaflet';
import simpleheat from 'simpleheat';
import { binPoints, placeLabels } from './binning.js';
import { StreamClock } from './post_time.js';
import { GEO_PLACE, GEO_POINT, GEO_PROFILE, GEO_TEXT } from './store.js';

const kLutSize = 64;

function mix(a, b, t) {
  return a + (b - a) * t;
}

// Age palette: fresh posts are near white, then yellow, orange, red, and fade to violet.
const kStops = [
  [0.0, [255, 255, 220]],
  [0.04, [255, 225, 70]],
  [0.2, [255, 140, 0]],
  [0.5, [235, 40, 50]],
  [1.0, [140, 30, 160]],
];

function ageColour(f) {
  let k = 0;
  while (k < kStops.length - 2 && f > kStops[k + 1][0]) k++;
  const [f0, c0] = kStops[k];
  const [f1, c1] = kStops[k + 1];
  const t = Math.max(0, Math.min(1, (f - f0) / (f1 - f0)));
  return [mix(c0[0], c1[0], t), mix(c0[1], c1[1], t), mix(c0[2], c1[2], t)];
}

function pack(r, g, b, a) {
  return ((a << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** CSS colour for an age fraction (legend and density view). */
export function ageCss(f, alpha = 1) {
  const [r, g, b] = ageColour(f);
  return `rgba(${r | 0},${g | 0},${b | 0},${alpha})`;
}

function buildLuts() {
  const fill = [0, 1, 2, 3].map(() => new Uint32Array(kLutSize));
  const rim = new Uint32Array(kLutSize);
  for (let i = 0; i < kLutSize; i++) {
    const f = i / (kLutSize - 1);
    const [r, g, b] = ageColour(f);
    const a = f < 0.5 ? 255 : Math.round(mix(255, 50, (f - 0.5) / 0.5));
    fill[GEO_POINT][i] = pack(r | 0, g | 0, b | 0, a);
    fill[GEO_PLACE][i] = pack(r | 0, g | 0, b | 0, Math.round(a * 0.9));
    fill[GEO_PROFILE][i] = pack(r | 0, g | 0, b | 0, Math.round(a * 0.55));
    fill[GEO_TEXT][i] = pack(r | 0, g | 0, b | 0, Math.round(a * 0.55));
    rim[i] = pack(10, 10, 20, Math.round(a * 0.55));
  }
  return { fill, rim };
}

// Stamp shapes, as pixel offsets: exact point = filled disc with a dark rim; place centre = ring;
// profile location = small faint cross; a place named in the text = small faint diagonal cross.
// Scaled by the device pixel ratio.
function buildStamps(dpr) {
  const disc = [];
  const discRim = [];
  const ring = [];
  const cross = [];
  const saltire = [];
  const r1 = 2.6 * dpr;
  const r2 = 3.6 * dpr;
  const ringIn = 3.0 * dpr;
  const ringOut = 4.3 * dpr;
  const span = Math.ceil(ringOut) + 1;
  for (let dy = -span; dy <= span; dy++) {
    for (let dx = -span; dx <= span; dx++) {
      const d = Math.sqrt(dx * dx + dy * dy);
      if (d <= r1) disc.push(dx, dy);
      else if (d <= r2) discRim.push(dx, dy);
      if (d >= ringIn && d <= ringOut) ring.push(dx, dy);
    }
  }
  const arm = Math.max(2, Math.round(2 * dpr));
  for (let t = -arm; t <= arm; t++) {
    cross.push(t, 0);
    if (t !== 0) cross.push(0, t);
    saltire.push(t, t);
    if (t !== 0) saltire.push(t, -t);
  }
  return { disc, discRim, ring, cross, saltire, reach: span };
}

function offsets(list, width) {
  const out = new Int32Array(list.length / 2);
  for (let k = 0; k < out.length; k++) out[k] = list[2 * k + 1] * width + list[2 * k];
  return out;
}

export const PointsLayer = L.Layer.extend({
  options: {
    pane: 'overlayPane',
    densityZoom: 3, // at this zoom or below, many points are drawn as a density view
    densityMin: 3000, // ... when at least this many are in view
    cluster: true,
  },

  initialize(store, options) {
    L.setOptions(this, options);
    this.store = store;
    this.clock = this.options.clock || new StreamClock(600000);
    this.fadeMs = 600000;
    this.moving = false; // the map is being dragged or panned
    this.densityCells = []; // the density circles last drawn: {x, y, r, n, cell} (for tests)
    this.densityCellPx = 36; // the density view's grid, in CSS pixels
    this.densityLabels = []; // the density labels last drawn: {x, y, w, h, n, text}
    this.geoEnabled = [true, true, true, true];
    this.heat = false;
    this.mode = 'points';
    this.inView = 0;
    this.luts = buildLuts();
    this.lastDrawMs = 0;
    this.drawCount = 0;
    this.lastDrawCost = 0;
  },

  onAdd(map) {
    const pane = this.getPane();
    this.canvas = L.DomUtil.create('canvas', 'tm-canvas leaflet-zoom-animated', pane);
    this.ctx = this.canvas.getContext('2d');
    this.heatCanvas = L.DomUtil.create('canvas', 'tm-canvas tm-heat leaflet-zoom-animated', pane);
    this.heatCanvas.hidden = true;
    this.heatDrawer = simpleheat(this.heatCanvas);
    map.on(this.events(), this);
    this.reset();
  },

  events() {
    return {
      'moveend zoomend resize viewreset': this.reset,
      zoomanim: this.animateZoom,
      movestart: this.moveStart,
      move: this.moveStep,
    };
  },

  onRemove(map) {
    map.off(this.events(), this);
    L.DomUtil.remove(this.canvas);
    L.DomUtil.remove(this.heatCanvas);
  },

  setHeat(on) {
    this.heat = on;
    this.heatCanvas.hidden = !on;
    this.canvas.hidden = on;
    this.draw(true);
  },

  setGeoEnabled(flags) {
    this.geoEnabled = flags;
    this.draw(true);
  },

  moveStart() {
    this.moving = true;
  },

  /** A step of a drag or pan: the caller's frame loop redraws (see `moving`). */
  moveStep() {
    this.moving = true;
  },

  animateZoom(e) {
    const map = this._map;
    const scale = map.getZoomScale(e.zoom);
    const offset = map._latLngBoundsToNewLayerBounds(this.bounds, e.zoom, e.center).min;
    L.DomUtil.setTransform(this.canvas, offset, scale);
    L.DomUtil.setTransform(this.heatCanvas, offset, scale);
  },

  /** Puts the canvases back under the screen (they move with the map while it is dragged). */
  place() {
    const map = this._map;
    const size = map.getSize();
    this.topLeft = map.containerPointToLayerPoint([0, 0]);
    this.bounds = L.latLngBounds(map.containerPointToLatLng([0, 0]), map.containerPointToLatLng(size));
    for (const c of [this.canvas, this.heatCanvas]) L.DomUtil.setPosition(c, this.topLeft);
  },

  reset(e) {
    const map = this._map;
    if (!map) return;
    if (e && e.type === 'moveend') this.moving = false;
    const size = map.getSize();
    this.dpr = Math.min(2, window.devicePixelRatio || 1);
    for (const c of [this.canvas, this.heatCanvas]) {
      const w = Math.max(1, Math.round(size.x * this.dpr));
      const h = Math.max(1, Math.round(size.y * this.dpr));
      if (c.width !== w || c.height !== h) {
        c.width = w;
        c.height = h;
      }
      c.style.width = `${size.x}px`;
      c.style.height = `${size.y}px`;
    }
    if (!this.image || this.image.width !== this.canvas.width || this.image.height !== this.canvas.height) {
      this.image = this.ctx.createImageData(this.canvas.width, this.canvas.height);
      this.pixels = new Uint32Array(this.image.data.buffer);
      const s = buildStamps(this.dpr);
      const w = this.canvas.width;
      this.stamps = {
        reach: s.reach,
        disc: offsets(s.disc, w),
        discRim: offsets(s.discRim, w),
        ring: offsets(s.ring, w),
        cross: offsets(s.cross, w),
        saltire: offsets(s.saltire, w),
      };
    }
    this.heatDrawer.resize();
    this.heatDrawer.radius(10 * this.dpr, 14 * this.dpr);
    this.draw(true);
  },

  /** Projects every point to the screen (for hit tests and "trending in this view"). */
  project(now) {
    const map = this._map;
    const st = this.store;
    const zoom = map.getZoom();
    const scale = 256 * Math.pow(2, zoom);
    const origin = map.getPixelOrigin();
    // Relative to where the canvas was placed (it moves with the map while dragging).
    const topLeft = this.topLeft;
    const offX = origin.x + topLeft.x;
    const offY = origin.y + topLeft.y;
    const size = map.getSize();
    const W = size.x;
    const H = size.y;
    let inView = 0;
    const faded = now - this.fadeMs;
    for (let k = 0; k < st.size; k++) {
      const i = st.slot(k);
      if (!this.geoEnabled[st.geo[i]] || st.t[i] < faded) {
        st.sx[i] = NaN;
        continue;
      }
      let x = st.mx[i] * scale - offX;
      x -= Math.floor(x / scale) * scale; // the world copy nearest to the left edge
      const y = st.my[i] * scale - offY;
      if (y < -8 || y > H + 8 || x > W + 8) {
        st.sx[i] = NaN;
        continue;
      }
      st.sx[i] = x;
      st.sy[i] = y;
      if (y >= 0 && y <= H && x <= W) inView++;
    }
    this.inView = inView;
    return { scale, W, H };
  },

  /** Redraws now (force) or when due; returns false when it skipped. */
  draw(force) {
    const map = this._map;
    // During a zoom animation the canvas is scaled by CSS; Leaflet's own flag says when it ends
    // (a flag of ours could miss the end of an interrupted animation).
    if (!map || !this.pixels || map._animatingZoom) return false;
    const t0 = performance.now();
    const now = this.clock.now(Date.now());
    this.place();
    const { scale, W } = this.project(now);
    const zoom = map.getZoom();
    if (this.heat) this.mode = 'heat';
    else if (this.options.cluster && zoom <= this.options.densityZoom && this.inView >= this.options.densityMin)
      this.mode = 'density';
    else this.mode = 'points';
    if (this.mode !== 'density') this.densityCells = this.densityLabels = [];
    if (this.mode === 'heat') this.drawHeat(now, scale);
    else if (this.mode === 'density') this.drawDensity(now, scale);
    else this.drawPoints(now, scale * this.dpr, W * this.dpr);
    this.lastDrawMs = Date.now();
    this.drawCount++;
    this.lastDrawCost = performance.now() - t0;
    return true;
  },

  ageIndex(now, t) {
    let f = (now - t) / this.fadeMs;
    if (f > 1) f = 1;
    else if (f < 0) f = 0;
    return Math.round(f * (kLutSize - 1));
  },

  drawPoints(now, scaleDev, widthDev) {
    const st = this.store;
    const px = this.pixels;
    px.fill(0);
    const Wd = this.canvas.width;
    const Hd = this.canvas.height;
    const dpr = this.dpr;
    const { reach, disc, discRim, ring, cross, saltire } = this.stamps;
    const { fill, rim } = this.luts;
    // Oldest first, so the newest end up on top.
    for (let k = 0; k < st.size; k++) {
      const i = st.slot(k);
      const sx = st.sx[i];
      if (sx !== sx) continue; // NaN: not in view or hidden
      const yd = Math.round(st.sy[i] * dpr);
      if (yd < reach || yd >= Hd - reach) continue;
      const age = this.ageIndex(now, st.t[i]);
      const g = st.geo[i];
      const colour = fill[g][age];
      for (let x = sx * dpr; x < widthDev + reach; x += scaleDev) {
        const xd = Math.round(x);
        if (xd < reach || xd >= Wd - reach) continue;
        const base = yd * Wd + xd;
        if (g === GEO_POINT) {
          const rc = rim[age];
          for (let o = 0; o < discRim.length; o++) px[base + discRim[o]] = rc;
          for (let o = 0; o < disc.length; o++) px[base + disc[o]] = colour;
        } else if (g === GEO_PLACE) {
          for (let o = 0; o < ring.length; o++) px[base + ring[o]] = colour;
        } else if (g === GEO_PROFILE) {
          for (let o = 0; o < cross.length; o++) px[base + cross[o]] = colour;
        } else if (g === GEO_TEXT) {
          for (let o = 0; o < saltire.length; o++) px[base + saltire[o]] = colour;
        }
      }
    }
    this.ctx.putImageData(this.image, 0, 0);
  },

  drawDensity(now, scale) {
    const st = this.store;
    const ctx = this.ctx;
    const dpr = this.dpr;
    const cell = this.densityCellPx;
    const size = this._map.getSize();
    const n0 = (Math.ceil(size.x / cell) + 1) * (Math.ceil(size.y / cell) + 1);
    const count = new Uint32Array(n0);
    const newest = new Float64Array(n0).fill(-Infinity);
    const sumX = new Float64Array(n0);
    const sumY = new Float64Array(n0);
    const t = st.t;
    binPoints(st, scale, size.x, size.y, cell, (c, i, x, y) => {
      count[c]++;
      sumX[c] += x;
      sumY[c] += y;
      if (t[i] > newest[c]) newest[c] = t[i];
    });
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.font = '600 10px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    const cells = [];
    const labels = [];
    for (let c = 0; c < count.length; c++) {
      const n = count[c];
      if (!n) continue;
      const x = sumX[c] / n;
      const y = sumY[c] / n;
      const r = Math.min(cell * 0.5, 2.5 + 2.2 * Math.log2(1 + n));
      const f = Math.min(1, Math.max(0, (now - newest[c]) / this.fadeMs));
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fillStyle = ageCss(f, 0.78);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = 'rgba(10,10,20,0.6)';
      ctx.stroke();
      cells.push({ x, y, r, n, cell: c }); // cell: its grid cell (area_posts.js postsInCell)
      if (n >= 10 && r >= 9) {
        const text = n >= 10000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : String(n);
        labels.push({ x, y, w: ctx.measureText(text).width + 2, h: 11, n, text });
      }
    }
    // Neighbouring circles can sit closer than a label is wide: the bigger count keeps its label.
    const placed = placeLabels(labels);
    ctx.fillStyle = '#111';
    for (const l of placed) ctx.fillText(l.text, l.x, l.y);
    this.densityCells = cells;
    this.densityLabels = placed;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  },

  drawHeat(now, scale) {
    const st = this.store;
    const size = this._map.getSize();
    const dpr = this.dpr;
    const cell = 5;
    const t = st.t;
    const fade = this.fadeMs;
    const weight = new Float32Array((Math.ceil(size.x / cell) + 1) * (Math.ceil(size.y / cell) + 1));
    const { cols } = binPoints(st, scale, size.x, size.y, cell, (c, i) => {
      const f = Math.min(1, Math.max(0, (now - t[i]) / fade));
      weight[c] += 1 - 0.8 * f;
    });
    const data = [];
    let max = 0;
    for (let c = 0; c < weight.length; c++) {
      const w = weight[c];
      if (!w) continue;
      data.push([((c % cols) + 0.5) * cell * dpr, (Math.floor(c / cols) + 0.5) * cell * dpr, w]);
      if (w > max) max = w;
    }
    this.heatDrawer.data(data).max(Math.max(2, max * 0.5)).draw(0.05);
  },

  /** The newest drawn point within `radius` CSS pixels of a container point, or -1. */
  hitTest(x, y, radius = 7) {
    const st = this.store;
    const size = this._map.getSize();
    const scale = 256 * Math.pow(2, this._map.getZoom());
    const r2 = radius * radius;
    for (let k = st.size - 1; k >= 0; k--) {
      const i = st.slot(k);
      const sx = st.sx[i];
      if (sx !== sx) continue;
      const dy = st.sy[i] - y;
      if (dy * dy > r2) continue;
      for (let xx = sx; xx < size.x + radius; xx += scale) {
        const dx = xx - x;
        if (dx * dx + dy * dy <= r2) return i;
      }
    }
    return -1;
  },

  /** Every drawn point within `radius` CSS pixels of a container point (posts stacked on one
   * place, or close together), newest post first (by time, then by arrival). */
  hitTestAll(x, y, radius = 7) {
    const st = this.store;
    const size = this._map.getSize();
    const scale = 256 * Math.pow(2, this._map.getZoom());
    const r2 = radius * radius;
    const hits = [];
    for (let k = st.size - 1; k >= 0; k--) {
      const i = st.slot(k);
      const sx = st.sx[i];
      if (sx !== sx) continue;
      const dy = st.sy[i] - y;
      if (dy * dy > r2) continue;
      for (let xx = sx; xx < size.x + radius; xx += scale) {
        const dx = xx - x;
        if (dx * dx + dy * dy <= r2) {
          hits.push({ i, k });
          break;
        }
      }
    }
    hits.sort((a, b) => st.t[b.i] - st.t[a.i] || b.k - a.k);
    return hits.map((h) => h.i);
  },
});

export { GEO_PLACE, GEO_POINT, GEO_PROFILE, GEO_TEXT };
