// Each trend's curve over time and "In this view" from the server, in Debian's chromium
// (playwright-core) against sse-serve:
// - the page keeps the recent snapshots (at most 60) and draws each trend's count against its
//   usual level as a sparkline in its row; a click opens a larger chart whose caption, score in
//   words ("standard deviations above what is usual") and table of numbers (the chart's text
//   alternative) follow the snapshots;
// - "In this view" asks sse-serve (GET /trends?bbox=) and lists what it answers: the trends of
//   the view's cells (counted over them), not those of the rest of the world; against the
//   stand-in server (no such route) the page works it out from its last snapshot.
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, runBrowserTest } from './harness.mjs';

fs.mkdirSync(artifactsDir, { recursive: true });

const cell = (name, lat, lon, count) => ({ cell: name, count, center: [lon, lat] });
const t0 = Date.now() - 60 * 10000;
// Snapshot k (10 s apart): #rain rises in New York (10 + 5k posts against a usual 4), #tea is
// steady in London (GB), #quake trends in a cell near Tokyo from snapshot 3 on.
function snapshot(k) {
  const rain = 10 + 5 * k;
  const scopes = [
    { scope: 'global', trends: [{ term: '#rain', count: rain, expected: 4, score: Math.round((2 + k) * 10) / 10, place: 'New York', cells: [cell('dr5r', 40.71, -74.0, rain)] }] },
    { scope: 'cc', cc: 'GB', trends: [{ term: '#tea', count: 30, expected: 2, score: 9.5, cells: [cell('gcpv', 51.5, -0.12, 30)] }] },
  ];
  if (k >= 3) scopes.push({ scope: 'cell', cell: 'xn7', bbox: [139.2, 35.2, 140.6, 36.6], trends: [{ term: '#quake', count: 8 * k, expected: 0.1, score: 11, centroid: [139.7, 35.7], cells: [] }] });
  return { type: 'trends', ts: t0 + k * 10000, interval: 10, window: 300, warming: false, records: 5000, scopes };
}

await runBrowserTest(120000, async (t) => {
  const { check } = t;
  let server = await t.startServer();
  const { port } = server;
  const page = await t.openPage('?lat=30&lon=0&z=2');

  // ---- the curve of each trend ----
  for (let k = 0; k < 8; k++) await server.feed(snapshot(k));
  await page.waitForFunction(() => window.tweetmap.trends.updates >= 8, null, { timeout: 8000 });
  const row = await page.evaluate(() => {
    const b = [...document.querySelectorAll('[data-list="global"] .tm-trend')].find((x) => x.textContent.includes('#rain'));
    const svg = b && b.querySelector('svg.tm-spark');
    return svg && {
      hidden: svg.getAttribute('aria-hidden'),
      count: svg.querySelector('.tm-curve-count').getAttribute('d'),
      expected: svg.querySelector('.tm-curve-expected').getAttribute('d'),
      kept: window.tweetmap.trends.history.size,
    };
  });
  const pts = (d) => (d.match(/[ML]/g) || []).length;
  const ys = (d) => [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
  check(row && pts(row.count) === 8 && pts(row.expected) === 8 && row.kept === 8,
    'a trend row has a sparkline of its 8 snapshots: its count and its usual level', JSON.stringify(row));
  check(row && ys(row.count)[0] > ys(row.count)[7] && new Set(ys(row.expected)).size === 1,
    'the sparkline rises with the count (y goes up the screen) while the usual stays flat', JSON.stringify(row && ys(row.count)));
  check(row && row.hidden === 'true', 'the sparkline is decorative to a screen reader (the button says the numbers)');

  await page.getByRole('button', { name: /^#rain/ }).first().click();
  await page.waitForFunction(() => !document.querySelector('.tm-trend-detail').hidden, null, { timeout: 3000 }).catch(() => {});
  const detail = () => page.evaluate(() => {
    const box = document.querySelector('.tm-trend-detail');
    const svg = box.querySelector('svg.tm-curve-chart');
    const cap = svg && document.getElementById(svg.getAttribute('aria-labelledby'));
    return {
      hidden: box.hidden,
      role: svg && svg.getAttribute('role'),
      caption: cap ? cap.textContent : '',
      why: (box.querySelector('.tm-curve-why') || {}).textContent || '',
      rows: [...box.querySelectorAll('table tr')].slice(1).map((tr) => [...tr.children].map((td) => td.textContent)),
    };
  });
  let d = await detail();
  check(!d.hidden && d.role === 'img' && /^#rain: 45 posts in the last 5 min, against a usual 4; listed in 8 of the last 8 snapshots/.test(d.caption),
    'a click opens the larger chart, an image named by its caption in words', JSON.stringify(d.caption));
  check(/Score 9\.0: this window's count is 9\.0 standard deviations above what is usual for this term here/.test(d.why),
    'the score is said in plain words (standard deviations above usual)', d.why);
  check(d.rows.length === 8 && d.rows[7][1] === '45' && d.rows[7][2] === '4' && d.rows[7][3] === '9.0' && d.rows[0][1] === '10',
    'the chart\'s text alternative is a table of its numbers (posts, usual, score per snapshot)', JSON.stringify(d.rows));
  const summary = await page.locator('.tm-trend-detail').ariaSnapshot();
  check(/img "#rain: 45 posts/.test(summary) && /Numbers/.test(summary), 'the accessibility tree has the chart as an image named in words, and its numbers', summary.split('\n').slice(0, 6).join(' | '));
  await page.screenshot({ path: path.join(artifactsDir, 'web-trend-curve-1280.png') });

  // (the click set the filter: the new subscription replayed the 8 snapshots, so count by ts)
  await server.feed(snapshot(8));
  await page.waitForFunction((ts) => window.tweetmap.trends.latest.ts === ts, t0 + 80000, { timeout: 5000 });
  d = await detail();
  check(d.rows.length === 9 && d.rows[8][1] === '50' && /^#rain: 50 posts/.test(d.caption), 'the open chart follows the next snapshot', JSON.stringify(d.rows.at(-1)));

  for (let k = 9; k < 75; k++) await server.feed(snapshot(k));
  await page.waitForFunction((ts) => window.tweetmap.trends.latest.ts === ts, t0 + 740000, { timeout: 8000 });
  const kept = await page.evaluate(() => ({ n: window.tweetmap.trends.history.size, first: window.tweetmap.trends.history.snaps[0].ts }));
  check(kept.n === 60 && kept.first === t0 + 15 * 10000, 'the page keeps at most 60 snapshots, the newest', JSON.stringify(kept));
  await page.click('.tm-trend-detail-close');
  check(await page.evaluate(() => document.querySelector('.tm-trend-detail').hidden), 'the chart closes with its button');

  // ---- "In this view" from the server (GET /trends?bbox=) ----
  await page.evaluate(() => window.tweetmap.map.setView([40.7, -74], 6, { animate: false }));
  await page.click('#tab-view');
  // (the list of the world view before had #tea too: wait for the list of this view)
  await page.waitForFunction(() => window.tweetmap.trends.view.some((t) => t.term === '#rain') && !window.tweetmap.trends.view.some((t) => t.term === '#tea'), null, { timeout: 6000 }).catch(() => {});
  const nyc = await page.evaluate(() => ({
    from: window.tweetmap.trends.viewFrom,
    url: window.tweetmap.trends.remote.lastUrl,
    view: window.tweetmap.trends.view.map((t) => ({ term: t.term, count: t.count, lat: t.lat, lon: t.lon })),
  }));
  if (server.real) {
    check(nyc.from === 'server' && /^\/trends\?bbox=-[\d.]+,[\d.]+,-[\d.]+,[\d.]+$/.test(nyc.url),
      '"In this view" asks the server for the view\'s box (GET /trends?bbox=)', JSON.stringify(nyc));
    const direct = await (await fetch(`http://127.0.0.1:${port}${nyc.url}`)).json();
    check(direct.trends.length === nyc.view.length && direct.trends.every((t, k) => t.term === nyc.view[k].term && t.count === nyc.view[k].count),
      'the page lists what the server answers for that box', JSON.stringify(direct.trends.map((t) => [t.term, t.count])));
  }
  check(nyc.view.length === 1 && nyc.view[0].term === '#rain' && nyc.view[0].count === 10 + 5 * 74 && Math.abs(nyc.view[0].lat - 40.71) < 0.01,
    'New York in view: #rain, counted over its cell there, flying to it; not London\'s #tea', JSON.stringify(nyc.view));
  await page.evaluate(() => window.tweetmap.map.setView([36, 140], 7, { animate: false }));
  await page.waitForFunction(() => window.tweetmap.trends.view.some((t) => t.term === '#quake'), null, { timeout: 6000 }).catch(() => {});
  const tokyo = await page.evaluate(() => window.tweetmap.trends.view.map((t) => t.term));
  check(tokyo.length === 1 && tokyo[0] === '#quake', 'Tokyo in view: the trend of the cell overlapping it', JSON.stringify(tokyo));
  await page.screenshot({ path: path.join(artifactsDir, 'web-trends-view-server-1280.png') });
  if (server.real) {
    const bad = await fetch(`http://127.0.0.1:${port}/trends?bbox=1,2,3`);
    const text = await bad.text();
    check(bad.status === 400 && /^bad bbox=: .+\n$/.test(text) && text.split('\n').length === 2, 'a bad bbox is answered 400 with a one-line reason', `${bad.status} ${text}`);
  }
  await page.close();

  // ---- the stand-in server has no /trends: the page works the view out itself ----
  process.env.TWEETMAP_FAKE_SSE = '1';
  server = await t.startServer();
  delete process.env.TWEETMAP_FAKE_SSE;
  const page2 = await t.openPage('?lat=40.7&lon=-74&z=6');
  await server.feed(snapshot(5));
  await page2.click('#tab-view');
  await page2.waitForFunction(() => window.tweetmap.trends.view.some((t) => t.term === '#rain'), null, { timeout: 8000 }).catch(() => {});
  const local = await page2.evaluate(() => ({ from: window.tweetmap.trends.viewFrom, available: window.tweetmap.trends.remote.available, view: window.tweetmap.trends.view.map((t) => [t.term, t.count]) }));
  check(local.from === 'snapshot' && local.available === false && local.view.length === 1 && local.view[0][0] === '#rain' && local.view[0][1] === 35,
    'without a /trends route the page lists the view\'s trends from its last snapshot', JSON.stringify(local));
  await page2.close();
});
