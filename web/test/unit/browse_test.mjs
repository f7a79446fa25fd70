// Unit tests of the pure parts of the post list and the country counts (node:test): which posts
// lie in a drawn box or a density cell, in every world copy, newest first
// (web/src/area_posts.js); counts per country by count and by name, country names and the
// bounds a click flies to (web/src/country_counts.js); the zoom a place is shown at.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { densityCellAt, postsInBox, postsInCell } from '../../src/area_posts.js';
import { countByCountry, countryBounds, countryName } from '../../src/country_counts.js';
import { placeZoom } from '../../src/place_search.js';
import { GEO_POINT, PointStore } from '../../src/store.js';

/** A store whose points sit at the given screen positions (as the last draw left them). */
function drawn(points) {
  const st = new PointStore(points.length + 2);
  for (const p of points) {
    const i = st.add(p.lat ?? 0, p.lon ?? 0, GEO_POINT, null, JSON.stringify({ id: p.id }), p.t ?? 0, p.cc);
    st.sx[i] = p.x ?? NaN;
    st.sy[i] = p.y ?? NaN;
  }
  return st;
}
const ids = (st, slots) => slots.map((i) => JSON.parse(st.raw[i]).id);

test('a drawn box: the points inside it, newest first, corners in any order', () => {
  const st = drawn([
    { id: 'a', x: 10, y: 10, t: 100 },
    { id: 'b', x: 50, y: 50, t: 300 },
    { id: 'c', x: 60, y: 55, t: 200 },
    { id: 'd', x: 200, y: 50, t: 400 },
    { id: 'e', x: NaN, y: 50, t: 500 }, // hidden
    { id: 'f', x: 55, y: 52, t: 300 }, // same time as b, arrived later: first
  ]);
  assert.deepEqual(ids(st, postsInBox(st, 1024, { x0: 40, y0: 40, x1: 100, y1: 100 })), ['f', 'b', 'c']);
  assert.deepEqual(ids(st, postsInBox(st, 1024, { x0: 100, y0: 100, x1: 40, y1: 40 })), ['f', 'b', 'c']);
  assert.deepEqual(postsInBox(st, 1024, { x0: 300, y0: 0, x1: 400, y1: 400 }), []);
});

test('a drawn box: a point counts in any world copy on screen', () => {
  // scale 256: the copies of a point at x=20 are at 276, 532, ...
  const st = drawn([{ id: 'a', x: 20, y: 50 }, { id: 'b', x: 100, y: 50 }]);
  assert.deepEqual(ids(st, postsInBox(st, 256, { x0: 260, y0: 0, x1: 290, y1: 100 })), ['a']);
  assert.deepEqual(ids(st, postsInBox(st, 256, { x0: 350, y0: 0, x1: 360, y1: 100 })), ['b']);
  assert.deepEqual(postsInBox(st, 256, { x0: 290, y0: 0, x1: 350, y1: 100 }), []);
});

test('a density cell: its points once each, newest first; the circle under a click', () => {
  const st = drawn([
    { id: 'a', x: 5, y: 5, t: 1 },
    { id: 'b', x: 30, y: 30, t: 3 },
    { id: 'c', x: 40, y: 5, t: 2 }, // the next cell to the right
  ]);
  // 36 px cells, a 100x100 screen: cols = ceil(100/36)+1 = 4; cell 0 is the top-left one.
  assert.deepEqual(ids(st, postsInCell(st, 1024, 100, 100, 36, 0)), ['b', 'a']);
  assert.deepEqual(ids(st, postsInCell(st, 1024, 100, 100, 36, 1)), ['c']);
  const cells = [{ x: 10, y: 10, r: 8, n: 2, cell: 0 }, { x: 50, y: 10, r: 4, n: 1, cell: 1 }];
  assert.equal(densityCellAt(cells, 12, 12).cell, 0);
  assert.equal(densityCellAt(cells, 52, 14).cell, 1, 'a small circle is hit from 6 px + slop');
  assert.equal(densityCellAt(cells, 30, 80), null);
});

test('counts per country: by count, by name, no country last; names from Intl', () => {
  const st = drawn([
    { cc: 'BR' }, { cc: 'BR' }, { cc: 'JP' }, { cc: 'DE' }, { cc: 'DE' }, { cc: 'DE' }, {}, { cc: 'zz9' },
  ]);
  assert.equal(countByCountry(drawn([{ cc: '\u202Eevil' }]))[0].name, '\uFFFDevil', 'an override in a code is made visible');
  const byCount = countByCountry(st, 'count');
  assert.deepEqual(byCount.map((r) => [r.cc, r.n]), [['DE', 3], ['BR', 2], ['JP', 1], ['zz9', 1], ['', 1]]);
  assert.equal(byCount[0].name, 'Germany');
  assert.equal(byCount[3].name, 'zz9', 'an unknown code is shown as it came');
  assert.equal(byCount[4].name, 'No country');
  const byName = countByCountry(st, 'name');
  assert.deepEqual(byName.map((r) => r.name), ['Brazil', 'Germany', 'Japan', 'zz9', 'No country']);
  assert.equal(countryName('jp'), 'Japan');
  assert.equal(countryName('ZZ'), null);
  assert.equal(countryName('<b>'), null);
  assert.equal(countryName(7), null);
});

test("a country's bounds: the middle 90% of its posts (an outlier does not stretch them)", () => {
  const pts = [];
  for (let k = 0; k < 40; k++) pts.push({ cc: 'BR', lat: -20 - (k % 5), lon: -45 - (k % 4) });
  pts.push({ cc: 'BR', lat: 40, lon: 100 }); // one odd post far away
  pts.push({ cc: 'JP', lat: 35, lon: 139 });
  const st = drawn(pts);
  const [[s, w], [n, e]] = countryBounds(st, 'BR');
  assert.ok(s >= -24 && n <= -20 && w >= -48 && e <= -45, JSON.stringify([s, w, n, e]));
  assert.equal(countryBounds(st, 'FR'), null);
});

test('place zoom: countries far out, cities close in', () => {
  assert.equal(placeZoom({ kind: 'country', population: 200e6 }), 4);
  assert.equal(placeZoom({ kind: 'region', population: 1e6 }), 6);
  assert.equal(placeZoom({ kind: 'city', population: 12e6 }), 10);
  assert.equal(placeZoom({ kind: 'city', population: 50e3 }), 11);
});

test("the outline's country shapes get the records' codes", async () => {
  const { countryCodeOfShape, countryPaths } = await import('../../src/country_shapes.js');
  const { countryFill } = await import('../../src/country_counts.js');
  const { createRequire } = await import('node:module');
  const atlas = createRequire(import.meta.url)('world-atlas/countries-110m.json');
  const names = atlas.objects.countries.geometries.map((g) => g.properties.name);
  const missing = names.filter((n) => !countryCodeOfShape(n));
  assert.deepEqual(missing, ['N. Cyprus'], 'every shape but Northern Cyprus has a code');
  const codes = names.map(countryCodeOfShape).filter(Boolean);
  const twice = codes.filter((c, k) => codes.indexOf(c) !== k);
  assert.deepEqual(twice, ['SO'], 'one code per shape (Somaliland joins Somalia)');
  for (const [n, cc] of [['United States of America', 'US'], ['Japan', 'JP'], ["Côte d'Ivoire", 'CI'], ['Turkey', 'TR'], ['Trinidad and Tobago', 'TT'], ['Dem. Rep. Congo', 'CD'], ['Congo', 'CG'], ['Brazil', 'BR'],
    ['Germany', 'DE'], ['Russia', 'RU'], ['United Kingdom', 'GB'], ['France', 'FR'], ['Serbia', 'RS'], ['Vietnam', 'VN'], ['Benin', 'BJ'], ['Burkina Faso', 'BF'], ['Yemen', 'YE'], ['Zimbabwe', 'ZW']]) {
    assert.equal(countryCodeOfShape(n), cc, n);
  }
  assert.equal(countryCodeOfShape(undefined), null);
  const joined = countryPaths([{ properties: { name: 'Somalia' }, geometry: 1 }, { properties: { name: 'Somaliland' }, geometry: 2 }, { properties: { name: 'N. Cyprus' }, geometry: 3 }], (g, p = []) => [...p, g]);
  assert.deepEqual([...joined], [['SO', [1, 2]]], 'two shapes of one code are one path; a shape without a code is left out');
  const a = (c) => Number(/,([0-9.]+)\)$/.exec(c)[1]);
  assert.ok(a(countryFill(1, 100)) < a(countryFill(10, 100)) && a(countryFill(10, 100)) < a(countryFill(100, 100)), 'more posts, more opaque');
});
