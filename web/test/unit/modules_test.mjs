// Unit tests of the page's pure modules (node:test): the point store, the URL state, the
// trends snapshot reader, the ingest of one event.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GEO_PLACE, GEO_POINT, mercator, PointStore } from '../../src/store.js';
import { normalizeTrends } from '../../src/trends_format.js';
import { readState } from '../../src/url_state.js';

test('mercator matches the Web Mercator formulas and wraps longitude', () => {
  assert.deepEqual(mercator(0, 0), [0.5, 0.5]);
  const [x, y] = mercator(85.0511287798, 180);
  assert.equal(x, 0); // 180 wraps to -180
  assert.ok(Math.abs(y) < 1e-9);
  assert.ok(Math.abs(mercator(90, 0)[1]) < 1e-9, 'latitudes past the Mercator limit are clamped');
  assert.ok(Math.abs(mercator(-33.8688, 151.2093)[0] - (151.2093 + 180) / 360) < 1e-12);
});

test('the store keeps at most its capacity, evicting the oldest', () => {
  const s = new PointStore(3);
  for (let k = 0; k < 5; k++) s.add(k, k, GEO_POINT, ['t'], `{"id":"${k}"}`, 1000 + k);
  assert.equal(s.size, 3);
  assert.equal(s.evicted, 2);
  const ids = [0, 1, 2].map((k) => s.record(s.slot(k)).id);
  assert.deepEqual(ids, ['2', '3', '4']);
});

test('the store expires points older than the cutoff', () => {
  const s = new PointStore(10);
  for (let k = 0; k < 6; k++) s.add(0, 0, GEO_PLACE, null, '{}', k * 100);
  s.expire(250);
  assert.equal(s.size, 3);
  assert.equal(s.expired, 3);
  assert.equal(s.t[s.slot(0)], 300);
  s.clear();
  assert.equal(s.size, 0);
});

test('URL state: defaults, bounds, and a same-origin events path only', () => {
  const d = readState('');
  assert.equal(d.max, 100000);
  assert.deepEqual(d.geo, ['point', 'place', 'profile']);
  assert.equal(d.tiles, true);
  const s = readState('?lat=99&lon=-500&z=7&track=%23rain&geo=point,bogus&heat=1&max=5&tiles=0&cluster=0&events=//evil.example/x');
  assert.equal(s.lat, 85);
  assert.equal(s.lon, -180);
  assert.equal(s.z, 7);
  assert.equal(s.track, '#rain');
  assert.deepEqual(s.geo, ['point']);
  assert.equal(s.heat, true);
  assert.equal(s.max, 5);
  assert.equal(s.tiles, false);
  assert.equal(s.cluster, false);
  assert.equal(s.events, '/events');
  assert.equal(readState('?lat=abc').lat, 20);
});

test('trends: the tweet-trends snapshot format (scopes)', () => {
  const t = normalizeTrends({
    type: 'trends', ts: 1700000000000, interval: 10, window: 300, warming: false, records: 10,
    scopes: [
      { scope: 'global', trends: [{ term: '#rain', count: 42, score: 5.1, centroid: [-60, 42], place: 'New York', cells: [{ cell: 'dr5r', count: 30, center: [-74.0, 40.7] }] }] },
      { scope: 'cell', cell: 'r3gx', bbox: [151, -34, 151.4, -33.8], trends: [{ term: 'surf', count: 3, place: 'Sydney', cells: [] }] },
      { scope: 'cc', cc: 'US', trends: [{ term: '#rain', count: 40, centroid: [-74, 40.7], cells: [] }] },
      { scope: 'cc', cc: 'FR', trends: [] },
    ],
  });
  assert.equal(t.windowS, 300);
  assert.equal(t.global.length, 1);
  assert.deepEqual([t.global[0].term, t.global[0].count, t.global[0].lat, t.global[0].lon], ['#rain', 42, 40.7, -74.0]);
  assert.deepEqual(t.regions.map((r) => r.name), ['United States', 'around Sydney']);
  assert.equal(t.regions[1].lat, -33.9);
  assert.equal(t.regions[0].terms[0].lat, 40.7, 'a term without cells flies to its centroid');
});

test('trends: the simple shape, bad input', () => {
  const t = normalizeTrends({ global: [{ term: '#a', count: 2, lat: 1, lon: 2 }, { nope: 1 }], regions: { Europe: [{ tag: 'b', count: 1 }] } });
  assert.deepEqual(t.global.map((x) => x.term), ['#a']);
  assert.equal(t.regions[0].name, 'Europe');
  assert.equal(t.regions[0].terms[0].term, '#b');
  assert.equal(normalizeTrends(null), null);
  assert.equal(normalizeTrends('x'), null);
  assert.equal(normalizeTrends({ warming: true, scopes: [] }).warming, true);
});

test('ingest counts and keeps posts with a position, skips the rest', async () => {
  const { ingest, newCounters } = await import('../../src/ingest.js');
  const s = new PointStore(10);
  const c = newCounters();
  const lines = [
    '{"id":"1","geo":"point","lat":1,"lon":2,"tags":["a"]}',
    '{"id":"2","geo":"place","lat":3,"lon":4}',
    '{"id":"3","geo":"none"}',
    '{"id":"4","geo":"point","lat":"1","lon":2}',
    '{"id":"5","geo":"point","lat":1e400,"lon":2}',
    'not json',
    'null',
    '[1,2]',
  ];
  const kept = lines.map((l) => ingest(l, s, c, 1000));
  assert.deepEqual(kept, [true, true, false, false, false, false, false, false]);
  assert.equal(s.size, 2);
  assert.deepEqual({ received: c.received, exact: c.exact, withPosition: c.withPosition, noPosition: c.noPosition, malformed: c.malformed },
    { received: 8, exact: 3, withPosition: 2, noPosition: 3, malformed: 3 });
  assert.equal(s.record(s.slot(0)).id, '1');
});

test('trend counts are short and keep their magnitude (1,234,567 is 1.2M, not 1235k)', async () => {
  const { fmtCount } = await import('../../src/trends_format.js');
  const cases = [[0, '0'], [999, '999'], [1000, '1.0k'], [1234, '1.2k'], [9949, '9.9k'], [9950, '10k'], [12345, '12k'],
    [999499, '999k'], [999500, '1.0M'], [1234567, '1.2M'], [12345678, '12M'], [NaN, '']];
  for (const [n, want] of cases) assert.equal(fmtCount(n), want, `fmtCount(${n})`);
});
