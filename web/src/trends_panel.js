// The trends panel: server trends (global, per region) from `trends` events, and "in this view",
// counted in the page from the hashtags of the points currently on screen.
import { fmtCount, normalizeTrends } from './trends_format.js';

const kShown = 10;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export class TrendsPanel {
  /**
   * @param {HTMLElement} root the panel element (contains tab buttons and list containers)
   * @param {(t:{term,lat,lon})=>void} onPick called when a trend is clicked
   */
  constructor(root, onPick) {
    this.root = root;
    this.onPick = onPick;
    this.latest = null; // normalised server snapshot
    this.updates = 0;
    this.view = [];
    this.tab = 'global';
    this.lists = {
      global: root.querySelector('[data-list="global"]'),
      regions: root.querySelector('[data-list="regions"]'),
      view: root.querySelector('[data-list="view"]'),
    };
    this.tabs = [...root.querySelectorAll('[role="tab"]')];
    for (const t of this.tabs) {
      t.addEventListener('click', () => this.select(t.dataset.tab));
      t.addEventListener('keydown', (e) => {
        const k = this.tabs.indexOf(t);
        let next = -1;
        if (e.key === 'ArrowRight') next = (k + 1) % this.tabs.length;
        else if (e.key === 'ArrowLeft') next = (k + this.tabs.length - 1) % this.tabs.length;
        if (next >= 0) {
          e.preventDefault();
          this.select(this.tabs[next].dataset.tab);
          this.tabs[next].focus();
        }
      });
    }
    this.select('global');
    this.renderServer();
    this.renderView();
  }

  select(tab) {
    this.tab = tab;
    for (const t of this.tabs) {
      const on = t.dataset.tab === tab;
      t.setAttribute('aria-selected', on ? 'true' : 'false');
      t.tabIndex = on ? 0 : -1;
    }
    for (const [name, list] of Object.entries(this.lists)) list.hidden = name !== tab;
  }

  /** A `trends` event's data (the JSON line). Returns false when it could not be read. */
  update(data) {
    let obj;
    try {
      obj = typeof data === 'string' ? JSON.parse(data) : data;
    } catch {
      return false;
    }
    const t = normalizeTrends(obj);
    if (!t) return false;
    this.latest = t;
    this.updates++;
    this.renderServer();
    return true;
  }

  termButton(t) {
    const b = el('button', 'tm-trend');
    b.type = 'button';
    const term = el('bdi', 'tm-trend-term', t.label); // a term from posts: isolate its direction
    term.dir = 'auto';
    b.appendChild(term);
    const c = fmtCount(t.count);
    if (c) b.appendChild(el('span', 'tm-trend-count', c));
    const where = t.place ? ` (hot around ${t.place})` : '';
    b.title = Number.isFinite(t.lat) ? `Filter to ${t.term} and go where it is hot${where}` : `Filter to ${t.term}`;
    b.addEventListener('click', () => this.onPick(t));
    return b;
  }

  renderList(container, terms, empty) {
    const ol = el('ol', 'tm-trend-list');
    for (const t of terms.slice(0, kShown)) {
      const li = el('li');
      li.appendChild(this.termButton(t));
      ol.appendChild(li);
    }
    container.replaceChildren(terms.length ? ol : el('p', 'tm-empty', empty));
  }

  renderServer() {
    const t = this.latest;
    const none = t && t.warming ? 'Trends are warming up (the server is still learning what is normal)…' : 'Waiting for trends from the server (tweet-trends)…';
    this.renderList(this.lists.global, t ? t.global : [], none);
    const box = this.lists.regions;
    if (!t || t.regions.length === 0) {
      box.replaceChildren(el('p', 'tm-empty', t ? 'No regional trends yet.' : none));
      return;
    }
    const frag = document.createDocumentFragment();
    for (const r of t.regions.slice(0, 12)) {
      const sec = el('section', 'tm-region');
      sec.appendChild(el('h3', null, r.name));
      const ol = el('ol', 'tm-trend-list');
      for (const term of r.terms.slice(0, 5)) {
        const li = el('li');
        li.appendChild(this.termButton(term));
        ol.appendChild(li);
      }
      sec.appendChild(ol);
      frag.appendChild(sec);
    }
    box.replaceChildren(frag);
  }

  /** Recounts "trending in this view" from the points on screen. */
  computeView(store, width, height) {
    const counts = new Map();
    for (let k = 0; k < store.size; k++) {
      const i = store.slot(k);
      const tags = store.tags[i];
      if (!tags) continue;
      const x = store.sx[i];
      if (x !== x || x < 0 || x > width) continue;
      const y = store.sy[i];
      if (y < 0 || y > height) continue;
      for (const tag of tags) {
        let c = counts.get(tag);
        if (!c) {
          c = { n: 0, lat: 0, lon: 0 };
          counts.set(tag, c);
        }
        c.n++;
        c.lat += store.lat[i];
        c.lon += store.lon[i];
      }
    }
    const top = [...counts.entries()]
      .sort((a, b) => b[1].n - a[1].n)
      .slice(0, kShown)
      .map(([tag, c]) => ({ term: `#${tag}`, label: `#${tag}`, count: c.n, score: c.n, lat: c.lat / c.n, lon: c.lon / c.n }));
    this.view = top;
    this.renderView();
  }

  renderView() {
    this.renderList(this.lists.view, this.view, 'No hashtags among the points in view.');
  }
}
