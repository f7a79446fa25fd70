// Geometry of the density and heat views, without the DOM (node tests it): which grid cell of
// the screen each point falls in, in every world copy on screen, and which density labels fit
// without covering each other.

/**
 * Calls visit(cell, slot, x, y) for every point of the store drawn on screen, once for each
 * world copy it has on screen: a point's `sx` is its copy nearest the left edge (0 <= sx <
 * scale), the others are `scale` (the world's width in pixels) apart. Points with `sx` NaN
 * (hidden, out of view) and copies outside 0..W x 0..H are skipped. Cells are `cell` pixels
 * square, numbered row by row; returns the grid's {cols, rows}.
 */
export function binPoints(store, scale, W, H, cell, visit) {
  const cols = Math.ceil(W / cell) + 1;
  const rows = Math.ceil(H / cell) + 1;
  const { sx, sy } = store;
  for (let k = 0; k < store.size; k++) {
    const i = store.slot(k);
    const x0 = sx[i];
    if (x0 !== x0) continue; // NaN
    const y = sy[i];
    if (y < 0 || y > H) continue;
    const row = Math.floor(y / cell) * cols;
    for (let x = x0; x <= W; x += scale) {
      if (x >= 0) visit(row + Math.floor(x / cell), i, x, y);
    }
  }
  return { cols, rows };
}

/**
 * Density labels that do not overlap: `labels` are {x, y, w, h, n} boxes centred on (x, y);
 * the biggest counts are placed first and a label that would touch one already placed (with
 * `gap` pixels between them) is left out. Returns the placed labels, biggest first.
 */
export function placeLabels(labels, gap = 2) {
  const order = [...labels].sort((a, b) => b.n - a.n);
  const placed = [];
  for (const l of order) {
    const clash = placed.some(
      (p) => Math.abs(p.x - l.x) * 2 < p.w + l.w + 2 * gap && Math.abs(p.y - l.y) * 2 < p.h + l.h + 2 * gap,
    );
    if (!clash) placed.push(l);
  }
  return placed;
}

/** Whether two label boxes (centred, as placeLabels takes them) overlap. */
export function labelsOverlap(a, b) {
  return Math.abs(a.x - b.x) * 2 < a.w + b.w && Math.abs(a.y - b.y) * 2 < a.h + b.h;
}
