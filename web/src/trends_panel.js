// The trends panel: server trends (global, per region) from `trends` events, each with its curve
// over the recent snapshots (trend_curves.js), and "in this view": the server's trends whose
// cells lie in the view, asked of the server (GET /trends, view_trends_client.js) or worked out
// here (or, when none is there, the most common hashtags of the points on screen, said to be that).
import { fmtPosts, fmtSpan, normalizeTrends, unusualness } from './trends_format.js';
import { listedCount, sparkline, TrendDetail, TrendHistory } from './trend_curves.js';
import { bboxParam, ViewTrendsClient } from './view_trends_client.js';
import { el } from './dom.js';

const kShown = 10;
const kBinPx = 48; // the grid, in screen pixels, in which "where a tag is dense" is counted

/** True when lon (any world copy) and lat lie in the Leaflet-style bounds {west,south,east,north}. */
function inBounds(b, lat, lon) {
  if (!(lat >= b.south && lat <= b.north)) return false;
  for (const l of [lon, lon - 360, lon + 360]) if (l >= b.west && l <= b.east) return true;
  return false;
}

/** True when the box [w,s,e,n] overlaps the bounds. */
function boxInBounds(b, box) {
  const [w, s, e, n] = box;
  if (!(n >= b.south && s <= b.north)) return false;
  for (const d of [0, -360, 360]) if (e + d >= b.west && w + d <= b.east) return true;
  return false;
}

export class TrendsPanel {
  /**
   * @param {HTMLElement} root the panel element (contains tab buttons and list containers)
   * @param {(t:{term,lat,lon})=>void} onPick called when a trend is clicked
   * @param {{trendsPath?: string}} opts the server's view-trends route (GET /trends?bbox=)
   */
  constructor(root, onPick, opts = {}) {
    this.root = root;
    this.onPick = onPick;
    this.latest = null; // normalised server snapshot
    this.updates = 0;
    this.view = [];
    this.viewSeq = 0;
    this.pendingView = null;
    this.history = new TrendHistory(); // the recent snapshots, for each trend's curve
    this.remote = new ViewTrendsClient(opts.trendsPath || '/trends');
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
    this.detail = new TrendDetail(root, this.history);
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
    this.history.add(t);
    this.renderServer();
    this.detail.refresh();
    return true;
  }

  windowWords() {
    const w = this.latest && Number.isFinite(this.latest.windowS) && this.latest.windowS > 0 ? this.latest.windowS : 300;
    return `in the last ${fmtSpan(w)}`;
  }

  termButton(t, region = '') {
    const b = el('button', 'tm-trend');
    b.type = 'button';
    const term = el('bdi', 'tm-trend-term', t.label); // a term from posts: isolate its direction
    term.dir = 'auto';
    b.appendChild(term);
    const posts = fmtPosts(t.count);
    const how = t.local ? { short: '', long: 'common here, not a trend' } : unusualness(t);
    const side = el('span', 'tm-trend-nums');
    if (posts) side.appendChild(el('span', 'tm-trend-count', posts));
    if (how.short) side.appendChild(el('span', 'tm-trend-why', how.short));
    b.appendChild(side);
    // Its curve over the kept snapshots (count against the usual); the chart opens on a click.
    const series = t.local ? [] : this.history.series(t.term, region);
    if (listedCount(series) >= 2) b.appendChild(sparkline(series));
    const where = t.place ? ` (hot around ${t.place})` : '';
    const scope = t.inView ? 'in view' : this.windowWords();
    const words = [posts ? `${posts} ${scope}` : '', how.long].filter(Boolean).join(', ');
    b.setAttribute('aria-label', `${t.term}${words ? `: ${words}` : ''}`);
    const action = Number.isFinite(t.lat) ? `Filter to ${t.term} and go where it is densest${where}` : `Filter to ${t.term}`;
    b.title = words ? `${words}. ${action}` : action;
    b.addEventListener('click', () => {
      if (!t.local) this.detail.show(t.term, region);
      this.onPick(t);
    });
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

  /** The words for an empty server list: warming (with progress), nothing trending, or waiting. */
  emptyServer(what) {
    const t = this.latest;
    if (!t) return el('p', 'tm-empty', 'Waiting for trends from the server (tweet-trends)…');
    if (!t.warming) return el('p', 'tm-empty', what === 'regions' ? 'Nothing is trending in any region in this window.' : 'Nothing is trending in this window.');
    const box = el('div', 'tm-warming');
    const w = t.warmup;
    if (!w) {
      box.appendChild(el('p', 'tm-empty', 'Warming up: the server is still learning what is normal…'));
      return box;
    }
    // Event time goes at the stream's pace: what is missing is about the time left.
    const left = Math.max(0, w.needS - w.seenS);
    const text = `Warming up: ${fmtSpan(w.seenS, Math.floor)} of ${fmtSpan(w.needS, Math.ceil)} collected, ~${fmtSpan(left, Math.ceil)} left`;
    const p = el('p', 'tm-empty tm-warming-text', text);
    const bar = el('progress', 'tm-warming-bar');
    bar.max = w.needS;
    bar.value = Math.min(w.seenS, w.needS);
    bar.setAttribute('aria-label', text);
    box.append(p, bar);
    return box;
  }

  renderServer() {
    const t = this.latest;
    if (t && t.global.length) this.renderList(this.lists.global, t.global, '');
    else this.lists.global.replaceChildren(this.emptyServer('global'));
    const box = this.lists.regions;
    if (!t || t.regions.length === 0) {
      box.replaceChildren(this.emptyServer('regions'));
      return;
    }
    const frag = document.createDocumentFragment();
    for (const r of t.regions.slice(0, 12)) {
      const sec = el('section', 'tm-region');
      const h = el('h3', null, r.name); // a place name from posts: isolated (style.css)
      h.dir = 'auto';
      sec.appendChild(h);
      const ol = el('ol', 'tm-trend-list');
      for (const term of r.terms.slice(0, 5)) {
        const li = el('li');
        li.appendChild(this.termButton(term, r.name));
        ol.appendChild(li);
      }
      sec.appendChild(ol);
      frag.appendChild(sec);
    }
    box.replaceChildren(frag);
  }

  /**
   * The server's trends in the view (bounds: {west,south,east,north}, longitudes may run past
   * ±180): each trend of the last snapshot with a cell in view (global and country trends) or
   * from an area that overlaps the view, with the posts of its cells in view and the densest of
   * them as where to go; best score first.
   */
  serverInView(b) {
    const t = this.latest;
    if (!t || !b) return [];
    const best = new Map();
    const offer = (x, count, cell) => {
      const have = best.get(x.term);
      if (have && have.score >= x.score) {
        have.count = Math.max(have.count, count);
        return;
      }
      best.set(x.term, { ...x, count: Math.max(count, have ? have.count : 0), lat: cell ? cell.lat : x.lat, lon: cell ? cell.lon : x.lon, inView: true });
    };
    const consider = (x, areaInView) => {
      const cells = x.cells.filter((c) => inBounds(b, c.lat, c.lon));
      if (cells.length) {
        const dense = cells.reduce((a, c) => (c.count > a.count ? c : a));
        offer(x, cells.reduce((a, c) => a + (Number.isFinite(c.count) ? c.count : 0), 0), dense);
      } else if (areaInView) {
        offer(x, x.count, Number.isFinite(x.lat) && inBounds(b, x.lat, x.lon) ? { lat: x.lat, lon: x.lon } : null);
      }
    };
    for (const x of t.global) consider(x, false);
    for (const r of t.regions) {
      const area = r.kind === 'cell' && r.boxes.some((box) => boxInBounds(b, box));
      for (const x of r.terms) consider(x, area);
    }
    return [...best.values()].sort((p, q) => (q.score || 0) - (p.score || 0) || q.count - p.count);
  }

  /**
   * Recounts "in this view": the server's trends in `bounds`, asked of the server (GET /trends,
   * view_trends_client.js), or worked out here from the last snapshot when the server has no
   * such route (serverInView); when none is there, the most common hashtags of the points on
   * screen (width x height pixels), each flying to the densest 48-pixel square of its points
   * rather than to their average.
   */
  async computeView(store, width, height, bounds) {
    if (this.remote.inFlight) {
      this.pendingView = [store, width, height, bounds]; // asked for when the answer is in
      return;
    }
    this.pendingView = null;
    const seq = ++this.viewSeq;
    // snapshotOnly (the time bar shows the past): GET /trends answers for now, not then.
    let server = this.remote.available && !this.snapshotOnly ? await this.remote.get(bounds) : null;
    if (seq !== this.viewSeq) return; // a newer view was asked for meanwhile
    const next = this.pendingView;
    if (next && bboxParam(next[3]) !== bboxParam(bounds)) {
      this.pendingView = null;
      this.computeView(...next); // the map moved while the server answered: that view, not this
      return;
    }
    let from = 'server';
    if (server === null) {
      server = this.serverInView(bounds);
      from = 'snapshot';
    }
    if (server.length) {
      this.view = server.slice(0, kShown);
      this.viewFrom = from;
      this.renderView();
      return;
    }
    const counts = new Map();
    for (let k = 0; k < store.size; k++) {
      const i = store.slot(k);
      const tags = store.tags[i];
      if (!tags) continue;
      const x = store.sx[i];
      if (x !== x || x < 0 || x > width) continue;
      const y = store.sy[i];
      if (y < 0 || y > height) continue;
      for (const tag of tags) counts.set(tag, (counts.get(tag) || 0) + 1);
    }
    const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, kShown);
    // Where each of those is densest: its points binned into squares of the screen.
    const bins = new Map(top.map(([tag]) => [tag, new Map()]));
    for (let k = 0; k < store.size; k++) {
      const i = store.slot(k);
      const tags = store.tags[i];
      if (!tags) continue;
      const x = store.sx[i];
      if (x !== x || x < 0 || x > width) continue;
      const y = store.sy[i];
      if (y < 0 || y > height) continue;
      const key = Math.floor(x / kBinPx) * 4096 + Math.floor(y / kBinPx);
      for (const tag of tags) {
        const m = bins.get(tag);
        if (!m) continue;
        let c = m.get(key);
        if (!c) m.set(key, (c = { n: 0, lat: 0, lon: 0 }));
        c.n++;
        c.lat += store.lat[i];
        c.lon += store.lon[i];
      }
    }
    this.view = top.map(([tag, n]) => {
      let dense = { n: 0, lat: NaN, lon: NaN };
      for (const c of bins.get(tag).values()) if (c.n > dense.n) dense = c;
      return { term: `#${tag}`, label: `#${tag}`, count: n, score: NaN, lat: dense.lat / dense.n, lon: dense.lon / dense.n, local: true, inView: true };
    });
    this.viewFrom = 'points';
    this.renderView();
  }

  renderView() {
    const list = this.lists.view;
    if (this.viewFrom === 'points' && this.view.length) {
      this.renderList(list, this.view, '');
      const note = el('p', 'tm-small', 'Nothing the server reports as trending is in this view; these are the most common hashtags here.');
      list.prepend(note);
      return;
    }
    this.renderList(list, this.view, 'Nothing is trending in this view, and the points here carry no hashtags.');
  }
}
