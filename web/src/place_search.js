// Place search: a box that asks sse-serve's GET /places (the offline GeoNames gazetteer of
// lib/geocode, docs/SSE.md) for places by name in any script the gazetteer holds ("São Paulo",
// "東京", "Москва", "NYC") and flies to the one chosen. An ARIA combobox: Up/Down move through
// the suggestions, Enter goes to the active one (the first when none is), Escape closes the
// suggestions and then empties the box. Names are inserted with textContent, each isolated.
import { el, user } from './popup.js';

const kDebounceMs = 150;
const kMaxQuery = 200; // bytes the server takes (kPlaceQueryMaxBytes)

/** The zoom to show a place at: a country, a region, or a city by its size. */
export function placeZoom(p) {
  if (p.kind === 'country') return p.population > 50e6 ? 4 : 5;
  if (p.kind === 'region') return 6;
  return p.population > 1e6 ? 10 : 11;
}

let nextId = 0;

export class PlaceSearch {
  /** A form put first in `host`; `onGo(place)` is called with the place chosen. */
  constructor(host, onGo, path = 'places') {
    this.onGo = onGo;
    this.path = path;
    this.results = [];
    this.active = -1;
    this.seq = 0;
    this.timer = 0;
    this.lastGone = null;
    this.answered = null; // the query whose answer is shown
    const id = `tm-place-${nextId++}`;
    this.form = el('form', 'tm-place');
    this.form.setAttribute('role', 'search');
    this.form.autocomplete = 'off';
    const label = el('label', 'tm-sr', 'Go to a place');
    label.htmlFor = `${id}-input`;
    this.input = el('input');
    this.input.id = `${id}-input`;
    this.input.type = 'search';
    this.input.placeholder = 'Go to a place (g)';
    this.input.maxLength = kMaxQuery;
    this.input.spellcheck = false;
    this.input.setAttribute('role', 'combobox');
    this.input.setAttribute('aria-autocomplete', 'list');
    this.input.setAttribute('aria-expanded', 'false');
    this.input.setAttribute('aria-controls', `${id}-list`);
    this.popup = el('div', 'tm-place-popup');
    this.popup.hidden = true;
    this.list = el('ul', 'tm-place-list');
    this.list.id = `${id}-list`;
    this.list.setAttribute('role', 'listbox');
    this.list.setAttribute('aria-label', 'Places');
    this.status = el('p', 'tm-place-status');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    const credit = el('p', 'tm-place-credit', 'Place names: ');
    const a = el('a', null, 'GeoNames');
    a.href = 'https://www.geonames.org/';
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    credit.append(a, document.createTextNode(' (CC BY 4.0)'));
    this.popup.append(this.list, this.status, credit);
    this.form.append(label, this.input, this.popup);
    host.prepend(this.form);
    this.optionId = (k) => `${id}-o${k}`;

    this.input.addEventListener('input', () => {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(() => this.ask(), kDebounceMs);
    });
    this.input.addEventListener('keydown', (e) => this.key(e));
    this.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.pick(this.active >= 0 ? this.active : 0);
    });
    this.list.addEventListener('mousedown', (e) => e.preventDefault()); // keep the focus in the box
    this.list.addEventListener('click', (e) => {
      const o = e.target.closest('[role="option"]');
      if (o) this.pick(Number(o.dataset.k));
    });
    this.input.addEventListener('blur', () => window.setTimeout(() => this.show(false), 150));
  }

  focus() {
    this.input.focus();
    this.input.select();
  }

  show(on) {
    this.popup.hidden = !on;
    this.input.setAttribute('aria-expanded', String(on && this.results.length > 0));
  }

  /** Asks the server for the box's text; only the newest answer is shown. */
  async ask() {
    const q = this.input.value.trim();
    const seq = ++this.seq;
    if (!q) {
      this.results = [];
      this.render('');
      this.show(false);
      return;
    }
    const url = `${this.path}?q=${encodeURIComponent(q)}&limit=8`;
    this.pending = (async () => {
      let text;
      let ok = false;
      try {
        const res = await fetch(url, { headers: { Accept: 'application/json' } });
        ok = res.ok;
        text = await res.text();
      } catch {
        text = null;
      }
      if (seq !== this.seq) return;
      this.answered = q;
      if (text === null) {
        this.results = [];
        this.render('Place search is not available (no answer from the server).');
      } else if (!ok) {
        this.results = [];
        this.render(`Place search: ${text.trim().slice(0, 200)}`);
      } else {
        let data = null;
        try {
          data = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        this.results = data && Array.isArray(data.places) ? data.places.filter((p) => Number.isFinite(p.lat) && Number.isFinite(p.lon)) : [];
        this.render(this.results.length ? `${this.results.length} ${this.results.length === 1 ? 'place' : 'places'}` : 'No place of that name');
      }
      this.show(true);
    })();
    return this.pending;
  }

  render(statusText) {
    this.active = -1;
    this.input.removeAttribute('aria-activedescendant');
    this.list.replaceChildren();
    this.results.forEach((p, k) => {
      const o = el('li', 'tm-place-option');
      o.id = this.optionId(k);
      o.dataset.k = String(k);
      o.setAttribute('role', 'option');
      o.setAttribute('aria-selected', 'false');
      o.appendChild(user('bdi', 'tm-place-name', p.name));
      const where = [p.region, p.kind === 'country' ? null : p.country].filter((s) => typeof s === 'string' && s);
      if (where.length) {
        const w = el('span', 'tm-place-where', ', ');
        where.forEach((s, j) => {
          if (j) w.appendChild(document.createTextNode(', '));
          w.appendChild(user('bdi', null, s));
        });
        o.appendChild(w);
      }
      o.appendChild(el('span', 'tm-place-kind', p.kind === 'city' ? 'city' : p.kind === 'region' ? 'region' : 'country'));
      this.list.appendChild(o);
    });
    this.status.textContent = statusText;
  }

  setActive(k) {
    const n = this.results.length;
    if (!n) return;
    this.active = ((k % n) + n) % n;
    for (const o of this.list.children) o.setAttribute('aria-selected', String(Number(o.dataset.k) === this.active));
    this.input.setAttribute('aria-activedescendant', this.optionId(this.active));
    const o = this.list.children[this.active];
    if (o) o.scrollIntoView({ block: 'nearest' });
  }

  key(e) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.popup.hidden && this.results.length) this.show(true);
      this.setActive(this.active + (e.key === 'ArrowDown' ? 1 : -1));
    } else if (e.key === 'Escape') {
      // The first Escape closes the suggestions, the next one empties the box (and leaves it).
      if (!this.popup.hidden) {
        e.preventDefault();
        e.stopPropagation();
        this.show(false);
      } else if (this.input.value) {
        e.preventDefault();
        e.stopPropagation();
        this.input.value = '';
        this.results = [];
        this.render('');
      }
    }
  }

  async pick(k) {
    // Enter before the answer came: wait for it.
    if (this.input.value.trim() && this.answered !== this.input.value.trim()) {
      window.clearTimeout(this.timer);
      await this.ask();
    }
    const p = this.results[k];
    if (!p) return;
    this.lastGone = p;
    this.show(false);
    this.status.textContent = '';
    this.onGo(p);
  }
}
