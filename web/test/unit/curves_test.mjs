// Unit tests of the modules behind each trend's curve, the view's server trends, the language
// filter and the history of views (node:test, no DOM).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LangCounter, cleanLang } from '../../src/post_filters.js';
import { TrendHistory, curvePaths, listedCount, scoreWords } from '../../src/trend_curves.js';
import { normalizeTrends } from '../../src/trends_format.js';
import { readState } from '../../src/url_state.js';
import { bboxParam, termOfAnswer } from '../../src/view_trends_client.js';
import { ViewHistory } from '../../src/view_history.js';

const snap = (ts, global, cc = []) => normalizeTrends({
  type: 'trends', ts, window: 300, warming: false,
  scopes: [{ scope: 'global', trends: global }, ...(cc.length ? [{ scope: 'cc', cc: 'JP', trends: cc }] : [])],
});
const term = (t, count, expected, score) => ({ term: t, count, expected, score, cells: [] });

test('the trend history keeps one snapshot per ts, in order, at most its bound', () => {
  const h = new TrendHistory(3);
  h.add(snap(2000, [term('#a', 5, 1, 4)]));
  h.add(snap(1000, [term('#a', 3, 1, 2)]));
  h.add(snap(2000, [term('#a', 6, 1, 5)])); // a replay of the same snapshot replaces it
  assert.deepEqual(h.snaps.map((s) => s.ts), [1000, 2000]);
  h.add(snap(3000, []));
  h.add(snap(4000, [term('#a', 9, 2, 7)]));
  assert.deepEqual(h.snaps.map((s) => s.ts), [2000, 3000, 4000]);
  const s = h.series('#a');
  assert.deepEqual(s.map((p) => p.count), [6, NaN, 9]);
  assert.deepEqual(s.map((p) => p.expected), [1, NaN, 2]);
  assert.equal(listedCount(s), 2);
  assert.equal(h.add(null), false);
  assert.equal(h.add({ ...snap(5000, []), ts: NaN }), false);
});

test('a region series, and a term of no given region found where it was listed', () => {
  const h = new TrendHistory();
  h.add(snap(1000, [], [term('#祭り', 10, 0.1, 9)]));
  h.add(snap(2000, [], [term('#祭り', 20, 0.1, 12)]));
  assert.deepEqual(h.series('#祭り', 'Japan').map((p) => p.count), [10, 20]);
  assert.deepEqual(h.series('#祭り').map((p) => p.count), [10, 20]); // not global: found in Japan
  assert.equal(listedCount(h.series('#none')), 0);
});

test('curve paths: x by time, y from 0 to the top, gaps where a term was not listed', () => {
  const s = [
    { ts: 0, count: 0, expected: 1 },
    { ts: 10, count: 10, expected: 1 },
    { ts: 20, count: NaN, expected: NaN },
    { ts: 30, count: 5, expected: 2 },
  ];
  const p = curvePaths(s, 30, 10, 0);
  assert.equal(p.top, 10);
  assert.equal(p.count, 'M0.0 10.0L10.0 0.0M30.0 5.0h3.0');
  assert.equal(p.expected, 'M0.0 9.0L10.0 9.0M30.0 8.0h3.0');
});

test('the score in words says standard deviations above usual', () => {
  assert.match(scoreWords(5.2), /Score 5\.2: .*5\.2 standard deviations above what is usual.*listed as a trend/);
  assert.match(scoreWords(1), /about as usual/);
  assert.match(scoreWords(NaN), /No score/);
});

test('bbox= of a view: wrapped world copies, across the antimeridian, the whole world', () => {
  assert.equal(bboxParam({ west: -10, south: 40, east: 20, north: 60 }), '-10,40,20,60');
  assert.equal(bboxParam({ west: 170, south: -30, east: 200, north: -10 }), '170,-30,-160,-10');
  assert.equal(bboxParam({ west: -200, south: -30, east: -170, north: -10 }), '160,-30,-170,-10');
  assert.equal(bboxParam({ west: -400, south: -95, east: 400, north: 95 }), '-180,-90,180,90');
  assert.equal(bboxParam({ west: 0, south: 0, east: 180, north: 10 }), '0,0,180,10');
});

test('a view trend of the server answer becomes a panel term, flying to where it is', () => {
  const t = termOfAnswer({ term: '#rain', scope: 'global', count: 30, total: 42, expected: 3.1, score: 6.5, where: [-74, 40.7], cells: [{ cell: 'dr5r', count: 30, center: [-74, 40.7] }] });
  assert.equal(t.term, '#rain');
  assert.equal(t.count, 30);
  assert.equal(t.lat, 40.7);
  assert.equal(t.lon, -74);
  assert.equal(t.inView, true);
  assert.equal(termOfAnswer({ term: 7 }), null);
  assert.ok(Number.isNaN(termOfAnswer({ term: '#x', count: 'many' }).count));
});

test('languages: cleaned tags, counted by primary tag, the common ones left out', () => {
  assert.equal(cleanLang(' EN-gb '), 'en-gb');
  assert.equal(cleanLang('e'), '');
  assert.equal(cleanLang('<script>'), '');
  const c = new LangCounter();
  for (const lang of ['en', 'sv', 'sv-FI', 'eu', 'und', 'x', null]) c.observe({ lang });
  c.observe(null);
  assert.deepEqual(c.extra(['en']), ['sv', 'eu']);
  assert.equal(readState('?lang=JA&reposts=0').lang, 'ja');
  assert.equal(readState('?lang=JA&reposts=0').noReposts, true);
  assert.equal(readState('?lang=%3Cb%3E').lang, '');
  assert.equal(readState('').noReposts, false);
});

test('view history: a deliberate change pushes once, panning replaces, popstate restores', () => {
  const calls = [];
  const listeners = {};
  const win = {
    location: { pathname: '/', search: '?a', hash: '' },
    history: {
      pushState: (s, t, url) => calls.push(['push', url]),
      replaceState: (s, t, url) => calls.push(['replace', url]),
    },
    addEventListener: (name, f) => { listeners[name] = f; },
  };
  const restored = [];
  const h = new ViewHistory((search) => {
    restored.push(search);
    h.markDeliberate(); // what the page does while restoring must not push
    h.write('/?restored');
  }, win);
  h.write('/?pan');
  h.markDeliberate();
  h.write('/?a'); // unchanged URL: nothing to push yet (a fly still on its way)
  h.write('/?filter');
  h.write('/?pan2');
  assert.deepEqual(calls, [['replace', '/?pan'], ['replace', '/?a'], ['push', '/?filter'], ['replace', '/?pan2']]);
  win.location.search = '?back';
  listeners.popstate();
  assert.deepEqual(restored, ['?back']);
  assert.deepEqual(calls.at(-1), ['replace', '/?restored']);
  assert.equal(h.pushes, 1);
});
