// The trends panel as a user meets it, in Debian's chromium (playwright-core) against sse-serve:
// - while tweet-trends warms up, the panel shows how much event time it has, how much it needs
//   and about how long is left (from the real synth | tweet-trends pipeline, then from fed
//   snapshots with known progress);
// - a trend says what its number is (posts in the window, written in full) and why it ranks
//   there (how unusual, against the usual); one heading per region; "Nothing is trending in
//   this window" when the server says so;
// - "In this view" lists the server's trends whose cells are in view (not the most common tags)
//   and flies to where the term is densest; without server trends in view, the most common tags
//   of the points on screen fly to their densest square, not to their average;
// - trend buttons read with their unit, the status pill reads as words, the map has a role.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, binDir, freePort, launchBrowser, makeChecks, Server } from './harness.mjs';

const kDeadlineMs = 150000;
const checks = makeChecks(kDeadlineMs);
const { check } = checks;

fs.mkdirSync(artifactsDir, { recursive: true });
const browser = await launchBrowser();
const pageErrors = [];
let server = null;
let feeder = null;

const snapshot = (over) => ({ type: 'trends', ts: Date.now(), interval: 10, window: 300, warming: false, records: 5000, scopes: [{ scope: 'global', trends: [] }], ...over });

async function openPage(port, query) {
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));
  await page.goto(`http://127.0.0.1:${port}/${query}`);
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 15000 });
  return page;
}

const panelText = (page, list) => page.evaluate((l) => document.querySelector(`[data-list="${l}"]`).textContent, list);

try {
  // ---- warming, from the real pipeline: synth | tweet-trends | sse-serve ----
  const port = await freePort();
  server = new Server(port);
  const haveTools = server.real && fs.existsSync(path.join(binDir, 'tweet-trends')) && fs.existsSync(path.join(binDir, 'tweet-stream'));
  await server.start();
  console.log(`# against ${server.name} on port ${port}`);
  let page = await openPage(port, '?lat=20&lon=0&z=2');
  if (!haveTools) {
    console.log('skip the live warm-up check: tweet-stream/tweet-trends/sse-serve not built');
  } else {
    feeder = spawn(path.join(binDir, 'tweet-stream'), ['synth', '--rate', '200', '--seed', '5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const trends = spawn(path.join(binDir, 'tweet-trends'), [], { stdio: ['pipe', 'pipe', 'ignore'] });
    feeder.stdout.pipe(trends.stdin);
    trends.stdout.pipe(server.proc.stdin);
    feeder.trends = trends;
    // The first snapshot comes when event time passes the end of the first 10 s interval.
    await page.waitForFunction(() => /left/.test(document.querySelector('[data-list="global"]').textContent), null, { timeout: 25000 }).catch(() => {});
    const live = await page.evaluate(() => ({
      text: document.querySelector('[data-list="global"]').textContent,
      bar: (() => {
        const b = document.querySelector('[data-list="global"] progress');
        return b ? { value: b.value, max: b.max } : null;
      })(),
    }));
    check(/Warming up: \d+ s of 7 min collected, ~\d+ min left/.test(live.text) && live.bar && live.bar.max === 420 && live.bar.value > 0 && live.bar.value < 60,
      'warming from tweet-trends: the panel shows event time collected of the 7 min needed and the time left', JSON.stringify(live));
    feeder.kill('SIGTERM');
    trends.kill('SIGTERM');
    feeder = null;
  }
  await server.stop();

  // ---- the rest from fed snapshots (a fresh server: nothing of the pipeline above) ----
  const port2 = await freePort();
  server = new Server(port2);
  await server.start();
  page = await openPage(port2, '?lat=20&lon=0&z=2');

  await server.feed(snapshot({ warming: true, warmup: { seen: 380, need: 420 }, records: 100 }));
  await page.waitForFunction(() => /left/.test(document.querySelector('[data-list="global"]').textContent), null, { timeout: 5000 }).catch(() => {});
  let text = await panelText(page, 'global');
  check(/Warming up: 6 min of 7 min collected, ~40 s left/.test(text), 'warming: "6 min of 7 min collected, ~40 s left" for 380 of 420 s', text);
  await page.click('#tab-regions');
  text = await panelText(page, 'regions');
  check(/~40 s left/.test(text), 'warming: the Regions tab shows the same progress', text);
  await page.click('#tab-global');
  await page.screenshot({ path: path.join(artifactsDir, 'web-trends-warming-1280.png') });

  // ---- 8. nothing trending ----
  await server.feed(snapshot({}));
  await page.waitForFunction(() => window.tweetmap.trends.updates >= 2, null, { timeout: 5000 }).catch(() => {});
  text = await panelText(page, 'global');
  check(/Nothing is trending in this window/.test(text) && !/Waiting/.test(text), 'when the server says nothing trends: "Nothing is trending in this window"', text);

  // ---- 8. numbers with a unit and a reason; one heading per region ----
  const cell = (lat, lon, count) => ({ cell: 'x', count, center: [lon, lat] });
  const big = {
    type: 'trends', ts: Date.now(), interval: 10, window: 300, warming: false, records: 2000000,
    scopes: [
      { scope: 'global', trends: [
        { term: '#apagón', count: 2700, expected: 30, score: 40.2, since: 1, place: 'Madrid, Spain', cells: [cell(40.42, -3.7, 2600)] },
        { term: '#news', count: 1234567, expected: 1000000, score: 9.5, since: 1, cells: [cell(35.68, 139.69, 900000), cell(51.5, -0.12, 3000)] },
      ] },
      { scope: 'cc', cc: 'ES', trends: [{ term: '#apagón', count: 2650, expected: 20, score: 38, since: 1, cells: [cell(40.42, -3.7, 2600)] }] },
      { scope: 'cell', cell: 'ezjm', bbox: [-3.87, 40.25, -3.52, 40.43], trends: [{ term: '#apagón', count: 1500, expected: 5, score: 30, since: 1, place: 'Madrid, Spain', cells: [] }] },
      { scope: 'cell', cell: 'ezjq', bbox: [-3.87, 40.43, -3.52, 40.61], trends: [{ term: '#apagón', count: 1100, expected: 5, score: 28, since: 1, place: 'Madrid, Spain', cells: [] }] },
    ],
  };
  await server.feed(big);
  await page.waitForFunction(() => window.tweetmap.trends.updates >= 3, null, { timeout: 5000 }).catch(() => {});
  const items = await page.evaluate(() => [...document.querySelectorAll('[data-list="global"] .tm-trend')].map((b) => ({
    text: b.textContent, label: b.getAttribute('aria-label') || '', title: b.title,
  })));
  const news = items.find((x) => x.text.includes('#news')) || { text: '', label: '', title: '' };
  const apagon = items.find((x) => x.text.includes('#apagón')) || { text: '', label: '', title: '' };
  check(news.text.includes('1,234,567 posts') && !/1235k|1\.2M/.test(news.text), 'a count is written in full with its unit: "1,234,567 posts"', news.text);
  check(/×1\.2 vs usual/.test(news.text) && /×90 vs usual/.test(apagon.text), 'each trend says how unusual it is ("×1.2 vs usual"), which is why 2,700 ranks above 1,234,567', `${apagon.text} | ${news.text}`);
  check(/times the usual/.test(apagon.title) && /score 40\.2/.test(apagon.title), 'the tooltip says what the score means', apagon.title);
  await page.click('#tab-regions');
  const headings = await page.evaluate(() => [...document.querySelectorAll('[data-list="regions"] h3')].map((h) => h.textContent));
  check(headings.length === new Set(headings).size && headings.includes('around Madrid, Spain') && headings.includes('Spain'),
    'no repeated region headings (two Madrid cells are one region)', JSON.stringify(headings));

  // ---- D. accessibility: buttons read with their unit, the pill as words, the map a role ----
  await page.click('#tab-global');
  const btn = page.getByRole('button', { name: /#news: 1,234,567 posts in the last 5 min/ });
  check((await btn.count()) === 1, 'a trend button reads with its unit ("#news: 1,234,567 posts in the last 5 min, ...")', news.label);
  const pill = await page.locator('#conn').ariaSnapshot();
  check(/^- status: live$/.test(pill.trim()), 'the status pill reads as words ("live", no symbol)', pill);
  const mapAria = await page.locator('body').ariaSnapshot();
  check(/region "Map of live posts"/.test(mapAria), 'the map element has a role and a name', mapAria.split('\n').filter((l) => /map/i.test(l)).join(' | '));

  // ---- 9. "In this view": the server's trends in view, flying to the densest cell ----
  // Europe in view: #news is dense in Tokyo but its cell in view is London; #food is common on
  // screen but not trending.
  await page.evaluate(() => window.tweetmap.map.setView([50, 0], 5, { animate: false }));
  const now = Date.now();
  const food = [];
  for (let k = 0; k < 30; k++) food.push({ id: `f${k}`, ts: now, lat: 48 + (k % 5) * 0.3, lon: 2 + (k % 7) * 0.3, geo: 'point', text: '#food', tags: ['food'], rt: false, src: 'synth' });
  await server.feed(food);
  await page.waitForFunction(() => window.tweetmap.points().filter((p) => p.id.startsWith('f')).length === 30, null, { timeout: 5000 });
  await page.click('#tab-view');
  // (the list of the world view before had #news too, from Tokyo: wait for this view's list)
  await page.waitForFunction(() => document.querySelector('[data-list="view"]').textContent.includes('#news') && window.tweetmap.trends.view.some((t) => t.term === '#news' && t.count === 3000), null, { timeout: 5000 }).catch(() => {});
  const view = await page.evaluate(() => window.tweetmap.trends.view.map((t) => ({ term: t.term, lat: t.lat, lon: t.lon, count: t.count })));
  check(view.length > 0 && view.some((t) => t.term === '#news') && !view.some((t) => t.term === '#food'),
    '"In this view" lists the server\'s trends in view, not the most common tags', JSON.stringify(view));
  const newsView = view.find((t) => t.term === '#news');
  check(newsView && Math.abs(newsView.lat - 51.5) < 0.01 && newsView.count === 3000, '#news in view counts and goes to its cell in view (London), not Tokyo', JSON.stringify(newsView));
  await page.getByRole('button', { name: /^#news/ }).click({ timeout: 3000 }).catch(() => {});
  await page.waitForFunction(() => {
    const c = window.tweetmap.map.getCenter();
    return Math.abs(c.lat - 51.5) < 0.5 && Math.abs(c.lng + 0.12) < 0.5;
  }, null, { timeout: 8000 }).catch(() => {});
  const centre = await page.evaluate(() => window.tweetmap.map.getCenter());
  check(Math.abs(centre.lat - 51.5) < 0.5 && Math.abs(centre.lng + 0.12) < 0.5, 'clicking it flies to where it is dense in view', JSON.stringify(centre));

  // Without server trends in view: the most common tags of the points, flying to their densest
  // square. 40 #rain posts in Tokyo and 10 spread over the Pacific rim: their average is the ocean.
  await page.click('#filter-clear');
  await page.waitForFunction(() => window.tweetmap.ui.track === '' && window.tweetmap.connection === 'live', null, { timeout: 5000 });
  await server.feed(snapshot({}));
  await page.evaluate(() => window.tweetmap.map.setView([20, 170], 2, { animate: false }));
  const rain = [];
  for (let k = 0; k < 40; k++) rain.push({ id: `r${k}`, ts: Date.now(), lat: 35.6 + (k % 4) * 0.05, lon: 139.6 + (k % 5) * 0.05, geo: 'point', text: '#rain', tags: ['rain'], rt: false, src: 'synth' });
  const rim = [[-33.9, 151.2], [37.8, -122.4], [49.3, -123.1], [-36.8, 174.8], [21.3, -157.8], [34.0, -118.2], [-12.0, -77.0], [61.2, -149.9], [13.4, 144.8], [-17.7, 168.3]];
  rim.forEach(([lat, lon], k) => rain.push({ id: `s${k}`, ts: Date.now(), lat, lon, geo: 'point', text: '#rain', tags: ['rain'], rt: false, src: 'synth' }));
  await server.feed(rain);
  await page.waitForFunction(() => window.tweetmap.points().filter((p) => /^[rs]\d/.test(p.id)).length === 50, null, { timeout: 5000 });
  await page.waitForFunction(() => (window.tweetmap.trends.view[0] || {}).term === '#rain' && window.tweetmap.trends.viewFrom === 'points', null, { timeout: 5000 }).catch(() => {});
  const local = await page.evaluate(() => ({ from: window.tweetmap.trends.viewFrom, top: window.tweetmap.trends.view[0], note: document.querySelector('[data-list="view"]').textContent }));
  check(local.from === 'points' && /most common hashtags/.test(local.note), 'without server trends in view, the list says it shows the most common tags', JSON.stringify(local));
  check(local.top && local.top.term === '#rain' && Math.abs(local.top.lat - 35.7) < 1 && Math.abs(local.top.lon - 139.7) < 1,
    'a common tag flies to its densest square (Tokyo), not to the average of its points', JSON.stringify(local.top));
  await page.screenshot({ path: path.join(artifactsDir, 'web-trends-view-1280.png') });

  check(pageErrors.length === 0, 'no uncaught errors on the page', pageErrors.join(' | '));
} catch (e) {
  check(false, 'the test ran to the end', e.stack || String(e));
} finally {
  clearTimeout(checks.watchdog);
  if (feeder) {
    feeder.kill('SIGTERM');
    feeder.trends.kill('SIGTERM');
  }
  await browser.close();
  if (server) await server.stop();
}
checks.finish();
