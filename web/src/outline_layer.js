// The offline world outline as one canvas layer: land and borders are turned into paths once (in
// zoom-0 world pixels, 256 wide) and drawn in every world copy on screen, so the outline goes on
// past ±180° like the tiles do. It redraws on every step of a drag (one draw per animation
// frame), so the strip a drag uncovers is never blank.
import * as L from 'leaflet';
import { mercator } from './store.js';

function ringPath(path, ring) {
  for (let k = 0; k < ring.length; k++) {
    const [lon, lat] = ring[k];
    // Unwrapped rings continue past 180: keep their x past the world's edge (no wrap).
    const [x0, y] = mercator(lat, 0);
    const x = x0 + lon / 360;
    if (k === 0) path.moveTo(x * 256, y * 256);
    else path.lineTo(x * 256, y * 256);
  }
}

/** A Path2D of a GeoJSON geometry (Polygon, MultiPolygon, LineString, MultiLineString). */
export function geometryPath(g, path = new Path2D()) {
  if (!g) return path;
  if (g.type === 'GeometryCollection') for (const x of g.geometries) geometryPath(x, path);
  else if (g.type === 'Polygon' || g.type === 'MultiLineString') for (const r of g.coordinates) ringPath(path, r);
  else if (g.type === 'MultiPolygon') for (const p of g.coordinates) for (const r of p) ringPath(path, r);
  else if (g.type === 'LineString') ringPath(path, g.coordinates);
  return path;
}

export const OutlineLayer = L.Layer.extend({
  options: { pane: 'outline', land: '#1d2636', coast: '#5b6b86', border: '#46536b' },

  /** @param {object} land GeoJSON (FeatureCollection or Feature)  @param {object} borders GeoJSON geometry */
  initialize(land, borders, options) {
    L.setOptions(this, options);
    this.land = new Path2D();
    for (const f of land.features || [land]) geometryPath(f.geometry, this.land);
    this.borders = geometryPath(borders);
    this.pending = 0;
    this.drawCount = 0;
    this.copies = 0; // world copies drawn last time
    this.countries = new Map(); // country code -> Path2D (setCountries)
    this.fills = new Map(); // country code -> CSS colour drawn over the land (setFills)
  },

  /** The country shapes, by ISO 3166-1 alpha-2 code, for the coloured country layer. */
  setCountries(paths) {
    this.countries = paths;
  },

  /** Colours countries (code -> CSS colour; an empty map: none) and redraws. */
  setFills(fills) {
    this.fills = fills;
    this.draw();
  },

  onAdd(map) {
    this.canvas = L.DomUtil.create('canvas', 'tm-outline leaflet-zoom-animated', this.getPane());
    this.ctx = this.canvas.getContext('2d');
    map.on(this.events(), this);
    this.draw();
  },

  onRemove(map) {
    map.off(this.events(), this);
    if (this.pending) window.cancelAnimationFrame(this.pending);
    this.pending = 0;
    L.DomUtil.remove(this.canvas);
  },

  events() {
    return {
      move: this.schedule,
      'moveend resize viewreset': this.draw,
      zoomanim: this.animateZoom,
      zoomend: this.zoomEnd,
    };
  },

  schedule() {
    if (this.pending || (this._map && this._map._animatingZoom)) return;
    this.pending = window.requestAnimationFrame(() => {
      this.pending = 0;
      this.draw();
    });
  },

  animateZoom(e) {
    const map = this._map;
    const scale = map.getZoomScale(e.zoom);
    const offset = map._latLngBoundsToNewLayerBounds(this.bounds, e.zoom, e.center).min;
    L.DomUtil.setTransform(this.canvas, offset, scale);
  },

  zoomEnd() {
    this.draw();
  },

  draw() {
    const map = this._map;
    if (!map || map._animatingZoom) return;
    const size = map.getSize();
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    const topLeft = map.containerPointToLayerPoint([0, 0]);
    this.bounds = L.latLngBounds(map.containerPointToLatLng([0, 0]), map.containerPointToLatLng(size));
    L.DomUtil.setPosition(this.canvas, topLeft);
    const w = Math.max(1, Math.round(size.x * dpr));
    const h = Math.max(1, Math.round(size.y * dpr));
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.canvas.style.width = `${size.x}px`;
      this.canvas.style.height = `${size.y}px`;
    }
    const ctx = this.ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const scale = 256 * Math.pow(2, map.getZoom());
    const origin = map.getPixelOrigin();
    const offX = origin.x + topLeft.x; // world pixel at the container's left edge
    const offY = origin.y + topLeft.y;
    const s = scale / 256;
    // Every copy that reaches the screen (a ring may continue up to a tenth of a world past 180).
    const first = Math.floor(offX / scale - 0.1);
    const last = Math.floor((offX + size.x) / scale);
    this.copies = 0;
    for (let k = first; k <= last; k++) {
      ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * (k * scale - offX), -dpr * offY);
      ctx.fillStyle = this.options.land;
      ctx.fill(this.land);
      for (const [cc, colour] of this.fills) {
        const path = this.countries.get(cc);
        if (!path) continue;
        ctx.fillStyle = colour;
        ctx.fill(path);
      }
      ctx.lineWidth = 1 / s;
      ctx.strokeStyle = this.options.coast;
      ctx.stroke(this.land);
      ctx.lineWidth = 0.6 / s;
      ctx.strokeStyle = this.options.border;
      ctx.stroke(this.borders);
      this.copies++;
    }
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    this.drawCount++;
  },
});
