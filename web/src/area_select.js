// Drawing a box on the map to list the posts inside it: shift+drag with a mouse, or the toolbar's
// "Select area" button followed by a drag (mouse, pen or touch). The map does not pan while a box
// is drawn, and the click that ends it opens no popup. Leaflet's own shift+drag zoom is turned
// off (the list's "Zoom to these" does that job).
import { el } from './popup.js';

export class AreaSelect {
  /** `onBox({x0, y0, x1, y1})` gets the box in container pixels. */
  constructor(map, button, onBox) {
    this.map = map;
    this.button = button;
    this.onBox = onBox;
    this.armed = false;
    this.drag = null;
    this.swallowUntil = 0; // the click that ends a box (after a touch, it comes late) opens nothing
    map.boxZoom.disable();
    const c = map.getContainer();
    this.box = el('div', 'tm-select-box');
    this.box.hidden = true;
    c.appendChild(this.box);
    if (button) button.addEventListener('click', () => this.arm(!this.armed));
    // Capture phase on the container: the map's own drag handlers (bubble phase) never see it.
    c.addEventListener('pointerdown', (e) => this.down(e), true);
    c.addEventListener('pointermove', (e) => this.move(e), true);
    c.addEventListener('pointerup', (e) => this.up(e), true);
    c.addEventListener('pointercancel', () => this.cancel(), true);
    // Where touch events are native, the map pans on them (not on pointer events): while a box
    // is drawn they stop here, and the page does not scroll.
    const stopTouch = (e) => {
      if (!this.drag) return;
      e.stopPropagation();
      if (e.cancelable) e.preventDefault();
    };
    for (const type of ['touchstart', 'touchmove', 'touchend']) c.addEventListener(type, stopTouch, { capture: true, passive: false });
    c.addEventListener(
      'click',
      (e) => {
        if (Date.now() > this.swallowUntil) return;
        this.swallowUntil = 0;
        e.stopPropagation();
        e.preventDefault();
      },
      true,
    );
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && (this.armed || this.drag)) {
        this.cancel();
        this.arm(false);
      }
    });
  }

  /** Arms (or disarms) drawing: the next drag on the map draws a box. */
  arm(on) {
    this.armed = on;
    this.map.getContainer().classList.toggle('tm-selecting', on);
    if (this.button) this.button.setAttribute('aria-pressed', String(on));
  }

  point(e) {
    const r = this.map.getContainer().getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  down(e) {
    if (!(this.armed || (e.shiftKey && e.pointerType === 'mouse')) || e.button !== 0) return;
    if (e.target.closest('.leaflet-control, .leaflet-popup')) return;
    e.preventDefault(); // no compatibility mouse events: the map does not start a drag
    e.stopPropagation();
    const p = this.point(e);
    this.drag = { id: e.pointerId, x0: p.x, y0: p.y, x1: p.x, y1: p.y };
    this.map.getContainer().setPointerCapture(e.pointerId);
    this.place();
    this.box.hidden = false;
  }

  move(e) {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    e.stopPropagation();
    const p = this.point(e);
    this.drag.x1 = p.x;
    this.drag.y1 = p.y;
    this.place();
  }

  up(e) {
    if (!this.drag || e.pointerId !== this.drag.id) return;
    e.stopPropagation();
    const d = this.drag;
    this.cancel();
    this.arm(false);
    this.swallowUntil = Date.now() + 500;
    if (Math.abs(d.x1 - d.x0) >= 4 && Math.abs(d.y1 - d.y0) >= 4) this.onBox(d);
  }

  cancel() {
    this.drag = null;
    this.box.hidden = true;
  }

  place() {
    const d = this.drag;
    const s = this.box.style;
    s.left = `${Math.min(d.x0, d.x1)}px`;
    s.top = `${Math.min(d.y0, d.y1)}px`;
    s.width = `${Math.abs(d.x1 - d.x0)}px`;
    s.height = `${Math.abs(d.y1 - d.y0)}px`;
  }
}
