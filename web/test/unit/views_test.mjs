// Unit tests of the page's time and view geometry (node:test): the stream clock and posts/s
// (web/src/post_time.js), the binning of points in every world copy and the density labels
// (web/src/binning.js).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { binPoints, labelsOverlap, placeLabels } from '../../src/binning.js';
import { RateMeter, StreamClock } from '../../src/post_time.js';
import { GEO_POINT, PointStore } from '../../src/store.js';

const kFade = 600000;
const T = 1700000000000; // "now" on our clock

test('a live source: a post is as old as its ts says, whenever it arrives', () => {
  const c = new StreamClock(kFade);
  assert.equal(c.observe(T - 1000, T), T - 1000);
  assert.equal(c.observe(T - 540000, T), T - 540000, 'replayed history keeps its age');
  assert.equal(c.skew, 0);
  assert.equal(c.now(T), T);
});

test('unusable or future ts count as posted on arrival', () => {
  const c = new StreamClock(kFade);
  for (const ts of [undefined, null, '1700000000000', NaN, Infinity, 0, -1e18]) assert.equal(c.observe(ts, T), T, String(ts));
  assert.equal(c.observe(T + 5000, T), T, 'a few seconds ahead: now');
  assert.equal(c.observe(1e18, T), T, 'far in the future: now');
  assert.equal(c.skew, 0, 'and they do not move the clock');
});

test('a recorded replay (every post older than the fade) is aged on its own clock', () => {
  const c = new StreamClock(kFade);
  const rec = Date.UTC(2015, 10, 11);
  assert.equal(c.observe(rec, T), rec);
  assert.equal(c.now(T), rec);
  assert.equal(c.observe(rec + 1000, T + 1000), rec + 1000);
  assert.equal(c.now(T + 1000) - (rec - 60000), 61000, 'a post a minute older is a minute old');
  c.reset();
  assert.equal(c.now(T), T);
});

test('posts/s: live posts are counted in the second they were posted', () => {
  const r = new RateMeter(5);
  for (let s = 0; s < 10; s++) for (let k = 0; k < 100; k++) r.add(T + s * 1000 + k * 10, T + s * 1000 + k * 10);
  assert.equal(r.rate(T + 10000), 100);
});

test('posts/s: replayed history arriving at once counts only its last five seconds', () => {
  const r = new RateMeter(5);
  // 300 s of history at 20/s, all arriving in the same millisecond.
  for (let k = 0; k < 6000; k++) r.add(T - 300000 + k * 50, T);
  assert.equal(r.rate(T), 20);
  assert.equal(r.rate(T + 6000), 0, 'and it does not linger');
});

test('posts/s: a post is never counted later than it arrived, nor in the future', () => {
  const r = new RateMeter(5);
  r.add(T + 10000, T);
  assert.equal(r.rate(T + 1000), 1 / 5);
  r.clear();
  assert.equal(r.rate(T + 1000), 0);
});

function storeWith(points) {
  const s = new PointStore(points.length);
  for (const [x, y] of points) {
    const i = s.add(0, 0, GEO_POINT, null, '{}', 0);
    s.sx[i] = x;
    s.sy[i] = y;
  }
  return s;
}

test('binning visits each point once in every world copy on screen', () => {
  // A 1,000 px wide screen at zoom 1 (the world is 512 px): x 100 is also at 612; x 600 once.
  const s = storeWith([[100, 50], [600, 50], [NaN, 50], [10, 900]]);
  const seen = [];
  const { cols } = binPoints(s, 512, 1000, 400, 36, (c, i, x, y) => seen.push([i, x, y, c]));
  assert.deepEqual(seen.map((v) => [v[0], v[1]]), [[0, 100], [0, 612], [1, 600]]);
  assert.equal(seen[1][3], Math.floor(50 / 36) * cols + Math.floor(612 / 36));
});

test('density labels: the bigger count keeps its place, a clashing one is left out', () => {
  const labels = [
    { x: 100, y: 100, w: 14, h: 11, n: 30 },
    { x: 104, y: 100, w: 14, h: 11, n: 40 },
    { x: 200, y: 100, w: 14, h: 11, n: 10 },
  ];
  const placed = placeLabels(labels);
  assert.deepEqual(placed.map((l) => l.n), [40, 10]);
  assert.ok(labelsOverlap(labels[0], labels[1]));
  for (let a = 0; a < placed.length; a++) for (let b = a + 1; b < placed.length; b++) assert.ok(!labelsOverlap(placed[a], placed[b]));
});
