// Which posts lie under a drawn box or a density circle, without the DOM (node tests it). Both
// use the screen positions of the last draw (store.sx/sy, every world copy on screen) and give
// slots newest first (by the post's time, then by arrival).
import { binPoints } from './binning.js';

function newestFirst(store, hits) {
  const t = store.t;
  hits.sort((a, b) => t[b.i] - t[a.i] || b.k - a.k);
  return hits.map((h) => h.i);
}

/** The slots of the points drawn inside the box (container pixels, corners in any order). */
export function postsInBox(store, scale, box) {
  const x0 = Math.min(box.x0, box.x1);
  const x1 = Math.max(box.x0, box.x1);
  const y0 = Math.min(box.y0, box.y1);
  const y1 = Math.max(box.y0, box.y1);
  const hits = [];
  const { sx, sy } = store;
  for (let k = 0; k < store.size; k++) {
    const i = store.slot(k);
    const x = sx[i];
    if (x !== x) continue; // NaN: hidden or out of view
    const y = sy[i];
    if (y < y0 || y > y1) continue;
    // The copies of the point are `scale` apart; the first one that can be in the box:
    const first = x + Math.ceil((x0 - x) / scale) * scale;
    if (first <= x1) hits.push({ i, k });
  }
  return newestFirst(store, hits);
}

/** The slots of the points binned into grid cell `cell` (as the density view bins them). */
export function postsInCell(store, scale, W, H, size, cell) {
  const hits = [];
  const last = new Set();
  binPoints(store, scale, W, H, size, (c, i) => {
    if (c === cell && !last.has(i)) {
      last.add(i);
      hits.push({ i, k: 0 });
    }
  });
  // binPoints visits in arrival order: keep it as the tie-break.
  hits.forEach((h, k) => (h.k = k));
  return newestFirst(store, hits);
}

/** The density circle under a container point ({x, y, r, n, cell}), or null. */
export function densityCellAt(cells, x, y, slop = 4) {
  let best = null;
  let bestD = Infinity;
  for (const c of cells) {
    const d = Math.hypot(c.x - x, c.y - y);
    if (d <= Math.max(c.r, 6) + slop && d < bestD) {
      best = c;
      bestD = d;
    }
  }
  return best;
}
