// Each trend's curve over time: the page keeps the recent `trends` snapshots (bounded) and draws,
// per trend, its count in the window against the baseline's expectation, snapshot by snapshot:
// a sparkline in the trend's row and a larger chart, with the numbers as a table and the score
// said in words, for the trend picked last. TrendHistory and curvePaths are pure (node tests).
import { el } from './dom.js';
import { fmtCount, fmtSpan } from './trends_format.js';

const kSvg = 'http://www.w3.org/2000/svg';
export const kKeptSnapshots = 60; // 10 minutes of tweet-trends' default 10 s interval

/** One trend in one snapshot, as kept: {count, expected, score} (NaN when not given). */
function point(t) {
  return { count: t.count, expected: t.expected, score: t.score };
}

/** The recent snapshots (normalised by trends_format.js), oldest first, at most `max`. */
export class TrendHistory {
  constructor(max = kKeptSnapshots) {
    this.max = max;
    this.snaps = []; // {ts, global: Map(term -> point), regions: Map(name -> Map(term -> point))}
  }

  get size() {
    return this.snaps.length;
  }

  /** Keeps a snapshot (one per `ts`: a replayed one replaces its twin). Warming ones list nothing. */
  add(t) {
    if (!t || !Number.isFinite(t.ts)) return false;
    const global = new Map(t.global.map((x) => [x.term, point(x)]));
    const regions = new Map(t.regions.map((r) => [r.name, new Map(r.terms.map((x) => [x.term, point(x)]))]));
    const snap = { ts: t.ts, windowS: t.windowS, global, regions };
    let k = this.snaps.length;
    while (k > 0 && this.snaps[k - 1].ts > t.ts) k--;
    if (k > 0 && this.snaps[k - 1].ts === t.ts) this.snaps[k - 1] = snap;
    else this.snaps.splice(k, 0, snap);
    while (this.snaps.length > this.max) this.snaps.shift();
    return true;
  }

  /**
   * The curve of `term` in `region` (a region's name; '' = global), one entry per kept snapshot:
   * {ts, count, expected, score}, with NaNs where the snapshot did not list it (not trending
   * there then). A term without a region falls back to where it was listed most: global first.
   */
  series(term, region = '') {
    const pick = (s) => (region ? s.regions.get(region) : s.global)?.get(term);
    let src = pick;
    if (!this.snaps.some((s) => pick(s))) {
      src = this.bestSource(term) || pick;
    }
    return this.snaps.map((s) => {
      const p = src(s);
      return p ? { ts: s.ts, ...p } : { ts: s.ts, count: NaN, expected: NaN, score: NaN };
    });
  }

  /** The scope listing `term` in the most snapshots (global wins ties), as a picker. */
  bestSource(term) {
    let best = null;
    let most = 0;
    const names = new Set([''].concat(...this.snaps.map((s) => [...s.regions.keys()])));
    for (const name of names) {
      const pick = (s) => (name ? s.regions.get(name) : s.global)?.get(term);
      const n = this.snaps.reduce((a, s) => a + (pick(s) ? 1 : 0), 0);
      if (n > most) {
        most = n;
        best = pick;
      }
    }
    return best;
  }
}

/** How many entries of a series carry a count. */
export function listedCount(series) {
  return series.reduce((a, p) => a + (Number.isFinite(p.count) ? 1 : 0), 0);
}

/**
 * SVG path data for a series in a width x height box: `count` and `expected` (the baseline),
 * x by time from the first to the last kept snapshot, y from 0 to the largest value. A run of
 * snapshots without the term leaves a gap; a lone point is a short flat stroke.
 */
export function curvePaths(series, width, height, pad = 1) {
  const ts = series.map((p) => p.ts);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts);
  let top = 0;
  for (const p of series) {
    if (Number.isFinite(p.count)) top = Math.max(top, p.count);
    if (Number.isFinite(p.expected)) top = Math.max(top, p.expected);
  }
  top = top > 0 ? top : 1;
  const x = (t) => (t1 > t0 ? pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad) : width / 2);
  const y = (v) => height - pad - (v / top) * (height - 2 * pad);
  const path = (key) => {
    let d = '';
    let open = false;
    series.forEach((p, k) => {
      const v = p[key];
      if (!Number.isFinite(v)) {
        open = false;
        return;
      }
      const px = x(p.ts).toFixed(1);
      const py = y(v).toFixed(1);
      const next = series[k + 1];
      const alone = !open && !(next && Number.isFinite(next[key]));
      d += `${open ? 'L' : 'M'}${px} ${py}`;
      if (alone) d += `h${Math.min(3, width / 10).toFixed(1)}`;
      open = true;
    });
    return d;
  };
  return { count: path('count'), expected: path('expected'), top, t0, t1 };
}

function svgEl(tag, attrs) {
  const e = document.createElementNS(kSvg, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** A small curve for a trend's row (decorative: the row's name says the numbers). */
export function sparkline(series, width = 56, height = 18) {
  const svg = svgEl('svg', { class: 'tm-spark', width, height, viewBox: `0 0 ${width} ${height}`, 'aria-hidden': 'true', focusable: 'false' });
  const p = curvePaths(series, width, height, 2);
  if (p.expected) svg.appendChild(svgEl('path', { class: 'tm-curve-expected', d: p.expected }));
  if (p.count) svg.appendChild(svgEl('path', { class: 'tm-curve-count', d: p.count }));
  return svg;
}

/** The score in plain words. */
export function scoreWords(score, threshold = 4.5) {
  if (!Number.isFinite(score)) return 'No score for this term: it is counted, not compared with its usual level.';
  const z = score.toFixed(1);
  const how = score >= threshold ? 'far more than chance allows: this is why it is listed as a trend' : score >= 2 ? 'more than usual, but not yet a trend' : 'about as usual';
  return `Score ${z}: this window's count is ${z} standard deviations above what is usual for this term here (${how}). ` +
    `The server lists a term once its score reaches its threshold (${threshold} by default); a steady big term scores near 0 however many posts it has.`;
}

function clock(ts) {
  const d = new Date(ts);
  return Number.isFinite(d.getTime()) ? d.toISOString().slice(11, 19) : '';
}

/**
 * The larger chart of one trend: the curve with its axes' numbers, a caption in words, the
 * score explained, and the numbers as a table (the chart's text alternative).
 */
export function curveChart(term, series, windowS) {
  const width = 268;
  const height = 96;
  const fig = el('figure', 'tm-curve');
  const id = `tm-curve-${Math.random().toString(36).slice(2, 9)}`;
  const listed = series.filter((p) => Number.isFinite(p.count));
  const last = listed[listed.length - 1];
  const span = series.length > 1 ? fmtSpan((series[series.length - 1].ts - series[0].ts) / 1000) : '';
  const windowWords = Number.isFinite(windowS) && windowS > 0 ? fmtSpan(windowS) : '5 min';
  const cap = el('figcaption', 'tm-curve-caption');
  cap.id = id;
  const termEl = el('bdi', null, term);
  termEl.dir = 'auto';
  cap.append(termEl, document.createTextNode(last
    ? `: ${fmtCount(last.count)} posts in the last ${windowWords}, against a usual ${fmtCount(last.expected)}; listed in ${listed.length} of the last ${series.length} snapshots${span ? ` (${span})` : ''}.`
    : ': not listed in the snapshots kept yet.'));
  const p = curvePaths(series, width, height, 4);
  const svg = svgEl('svg', { class: 'tm-curve-chart', width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': id });
  svg.appendChild(svgEl('line', { class: 'tm-curve-axis', x1: 4, y1: height - 4, x2: width - 4, y2: height - 4 }));
  if (p.expected) svg.appendChild(svgEl('path', { class: 'tm-curve-expected', d: p.expected }));
  if (p.count) svg.appendChild(svgEl('path', { class: 'tm-curve-count', d: p.count }));
  const topLabel = svgEl('text', { class: 'tm-curve-label', x: 6, y: 12 });
  topLabel.textContent = `${fmtCount(p.top)} posts`;
  svg.appendChild(topLabel);
  const axis = el('div', 'tm-curve-times');
  axis.append(el('span', null, series.length ? clock(series[0].ts) : ''), el('span', null, series.length ? `${clock(series[series.length - 1].ts)} UTC` : ''));
  const legend = el('p', 'tm-small tm-curve-legend');
  legend.append(el('span', 'tm-curve-key-count', 'posts in the window'), document.createTextNode(' · '), el('span', 'tm-curve-key-expected', 'usual (baseline)'));
  const why = el('p', 'tm-small tm-curve-why', scoreWords(last ? last.score : NaN));
  const details = el('details', 'tm-curve-numbers');
  details.appendChild(el('summary', null, 'Numbers'));
  const table = el('table');
  const head = el('tr');
  for (const h of ['time (UTC)', 'posts', 'usual', 'score']) {
    const th = el('th', null, h);
    th.scope = 'col';
    head.appendChild(th);
  }
  table.appendChild(head);
  for (const q of series) {
    const tr = el('tr');
    const listedHere = Number.isFinite(q.count);
    for (const v of [clock(q.ts), listedHere ? fmtCount(q.count) : 'not listed', listedHere ? fmtCount(q.expected) : '', listedHere && Number.isFinite(q.score) ? q.score.toFixed(1) : '']) tr.appendChild(el('td', null, v));
    table.appendChild(tr);
  }
  details.appendChild(table);
  fig.append(cap, svg, axis, legend, why, details);
  return fig;
}

/**
 * The chart of the trend picked last, above the trend lists: shown by show(), kept up to date
 * by refresh() on every snapshot, closed with its button.
 */
export class TrendDetail {
  constructor(root, history) {
    this.history = history;
    this.current = null; // {term, region}
    this.box = el('section', 'tm-trend-detail');
    this.box.setAttribute('aria-label', 'Trend over time');
    this.box.hidden = true;
    const tabs = root.querySelector('[role="tablist"]');
    root.insertBefore(this.box, tabs ? tabs.nextSibling : root.firstChild);
  }

  show(term, region = '') {
    this.current = { term, region };
    this.refresh();
  }

  close() {
    this.current = null;
    this.box.hidden = true;
    this.box.replaceChildren();
  }

  refresh() {
    if (!this.current) return;
    const { term, region } = this.current;
    const series = this.history.series(term, region);
    const head = el('div', 'tm-trend-detail-head');
    const h = el('h3', null, region ? `Over time, ${region}` : 'Over time');
    h.dir = 'auto';
    const x = el('button', 'tm-trend-detail-close', '×');
    x.type = 'button';
    x.setAttribute('aria-label', 'Close the chart');
    x.addEventListener('click', () => this.close());
    head.append(h, x);
    const last = this.history.snaps[this.history.snaps.length - 1];
    this.box.replaceChildren(head, curveChart(term, series, last ? last.windowS : NaN));
    this.box.hidden = false;
  }
}
