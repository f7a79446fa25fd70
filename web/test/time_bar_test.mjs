// The time bar (web/src/time_control.js) in Debian's chromium against sse-serve and its
// GET /history: an hour of posts (one a second of `ts`, each at its own place) and a trends
// snapshot every 5 minutes of `ts` are fed at once; dragging the bar back half an hour draws
// exactly the posts of the fade window ending at that moment and shows that moment's trends;
// the arrow keys move it in 5 s steps with a spoken value; the URL keeps `t=` and a reload opens
// the same moment; Play moves the moment on; Live brings the live stream back and a new post
// appears. /history's bad requests get 400 and one line. Screenshots to build/artifacts/.
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, freePort, launchBrowser, makeChecks, Server } from './harness.mjs';

const kDeadlineMs = 100000;
const checks = makeChecks(kDeadlineMs);
const { check } = checks;
const kFadeS = 300;

fs.mkdirSync(artifactsDir, { recursive: true });
const port = await freePort();
const server = new Server(port);
if (!server.real) {
  console.log('FAIL sse-serve is not built: the time bar needs its /history (the stand-in has none)');
  process.exit(1);
}
const browser = await launchBrowser();
const pageErrors = [];

// An hour of posts: post k posted k seconds before `now0`, each at its own place on a grid.
const now0 = Date.now();
const posts = [];
for (let k = 3600; k >= 1; k--) {
  const lat = -55 + (k % 23) * 5;
  const lon = -170 + ((k * 7) % 68) * 5;
  posts.push({ id: `p${k}`, ts: now0 - k * 1000, lat, lon, geo: 'point', user: `u${k}`, name: `U ${k}`, text: `post ${k} s ago`, lang: 'en', tags: [], rt: false, src: 'synth' });
}
const trends = [];
for (let m = 60; m >= 0; m -= 5) {
  trends.push({ type: 'trends', ts: now0 - m * 60000, window: 300, global: [{ term: `#at${m}min`, score: 5, count: 100 + m }], regions: [] });
}
const lines = [...posts, ...trends].sort((a, b) => a.ts - b.ts);
const inWindow = (at) => posts.filter((p) => p.ts >= at - kFadeS * 1000 && p.ts <= at).map((p) => p.id).sort();
const snapshotAt = (at) => trends.filter((t) => t.ts <= at && t.ts >= at - 600000).sort((a, b) => b.ts - a.ts)[0];

const state = (page) =>
  page.evaluate(() => {
    const tm = window.tweetmap;
    const t = tm.time;
    const slider = document.getElementById('time-slider');
    return {
      past: t.past,
      at: t.at,
      loads: t.loads,
      playing: t.playing,
      scrub: t.lastScrub,
      value: Number(slider.value),
      valuetext: slider.getAttribute('aria-valuetext'),
      label: document.getElementById('time-label').textContent,
      url: window.location.search,
      drawn: tm.points().filter((p) => Number.isFinite(p.x)).map((p) => p.id).sort(),
      held: tm.points().map((p) => p.ts),
      trendTerms: tm.trends.latest ? tm.trends.latest.global.map((g) => g.term) : [],
      globalText: document.getElementById('list-global').textContent,
      onMap: document.getElementById('c-shown').textContent,
    };
  });
const sameIds = (a, b) => a.length === b.length && a.every((x, k) => x === b[k]);
const diff = (got, want) => {
  const w = new Set(want);
  const g = new Set(got);
  return `${got.length} drawn, ${want.length} expected; extra ${got.filter((x) => !w.has(x)).slice(0, 5)}; missing ${want.filter((x) => !g.has(x)).slice(0, 5)}`;
};

try {
  await server.start();
  console.log(`# against ${server.name} on port ${port}`);
  await server.feed(lines);
  const base = `http://127.0.0.1:${port}/`;

  // ---- /history answers bad requests with 400 and one line ----
  for (const [q, want] of [
    ['from=abc&until=5', /^bad from= value 'abc'/],
    [`from=${now0}&until=${now0 - 1000}`, /^until= is before from=/],
    [`from=0&until=${now0}`, /^range too long/],
    [`from=${now0 - 1000}&until=${now0}&limit=lots`, /^bad limit= value/],
    ['until=5', /^from= and until= are required/],
  ]) {
    const r = await fetch(`${base}history?${q}`);
    const text = await r.text();
    check(r.status === 400 && want.test(text) && text.trim().split('\n').length === 1, `/history?${q}: 400 with one line`, `${r.status} ${JSON.stringify(text)}`);
  }
  const probe = await fetch(`${base}history?types=tweet&from=${now0 - 1800000}&until=${now0 - 1799000}`);
  const probeText = await probe.text();
  check(probe.status === 200 && probeText === `${JSON.stringify(posts.find((p) => p.id === 'p1800'))}\n${JSON.stringify(posts.find((p) => p.id === 'p1799'))}\n`, '/history gives the input lines of the range', probeText.slice(0, 300));
  check(Number(probe.headers.get('X-History-Oldest')) === now0 - 3600000, 'X-History-Oldest is the oldest kept event time', probe.headers.get('X-History-Oldest'));

  const page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // The refused filter's 400s (checked below) are logged by the browser; anything else counts.
    if (m.type() === 'error' && !/status of 400/.test(m.text())) pageErrors.push(m.text());
  });
  await page.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));
  await page.goto(`${base}?lat=0&lon=0&z=1&fade=${kFadeS}&tiles=0&cluster=0&since=3600`);
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live' && window.tweetmap.store.size > 200, null, { timeout: 15000 });
  await page.evaluate(() => window.tweetmap.drawNow());
  let s = await state(page);
  check(!s.past && s.value === 0 && s.valuetext === 'live' && /live/.test(s.label), 'the bar starts live, at its right end', JSON.stringify({ value: s.value, valuetext: s.valuetext, label: s.label }));
  check(s.held.every((ts) => ts >= Date.now() - kFadeS * 1000 - 2000), 'live: only the fade window of the last posts is held', `${s.held.length} held`);

  // ---- drag the thumb to the middle of the bar: half an hour back ----
  const box = await page.locator('#time-slider').boundingBox();
  const thumbY = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width - 4, thumbY);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width - 4 - (k * (box.width / 2 - 4)) / 10, thumbY);
  await page.mouse.up();
  await page.waitForFunction(() => window.tweetmap.time.loads >= 1 && !window.tweetmap.time.abort, null, { timeout: 10000 });
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  const back = (Date.now() - s.at) / 1000;
  check(s.past && back > 1500 && back < 2100, 'dragging to the middle shows about 30 minutes ago', `${back.toFixed(0)} s back`);
  check(sameIds(s.drawn, inWindow(s.at)), `the points drawn are exactly the posts of the ${kFadeS} s ending at that moment`, diff(s.drawn, inWindow(s.at)));
  const snap = snapshotAt(s.at);
  check(snap && s.trendTerms.length === 1 && s.trendTerms[0] === snap.global[0].term && s.globalText.includes(snap.global[0].term), `the trends panel shows that moment's snapshot (${snap && snap.global[0].term})`, JSON.stringify(s.trendTerms));
  check(/^\d+ minutes?( \d+ seconds?)? ago, at \d\d:\d\d:\d\d$/.test(s.valuetext), 'the slider speaks its value in words', s.valuetext);
  const t = Number(new URLSearchParams(s.url).get('t'));
  check(Math.abs(t - back) < 5, 'the URL keeps the moment as t= (seconds back)', s.url);
  check(s.scrub && s.scrub.posts === inWindow(s.at).length && !s.scrub.truncated, 'the load took only the fade window from /history', JSON.stringify(s.scrub));
  console.log(`# scrub to ${back.toFixed(0)} s back: redrawn in ${s.scrub.ms.toFixed(0)} ms (first posts at ${s.scrub.firstMs.toFixed(0)} ms, ${s.scrub.posts} posts)`);
  await page.screenshot({ path: path.join(artifactsDir, 'web-time-scrubbed-1280.png') });

  // ---- keyboard: arrows move 5 s, Page Up a tenth of the bar ----
  await page.focus('#time-slider');
  const before = s.value;
  const before0 = s.at;
  const loads = s.loads;
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction((n) => window.tweetmap.time.loads > n && !window.tweetmap.time.abort, loads, { timeout: 10000 });
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  check(Math.abs(s.value - (before + 5)) <= 1, 'ArrowRight moves the moment 5 s later', `${before} -> ${s.value}`);
  check(Math.abs(s.at - before0 - 5000) < 1, 'ArrowRight moves it exactly 5 s', `${s.at - before0} ms`);
  check(sameIds(s.drawn, inWindow(s.at)), 'after the key, the points are those of the new window', diff(s.drawn, inWindow(s.at)));
  await page.keyboard.press('PageDown');
  await page.waitForFunction((n) => window.tweetmap.time.loads > n + 1 && !window.tweetmap.time.abort, loads, { timeout: 10000 });
  s = await state(page);
  check(Math.abs(s.value - (before + 5 - 360)) <= 1, 'Page Down goes a tenth of the bar (6 min) back', `${before} -> ${s.value}`);
  await page.keyboard.press('Home');
  await page.waitForFunction((n) => window.tweetmap.time.loads > n + 2 && !window.tweetmap.time.abort, loads, { timeout: 10000 });
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  check(s.value <= -3595 && sameIds(s.drawn, inWindow(s.at)), 'Home goes to an hour back, with the posts of then', `${s.value}; ${diff(s.drawn, inWindow(s.at))}`);

  // ---- play at 60x: the moment moves on and later posts appear ----
  await page.selectOption('#time-speed', '60');
  const at0 = s.at;
  await page.click('#time-play');
  await page.waitForFunction((a) => window.tweetmap.time.at > a + 60000 && window.tweetmap.points().some((p) => p.ts > a + 30000), at0, { timeout: 15000 });
  await page.click('#time-play'); // pause the replay
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  const newest = Math.max(...s.held);
  check(!s.playing && s.at > at0 + 30000 && newest > at0 + 20000 && newest <= s.at, 'Play moves the moment on and shows the posts posted meanwhile', `moved ${((s.at - at0) / 1000).toFixed(0)} s, newest post ${((newest - at0) / 1000).toFixed(0)} s after the start`);
  check(s.drawn.length > 0 && s.held.every((ts) => ts <= s.at), 'while replaying, nothing later than the moment is held', `${s.held.length} held`);

  // ---- reload: t= opens the same moment ----
  await page.evaluate(() => {
    const q = new URLSearchParams(window.location.search);
    q.set('t', '600');
    window.history.replaceState(null, '', `?${q}`);
  });
  await page.reload();
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.time.loads >= 1 && !window.tweetmap.time.abort, null, { timeout: 15000 });
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  check(s.past && Math.abs((Date.now() - s.at) / 1000 - 600) < 10 && sameIds(s.drawn, inWindow(s.at)), 'a link with t=600 opens 10 minutes back, with the posts of then', `${((Date.now() - s.at) / 1000).toFixed(0)} s back; ${diff(s.drawn, inWindow(s.at))}`);

  // ---- a refused filter while in the past: the bar says why, and keeps saying it ----
  await page.fill('#filter', '#');
  await page.press('#filter', 'Enter');
  await page.waitForFunction(() => /history unavailable/.test(document.getElementById('time-label').textContent), null, { timeout: 10000 }).catch(() => {});
  await page.waitForTimeout(600); // two of the bar's clock steps: the reason must stay
  const refused = await page.evaluate(() => document.getElementById('time-label').textContent);
  check(/^history unavailable: .*track/.test(refused), "a /history request refused (400) shows the server's reason in the bar", refused);
  await page.click('#filter-clear');
  await page.waitForFunction(() => window.tweetmap.time.past && !window.tweetmap.time.abort && !window.tweetmap.time.error, null, { timeout: 10000 }).catch(() => {});
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  check(s.past && sameIds(s.drawn, inWindow(s.at)) && /^−\d+:\d\d/.test(s.label), 'clearing the filter loads the same moment again', `${s.label}; ${diff(s.drawn, inWindow(s.at))}`);

  // ---- Live: back to the live stream; a new post appears ----
  await page.click('#time-live');
  await page.waitForFunction(() => !window.tweetmap.time.past && window.tweetmap.connection === 'live', null, { timeout: 10000 });
  const fresh = { id: 'fresh-live', ts: Date.now(), lat: 48.85, lon: 2.35, geo: 'point', text: 'live again', tags: ['liveagain'], rt: false, src: 'synth' };
  await server.feed([fresh, { type: 'trends', ts: Date.now(), window: 300, global: [{ term: '#liveagain', score: 9, count: 1 }], regions: [] }]);
  await page.waitForFunction(() => window.tweetmap.points().some((p) => p.id === 'fresh-live'), null, { timeout: 10000 }).catch(() => {});
  await page.evaluate(() => window.tweetmap.drawNow());
  s = await state(page);
  check(!s.past && s.value === 0 && s.valuetext === 'live', 'Live puts the bar back at its right end', JSON.stringify({ value: s.value, valuetext: s.valuetext }));
  check(s.drawn.includes('fresh-live'), 'a post arriving after Live is drawn');
  check(!new URLSearchParams(s.url).has('t'), 'the URL drops t= when live', s.url);
  check(s.trendTerms.includes('#liveagain'), 'live trends are shown again', JSON.stringify(s.trendTerms));

  // ---- phone: the bar fits 390 px ----
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => {
    const el = document.getElementById('time-slider');
    el.value = '-900';
    el.dispatchEvent(new Event('change'));
  });
  await page.waitForFunction(() => window.tweetmap.time.past && !window.tweetmap.time.abort, null, { timeout: 10000 });
  const fits = await page.evaluate(() => {
    const r = document.getElementById('timebar').getBoundingClientRect();
    return r.width <= 390 && r.bottom <= 844 && document.documentElement.scrollWidth <= 390;
  });
  check(fits, 'on a 390 px phone the bar fits the screen');
  await page.screenshot({ path: path.join(artifactsDir, 'web-time-scrubbed-390.png') });
  check(pageErrors.length === 0, 'no errors in the page', pageErrors.slice(0, 3).join(' | '));
} catch (e) {
  check(false, 'the test ran to its end', e.stack);
} finally {
  await browser.close();
  await server.stop();
}
checks.finish();
