// The map page in a real browser (Debian's chromium via playwright-core) against sse-serve fed
// by tests/data/web_posts.jsonl: positions, popup escaping, filter -> server subscription,
// trends panel, pause, URL state, resume after a server restart, offline basemap, heat map,
// screenshots in build/artifacts/. Any console error (other than the expected failures of the
// unreachable tile server and of the deliberately stopped server) fails the test.
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, freePort, launchBrowser, makeChecks, root, Server, synthPosts } from './harness.mjs';

const kDeadlineMs = 150000;
const fixture = fs
  .readFileSync(path.join(root, 'tests/data/web_posts.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean);
const fixtureRecs = fixture.map((l) => JSON.parse(l));
const positioned = fixtureRecs.filter((r) => Number.isFinite(r.lat));

const checks = makeChecks(kDeadlineMs);
const { check } = checks;

fs.mkdirSync(artifactsDir, { recursive: true });
const port = await freePort();
let server = new Server(port);
const browser = await launchBrowser();
const consoleErrors = [];
let allowEventsErrors = false;
const eventRequests = [];
const dialogs = [];

async function cleanup() {
  await browser.close();
  await server.stop();
}

try {
  await server.start();
  console.log(`# against ${server.name} on port ${port}`);
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url || '';
    if (/tile\.openstreetmap\.org/.test(url)) return; // offline here: expected
    if (allowEventsErrors && /\/events/.test(url + m.text())) return; // the server is down on purpose
    consoleErrors.push(`${m.text()} (${url})`);
  });
  page.on('pageerror', (e) => consoleErrors.push(`uncaught: ${e.message}`));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('request', (r) => {
    if (r.url().includes('/events')) eventRequests.push(r.url());
  });
  // No network here: make the tile server fail fast (as when offline).
  await page.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));

  const base = `http://127.0.0.1:${port}/`;
  await page.goto(`${base}?lat=10&lon=20&z=2`);
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 15000 });
  check(true, 'page loads and connects to /events');

  // ---- points at the right places ----
  // Fed as a live stream: posted over the last few seconds (the page ages posts by their ts, and
  // the fixture's own times are years old).
  const t0 = Date.now() - fixture.length * 100;
  await server.feed(fixtureRecs.map((r, k) => JSON.stringify({ ...r, ts: t0 + k * 100 })));
  await page.waitForFunction((n) => window.tweetmap.store.size >= n, positioned.length, { timeout: 10000 });
  await page.evaluate(() => window.tweetmap.drawNow());
  const pts = await page.evaluate(() => window.tweetmap.points());
  check(pts.length === positioned.length, `all ${positioned.length} posts with a position are on the map`, `got ${pts.length}`);
  const worldPx = 256 * 4; // zoom 2
  for (const r of positioned) {
    const p = pts.find((q) => q.id === r.id);
    if (!p) {
      check(false, `post ${r.id} on the map`);
      continue;
    }
    const want = await page.evaluate(([la, lo]) => window.tweetmap.project(la, lo), [r.lat, r.lon]);
    const dx = Math.abs((((p.x - want.x) % worldPx) + worldPx + worldPx / 2) % worldPx - worldPx / 2);
    const dy = Math.abs(p.y - want.y);
    check(p.lat === r.lat && p.lon === r.lon && p.geo === r.geo && dx < 1.5 && dy < 1.5,
      `post ${r.id} (${r.geo}) drawn at ${r.lat},${r.lon}`, `page has ${JSON.stringify(p)}, Leaflet puts it at ${JSON.stringify(want)}`);
    const alpha = await page.evaluate(([x, y]) => {
      const c = document.querySelector('canvas.tm-canvas:not(.tm-heat)');
      const k = c.width / c.clientWidth;
      return c.getContext('2d').getImageData(Math.round(x * k), Math.round(y * k), 1, 1).data[3];
    }, [p.x, p.y]);
    // A place is drawn as a ring (hollow centre), the others cover their centre pixel.
    if (r.geo !== 'place') check(alpha > 0, `post ${r.id} has visible pixels on the canvas`, `alpha ${alpha}`);
  }
  const counters = await page.evaluate(() => ({ ...window.tweetmap.counters }));
  check(counters.received === fixture.length && counters.noPosition === 1, 'counters: received and without position',
    JSON.stringify(counters));

  // ---- offline basemap ----
  const basemap = await page.evaluate(() => window.tweetmap.basemap.state);
  check(basemap === 'outline', 'tiles unreachable: the bundled outline is the base map', basemap);
  const land = await page.evaluate(() => {
    const c = document.querySelector('.leaflet-outline-pane canvas');
    if (!c) return null;
    const at = (la, lo) => {
      const p = window.tweetmap.map.latLngToContainerPoint([la, lo]);
      const mapBox = window.tweetmap.map.getContainer().getBoundingClientRect();
      const box = c.getBoundingClientRect();
      const k = c.width / box.width;
      return c.getContext('2d').getImageData(Math.round((p.x + mapBox.left - box.left) * k), Math.round((p.y + mapBox.top - box.top) * k), 1, 1).data[3];
    };
    return { africa: at(5, 20), ocean: at(-30, -20) };
  });
  check(land && land.africa > 0 && land.ocean === 0, 'outline drawn: land filled, ocean empty', JSON.stringify(land));

  // ---- popup: a real click; text shown as text, nothing runs ----
  const xss = pts.find((q) => q.id === '1004');
  const mapBox = await page.locator('#map').boundingBox();
  await page.mouse.click(mapBox.x + xss.x, mapBox.y + xss.y);
  await page.waitForSelector('.leaflet-popup-content .tm-popup', { timeout: 5000 });
  const popup = await page.evaluate(() => {
    const c = document.querySelector('.leaflet-popup-content');
    return { text: c.textContent, img: c.querySelectorAll('img').length, b: c.querySelectorAll('b').length, id: window.tweetmap.popupRecordId };
  });
  check(popup.id === '1004', 'click on a point opens its popup', JSON.stringify(popup));
  check(popup.text.includes('<img src=x onerror=alert(1)>') && popup.text.includes('<b>bold</b> name') && popup.img === 0 && popup.b === 0,
    'popup shows markup as text, creates no elements', JSON.stringify(popup));
  await page.waitForTimeout(200);
  check(dialogs.length === 0, 'no script from post text ran', dialogs.join('; '));
  await page.keyboard.press('Escape');
  await page.evaluate(() => void window.tweetmap.map.closePopup());

  // ---- place box on hover ----
  const syd = pts.find((q) => q.id === '1002');
  await page.mouse.move(mapBox.x + syd.x + 3, mapBox.y + syd.y);
  await page.waitForFunction(() => window.tweetmap.hover && window.tweetmap.hover.id === '1002', null, { timeout: 5000 }).catch(() => {});
  const hover = await page.evaluate(() => window.tweetmap.hover);
  check(hover && hover.id === '1002' && hover.bbox[0] === 150.52, 'hovering a place post shows its box', JSON.stringify(hover));
  await page.mouse.move(mapBox.x + 5, mapBox.y + mapBox.height - 5);

  // ---- trends panel ----
  // A snapshot as tweet-trends writes it (docs/TRENDS.md).
  const trends = {
    type: 'trends', ts: Date.now(), interval: 10, window: 300, warming: false, records: 500,
    scopes: [
      { scope: 'global', trends: [
        { term: '#rain', count: 42, expected: 3.1, score: 5.1, since: Date.now(), centroid: [-60.1, 42.0], place: 'New York',
          cells: [{ cell: 'dr5r', count: 30, center: [-74.006, 40.7128] }] },
        { term: '#beach', count: 10, expected: 1, score: 2.0, since: Date.now(), centroid: [151.2, -33.87], cells: [] },
      ] },
      { scope: 'cc', cc: 'US', trends: [{ term: '#rain', count: 40, expected: 2, score: 4.2, since: Date.now(), centroid: [-74.0, 40.7], cells: [] }] },
      { scope: 'cell', cell: 'r3gx', bbox: [151.0, -34.0, 151.4, -33.8], trends: [{ term: '#beach', count: 9, expected: 1, score: 3, since: Date.now(), place: 'Sydney', cells: [] }] },
    ],
  };
  await server.feed(trends);
  await page.waitForFunction(() => window.tweetmap.trends.updates >= 1, null, { timeout: 5000 }).catch(() => {});
  const globalList = await page.locator('#list-global').textContent();
  check(/#rain\s*42/.test(globalList) && globalList.includes('#beach'), 'trends panel shows the global trends', globalList);
  await page.click('#tab-regions');
  const regions = await page.locator('#list-regions').textContent();
  check(regions.includes('United States') && regions.includes('#rain') && regions.includes('around Sydney') && regions.includes('#beach'),
    'trends panel shows the trends per country and area', regions);
  await page.click('#tab-view');
  await page.waitForFunction(() => document.querySelector('#list-view').textContent.includes('#beach'), null, { timeout: 5000 }).catch(() => {});
  const inView = await page.locator('#list-view').textContent();
  check(inView.includes('#rain') && inView.includes('#beach'), '"in this view" lists the hashtags of the points on screen', inView);
  await page.click('#tab-global');

  // ---- click a trend: filter (server side) and fly ----
  const before = eventRequests.length;
  await page.getByRole('button', { name: /#rain/ }).first().click();
  await page.waitForFunction(() => window.tweetmap.ui.track === '#rain', null, { timeout: 5000 });
  await page.waitForFunction(() => window.tweetmap.connection === 'live', null, { timeout: 10000 });
  const sub = eventRequests.slice(before).find((u) => u.includes('track='));
  check(sub && new URL(sub).searchParams.get('track') === '#rain', 'clicking a trend subscribes with track=#rain', sub || eventRequests.join(' '));
  // The flight ends with a moveend, which writes the view into the URL.
  await page.waitForFunction(() => {
    const q = new URLSearchParams(window.location.search);
    return Math.abs(Number(q.get('lat')) - 40.7128) < 1 && Math.abs(Number(q.get('lon')) + 74.006) < 1;
  }, null, { timeout: 8000 }).catch(() => {});
  const centre = await page.evaluate(() => window.tweetmap.map.getCenter());
  check(Math.abs(centre.lat - 40.7128) < 1 && Math.abs(centre.lng + 74.006) < 1, 'the map flies to where the trend is hot', JSON.stringify(centre));
  await server.feed([
    { id: '2001', ts: Date.now(), lat: 51.5, lon: -0.12, geo: 'point', user: 'ldn', text: 'more #rain in London', tags: ['rain'], rt: false, src: 'synth' },
    { id: '2002', ts: Date.now(), lat: 48.85, lon: 2.35, geo: 'point', user: 'par', text: 'sunny in Paris #sun', tags: ['sun'], rt: false, src: 'synth' },
    { id: '2003', ts: Date.now(), lat: 41.9, lon: 12.5, geo: 'point', user: 'rom', text: 'and #rain in Rome', tags: ['rain'], rt: false, src: 'synth' },
  ]);
  await page.waitForFunction(() => window.tweetmap.points().some((p) => p.id === '2003'), null, { timeout: 8000 }).catch(() => {});
  const filtered = await page.evaluate(() => window.tweetmap.points().map((p) => p.id));
  if (filtered.includes('2002') && !(await server.filtersTrack())) {
    // The subscription is right (checked above) but this server build ignores track= (its
    // filter is not implemented yet): say so instead of passing or failing on the page's behalf.
    console.log('skip the server filters: only #rain posts arrive (this sse-serve does not apply track= yet)');
    check(filtered.includes('2001') && filtered.includes('2003'), 'posts arrive on the filtered subscription', filtered.join(','));
  } else {
    check(filtered.includes('2001') && filtered.includes('2003') && !filtered.includes('2002') && !filtered.includes('1002'),
      'the server filters: only #rain posts arrive', filtered.join(','));
  }
  const search = await page.evaluate(() => window.location.search);
  const q = new URLSearchParams(search);
  check(q.get('track') === '#rain' && Math.abs(Number(q.get('lat')) - 40.71) < 1.5, 'the URL holds the filter and the view', search);

  // ---- pause / resume (keyboard) ----
  await page.locator('#map').focus();
  await page.keyboard.press('p');
  check(await page.evaluate(() => window.tweetmap.ui.paused), 'p pauses');
  await server.feed({ id: '2004', ts: Date.now(), lat: 45.46, lon: 9.19, geo: 'point', user: 'mil', text: '#rain in Milan', tags: ['rain'], rt: false, src: 'synth' });
  await page.waitForFunction(() => window.tweetmap.ui.pauseQueue.length > 0, null, { timeout: 5000 }).catch(() => {});
  const whilePaused = await page.evaluate(() => window.tweetmap.points().some((p) => p.id === '2004'));
  check(!whilePaused, 'while paused, new posts wait');
  await page.keyboard.press('p');
  const afterResume = await page.evaluate(() => window.tweetmap.points().some((p) => p.id === '2004'));
  check(afterResume, 'resume shows the posts that waited');

  // ---- reload: the URL reproduces the view and filter ----
  await page.reload();
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 10000 });
  const restored = await page.evaluate(() => ({ track: document.getElementById('filter').value, c: window.tweetmap.map.getCenter() }));
  check(restored.track === '#rain' && Math.abs(restored.c.lat - 40.71) < 1.5, 'a reload restores filter and view from the URL', JSON.stringify(restored));

  // ---- the server restarts: the page resumes by itself ----
  allowEventsErrors = true;
  await server.stop();
  await page.waitForFunction(() => window.tweetmap.connection !== 'live', null, { timeout: 10000 });
  const downState = await page.evaluate(() => document.getElementById('conn').textContent);
  check(/connecting|offline/.test(downState), 'the connection state shows the outage', downState);
  server = new Server(port);
  await server.start();
  await page.waitForFunction(() => window.tweetmap.connection === 'live', null, { timeout: 30000 });
  allowEventsErrors = false;
  await server.feed({ id: '3001', ts: Date.now(), lat: 59.33, lon: 18.07, geo: 'point', user: 'sto', text: '#rain in Stockholm', tags: ['rain'], rt: false, src: 'synth' });
  await page.waitForFunction(() => window.tweetmap.points().some((p) => p.id === '3001'), null, { timeout: 10000 }).catch(() => {});
  const resumed = await page.evaluate(() => ({ ok: window.tweetmap.points().some((p) => p.id === '3001'), resets: window.tweetmap.counters.resets, notice: document.getElementById('notice').hidden ? '' : document.getElementById('notice-text').textContent, url: window.tweetmap.stream.url }));
  check(resumed.ok, 'after the server restarts, new posts arrive again', JSON.stringify(resumed));
  check(resumed.resets >= 1 && resumed.notice.length > 0, 'the new server epoch gives a visible reset notice', JSON.stringify(resumed));

  // ---- lots of posts, screenshots ----
  await page.click('#filter-clear');
  await page.waitForFunction(() => window.tweetmap.ui.track === '' && window.tweetmap.connection === 'live', null, { timeout: 10000 });
  await page.evaluate(() => void window.tweetmap.map.setView([25, 15], 2.5, { animate: false }));
  await server.feed(synthPosts(4000, 7));
  await server.feed(trends);
  await page.waitForFunction(() => window.tweetmap.store.size >= 4000, null, { timeout: 15000 });
  await page.evaluate(() => void window.tweetmap.map.setView([48, 10], 4, { animate: false }));
  await page.evaluate(() => window.tweetmap.drawNow());
  const target = await page.evaluate(() => {
    const p = window.tweetmap.points().filter((q) => q.geo === 'point' && q.x > 300 && q.x < 700 && q.y > 250 && q.y < 600).pop();
    return p;
  });
  if (target) await page.mouse.click(mapBox.x + target.x, mapBox.y + target.y);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(artifactsDir, 'web-map.png') });
  await page.evaluate(() => void window.tweetmap.map.closePopup());
  await page.evaluate(() => void window.tweetmap.map.setView([25, 15], 2, { animate: false }));
  await page.evaluate(() => window.tweetmap.drawNow());
  const mode = await page.evaluate(() => window.tweetmap.layer.mode);
  check(mode === 'density', 'zoomed out with thousands of points: density view', mode);
  await page.screenshot({ path: path.join(artifactsDir, 'web-density.png') });
  await page.keyboard.press('h');
  await page.evaluate(() => window.tweetmap.drawNow());
  const heat = await page.evaluate(() => {
    const c = document.querySelector('canvas.tm-heat');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let k = 3; k < d.length; k += 4) if (d[k]) n++;
    return { hidden: c.hidden, painted: n, mode: window.tweetmap.layer.mode };
  });
  check(!heat.hidden && heat.painted > 1000 && heat.mode === 'heat', 'h shows the heat map', JSON.stringify(heat));
  await page.screenshot({ path: path.join(artifactsDir, 'web-heat.png') });
  await page.keyboard.press('h');

  // ---- a phone ----
  const phone = await browser.context.newPage();
  phone.on('console', (m) => {
    if (m.type() === 'error' && !/tile\.openstreetmap\.org/.test(m.location().url || '')) consoleErrors.push(`phone: ${m.text()}`);
  });
  phone.on('pageerror', (e) => consoleErrors.push(`phone uncaught: ${e.message}`));
  await phone.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));
  await phone.setViewportSize({ width: 390, height: 844 });
  await phone.goto(`${base}?lat=30&lon=10&z=1`);
  await phone.waitForFunction(() => window.tweetmap && window.tweetmap.store.size > 100, null, { timeout: 10000 }).catch(() => {});
  const fits = await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  check(fits, 'on a phone the page fits the width (no sideways scrolling)');
  await phone.screenshot({ path: path.join(artifactsDir, 'web-phone.png') });
  await phone.close();

  check(consoleErrors.length === 0, 'no console errors', consoleErrors.join('\n     '));
} catch (e) {
  check(false, 'test ran to the end', `${e.stack || e}\nserver log:\n${server.log}`);
} finally {
  await cleanup();
  clearTimeout(checks.watchdog);
}
console.log(`screenshots: ${artifactsDir}/web-*.png`);
checks.finish();
