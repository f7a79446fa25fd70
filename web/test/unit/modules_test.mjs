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
  assert.deepEqual(d.geo, ['point', 'place', 'profile', 'text']);
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
    '{"id":"6","geo":"profile","lat":-30,"lon":-51}',
    '{"id":"7","geo":"text","lat":35.7,"lon":139.7}',
    '{"id":"8","geo":"guess","lat":1,"lon":2}',
  ];
  const kept = lines.map((l) => ingest(l, s, c, 1000));
  assert.deepEqual(kept, [true, true, false, false, false, false, false, false, true, true, false]);
  assert.equal(s.size, 4);
  assert.deepEqual([0, 1, 2, 3].map((k) => s.geo[s.slot(k)]), [0, 1, 2, 3]); // point, place, profile, text
  assert.deepEqual({ received: c.received, exact: c.exact, withPosition: c.withPosition, noPosition: c.noPosition, malformed: c.malformed },
    { received: 11, exact: 3, withPosition: 4, noPosition: 4, malformed: 3 });
  assert.equal(s.record(s.slot(0)).id, '1');
});

test('trend counts are written in full with a unit (1,234,567 posts, not 1235k or 1.2M)', async () => {
  const { fmtCount, fmtPosts } = await import('../../src/trends_format.js');
  const cases = [[0, '0'], [999, '999'], [1000, '1,000'], [1234, '1,234'], [999499, '999,499'], [1234567, '1,234,567'], [NaN, '']];
  for (const [n, want] of cases) assert.equal(fmtCount(n), want, `fmtCount(${n})`);
  assert.equal(fmtPosts(1), '1 post');
  assert.equal(fmtPosts(1234), '1,234 posts');
  assert.equal(fmtPosts(NaN), '');
});

test('how unusual a trend is: its count against the usual, in words', async () => {
  const { unusualness } = await import('../../src/trends_format.js');
  assert.equal(unusualness({ count: 42, expected: 10, score: 5.2 }).short, '×4.2 vs usual');
  assert.match(unusualness({ count: 42, expected: 10, score: 5.2 }).long, /4\.2 times the usual 10 \(score 5\.2/);
  assert.equal(unusualness({ count: 9, expected: 0.12, score: 8 }).short, 'new');
  assert.equal(unusualness({ count: 6400, expected: 5000, score: 4.6 }).short, '×1.3 vs usual');
  assert.equal(unusualness({ count: 5, expected: NaN, score: NaN }).short, '');
});

test('trends: warm-up progress, one heading per region name', () => {
  const warm = normalizeTrends({ type: 'trends', ts: 1, window: 300, warming: true, warmup: { seen: 120, need: 420 }, scopes: [{ scope: 'global', trends: [] }] });
  assert.deepEqual(warm.warmup, { seenS: 120, needS: 420 });
  assert.equal(normalizeTrends({ type: 'trends', warming: false, warmup: { seen: 1, need: 2 }, scopes: [] }).warmup, null);
  const item = (term, score) => ({ term, count: 10, expected: 1, score, cells: [] });
  const t = normalizeTrends({
    type: 'trends', ts: 1, window: 300, warming: false,
    scopes: [
      { scope: 'global', trends: [] },
      { scope: 'cell', cell: 'ezjm', bbox: [-3.9, 40.3, -3.5, 40.5], trends: [{ ...item('#apagón', 9), place: 'Madrid, Spain' }] },
      { scope: 'cell', cell: 'ezjq', bbox: [-3.9, 40.5, -3.5, 40.6], trends: [{ ...item('#apagón', 7), place: 'Madrid, Spain' }, { ...item('#x', 8), place: 'Madrid, Spain' }] },
    ],
  });
  assert.deepEqual(t.regions.map((r) => r.name), ['around Madrid, Spain']);
  assert.deepEqual(t.regions[0].terms.map((x) => [x.term, x.score]), [['#apagón', 9], ['#x', 8]]);
  assert.equal(t.regions[0].boxes.length, 2);
});
