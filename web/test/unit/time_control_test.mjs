// Unit tests of the time bar's pure parts (web/src/time_control.js) and the pinned stream clock.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamClock } from '../../src/post_time.js';
import { agoShort, agoWords, kSpanS, postsQuery, readOffset, trendsQuery } from '../../src/time_control.js';

test('agoWords says the offset in words, live at 0', () => {
  assert.equal(agoWords(0), 'live');
  assert.equal(agoWords(0.4), 'live');
  assert.equal(agoWords(1), '1 second ago');
  assert.equal(agoWords(60), '1 minute ago');
  assert.equal(agoWords(750), '12 minutes 30 seconds ago');
  assert.equal(agoWords(3600), '60 minutes ago');
  assert.equal(agoShort(750), '−12:30');
  assert.equal(agoShort(5), '−0:05');
});

test('readOffset takes t= in seconds, clamped to the bar, live otherwise', () => {
  assert.equal(readOffset('?t=600'), 600);
  assert.equal(readOffset('?lat=1&t=90.6'), 91);
  assert.equal(readOffset('?t=99999'), kSpanS);
  for (const q of ['', '?t=', '?t=abc', '?t=-5', '?t=0', '?t=Infinity']) assert.equal(readOffset(q), 0, q);
});

test('the /history queries: the fade window (at most an hour) and the snapshot of the moment', () => {
  const q = new URLSearchParams(postsQuery(1700000000000, 600000, 100000, { track: '#rain', lang: 'ja', reposts: '' }));
  assert.equal(q.get('types'), 'tweet');
  assert.equal(q.get('from'), '1699999400000');
  assert.equal(q.get('until'), '1700000000000');
  assert.equal(q.get('limit'), '100000');
  assert.equal(q.get('track'), '#rain');
  assert.equal(q.get('lang'), 'ja');
  assert.equal(q.has('reposts'), false);
  const long = new URLSearchParams(postsQuery(1700000000000, 86400000, 5, { track: '' }));
  assert.equal(Number(long.get('until')) - Number(long.get('from')), 3600000);
  assert.equal(long.has('track'), false);
  assert.equal(trendsQuery(1700000000000), 'types=trends&from=1699999400000&until=1700000000000&limit=1');
});

test('a pinned stream clock reads the moment pinned; liveNow stays live', () => {
  const c = new StreamClock(600000);
  c.observe(1000, 5000);
  assert.equal(c.now(5000), 5000);
  c.pin(1234);
  assert.equal(c.now(9000), 1234);
  assert.equal(c.liveNow(9000), 9000);
  c.reset(); // a new subscription while in the past keeps the moment
  assert.equal(c.now(9500), 1234);
  c.unpin();
  assert.equal(c.now(9500), 9500);
});
