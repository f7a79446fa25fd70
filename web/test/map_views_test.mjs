// The map's views and lists, each checked in a real browser (Debian's chromium via playwright-core)
// against sse-serve: every world copy on screen gets the density and heat views and the offline
// outline; the strip a drag uncovers is drawn during the drag; density labels never overlap;
// colour is the post's age from its `ts`; posts/s is the rate of live posts, not of replayed
// history (since= on a filter change, a resume), and goes on while paused; a click on 21 posts
// stacked on one place lists them (newest first, scrollable, by keyboard) at 1280x800 and
// 390x844; the reset notice never covers a popup (both sizes); a tapped place's box goes with
// its popup on a phone; a post with 100 tags says "+88 more"; a place and its country are
// isolated from each other's direction overrides; CJK and colour emoji have fonts. Screenshots
// go to build/artifacts/web-views-*.png.
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, freePort, launchBrowser, makeChecks, Server } from './harness.mjs';

const kDeadlineMs = 110000;
const checks = makeChecks(kDeadlineMs);
const { check } = checks;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

fs.mkdirSync(artifactsDir, { recursive: true });
const port = await freePort();
const server = new Server(port);
const browser = await launchBrowser();
let phone = null;
const pageErrors = [];
let nextId = 7000000;

function post(lat, lon, extra = {}) {
  return { id: String(nextId++), ts: Date.now(), lat, lon, geo: 'point', text: 'p', tags: [], rt: false, src: 'synth', ...extra };
}

/** The pixels of a screenshot at page points [{x, y}] (what a user sees), as [r, g, b]. */
async function screenPixels(page, pts) {
  const png = (await page.screenshot()).toString('base64');
  return page.evaluate(
    async ({ png, pts }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${png}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return pts.map((p) => [...ctx.getImageData(Math.round(p.x), Math.round(p.y), 1, 1).data.slice(0, 3)]);
    },
    { png, pts },
  );
}

/** The largest alpha of a canvas of the page within r px of a container point (x, y). */
function canvasAlpha(page, selector, x, y, r = 3) {
  return page.evaluate(
    ({ selector, x, y, r }) => {
      const c = document.querySelector(selector);
      const dpr = c.width / c.getBoundingClientRect().width;
      const d = c.getContext('2d').getImageData(Math.round((x - r) * dpr), Math.round((y - r) * dpr), Math.round(2 * r * dpr) + 1, Math.round(2 * r * dpr) + 1).data;
      let a = 0;
      for (let k = 3; k < d.length; k += 4) a = Math.max(a, d[k]);
      return a;
    },
    { selector, x, y, r },
  );
}

const isLand = ([r, g, b]) => Math.abs(r - 29) <= 6 && Math.abs(g - 38) <= 6 && Math.abs(b - 54) <= 6; // #1d2636
const rectsOverlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

async function mapPoint(page, lat, lon) {
  return page.evaluate(
    ({ lat, lon }) => {
      const p = window.tweetmap.project(lat, lon);
      const r = window.tweetmap.map.getContainer().getBoundingClientRect();
      return { x: p.x, y: p.y, px: p.x + r.left, py: p.y + r.top, w: r.width, h: r.height };
    },
    { lat, lon },
  );
}

async function setView(page, lat, lon, z) {
  await page.evaluate(({ lat, lon, z }) => {
    window.tweetmap.map.setView([lat, lon], z, { animate: false });
  }, { lat, lon, z });
  await page.evaluate(() => window.tweetmap.drawNow());
}

async function waitForIds(page, ids, timeout = 10000) {
  await page.waitForFunction((ids) => {
    const have = new Set(window.tweetmap.points().map((p) => p.id));
    return ids.every((id) => have.has(id));
  }, ids, { timeout });
}

const t0 = Date.now();
try {
  await server.start();
  console.log(`# against ${server.name} on port ${port}`);
  const page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  const base = `http://127.0.0.1:${port}/`;
  await page.goto(`${base}?lat=20&lon=0&z=1&tiles=0`);
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 15000 });

  // ---- 13. CJK and colour emoji have fonts (not boxes) ----
  console.log(`# 13. CJK and colour emoji have fonts (not boxes) (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const fonts = await page.evaluate(() => {
    const c = document.createElement('canvas');
    c.width = 64;
    c.height = 64;
    const ctx = c.getContext('2d', { willReadFrequently: true });
    const glyph = (s) => {
      ctx.clearRect(0, 0, 64, 64);
      ctx.font = '40px sans-serif';
      ctx.fillStyle = '#000';
      ctx.fillText(s, 4, 48);
      return ctx.getImageData(0, 0, 64, 64).data;
    };
    const same = (a, b) => a.every((v, k) => v === b[k]);
    const g = [glyph('東'), glyph('京'), glyph('ソ')];
    return { cjkDistinct: !same(g[0], g[1]) && !same(g[1], g[2]) };
  });
  check(fonts.cjkDistinct, 'CJK text is drawn with a font (東, 京 and ソ are different glyphs, not the same box)');
  // An emoji in the page's own text (the toolbar's font), as a user sees it: in colour.
  const emojiBox = await page.evaluate(async () => {
    const s = document.createElement('span');
    s.textContent = '😀☔';
    s.style.cssText = 'position:fixed;left:10px;top:300px;font-size:40px;z-index:5000;background:#fff;color:#000';
    document.body.appendChild(s);
    await document.fonts.ready;
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const r = s.getBoundingClientRect();
    return { left: r.left, top: r.top, w: r.width, h: r.height };
  });
  const grid = [];
  for (let y = 4; y < emojiBox.h - 4; y += 3) for (let x = 2; x < emojiBox.w - 2; x += 3) grid.push({ x: emojiBox.left + x, y: emojiBox.top + y });
  const emojiPx = await screenPixels(page, grid);
  const coloured = emojiPx.filter(([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) > 60).length;
  await page.evaluate(() => document.body.lastElementChild.remove());
  check(coloured > 20, 'emoji in the page are drawn in colour (a colour emoji font is installed and used)', `${coloured} coloured of ${grid.length} pixels`);

  // ---- 2. the offline outline goes on past ±180° ----
  console.log(`# 2. the offline outline goes on past ±180° (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await setView(page, 20, 0, 1);
  const past = [await mapPoint(page, 40, -100 + 360), await mapPoint(page, 22, 79 - 360)]; // North America east of +180, India west of -180
  const near = [await mapPoint(page, 40, -100), await mapPoint(page, 22, 79)];
  check(past.every((p) => p.x > 0 && p.x < p.w) && near.every((p) => p.x > 0 && p.x < p.w), 'zoom 1 shows both copies (setup)', JSON.stringify({ past, near }));
  const outlinePx = await screenPixels(page, [...past, ...near].map((p) => ({ x: p.px, y: p.py })));
  check(outlinePx.slice(2).every(isLand), 'the outline draws land in the main world copy (setup)', JSON.stringify(outlinePx));
  check(outlinePx.slice(0, 2).every(isLand), 'the outline draws land in the copies past +180° and -180° too', JSON.stringify(outlinePx));
  await page.screenshot({ path: path.join(artifactsDir, 'web-views-outline-z1.png') });

  // ---- 2. density and heat in every world copy ----
  console.log(`# 2. density and heat in every world copy (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const tokyo = [];
  for (let k = 0; k < 3200; k++) tokyo.push(post(35.68 + ((k % 40) - 20) * 0.02, 139.69 + (Math.floor(k / 40) - 40) * 0.02));
  await server.feed(tokyo);
  await waitForIds(page, [tokyo.at(-1).id]);
  await setView(page, 20, 0, 1);
  const copies = [await mapPoint(page, 35.68, 139.69), await mapPoint(page, 35.68, 139.69 - 360)];
  const mode = await page.evaluate(() => window.tweetmap.layer.mode);
  check(mode === 'density', 'zoom 1 with 3,200 posts in view is the density view (setup)', mode);
  const dens = [];
  for (const p of copies) dens.push(await canvasAlpha(page, '.tm-canvas:not(.tm-heat)', p.x, p.y, 6));
  check(dens.every((a) => a > 100), "density: Tokyo's cluster is drawn over Tokyo in both world copies on screen", JSON.stringify({ copies, alpha: dens }));
  const cells = await page.evaluate(() => window.tweetmap.layer.densityCells || null);
  const stray = (cells || []).filter((c) => !copies.some((p) => Math.hypot(c.x - p.x, c.y - p.y) < 40));
  check(Array.isArray(cells) && cells.length >= 2 && stray.length === 0, 'density: no cluster is drawn away from where its posts are', JSON.stringify({ n: cells && cells.length, stray: stray.slice(0, 3) }));
  await page.screenshot({ path: path.join(artifactsDir, 'web-views-density-z1.png') });
  await page.click('#heat');
  await page.evaluate(() => window.tweetmap.drawNow());
  const heat = [];
  for (const p of copies) heat.push(await canvasAlpha(page, '.tm-heat', p.x, p.y, 6));
  check(heat.every((a) => a > 50), "heat: Tokyo's heat is drawn over Tokyo in both world copies on screen", JSON.stringify(heat));
  await page.screenshot({ path: path.join(artifactsDir, 'web-views-heat-z1.png') });
  await page.click('#heat');

  // ---- 13. density labels do not overlap ----
  console.log(`# 13. density labels do not overlap (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // Two clusters 4 px apart on either side of a grid line (cells are 36 px from the left edge).
  await setView(page, 30, 100, 2);
  const pair = await page.evaluate(() => [358, 362].map((x) => window.tweetmap.map.containerPointToLatLng([x, 300])));
  const clusters = [];
  for (const ll of pair) for (let k = 0; k < 30; k++) clusters.push(post(ll.lat, ll.lng));
  await server.feed(clusters);
  await waitForIds(page, [clusters.at(-1).id]);
  await page.evaluate(() => window.tweetmap.drawNow());
  const labels = await page.evaluate(() => window.tweetmap.layer.densityLabels || null);
  const overlaps = [];
  for (let a = 0; labels && a < labels.length; a++) {
    for (let b = a + 1; b < labels.length; b++) {
      const A = labels[a];
      const B = labels[b];
      if (Math.abs(A.x - B.x) * 2 < A.w + B.w && Math.abs(A.y - B.y) * 2 < A.h + B.h) overlaps.push([A.text, B.text, A.x, B.x]);
    }
  }
  check(Array.isArray(labels) && labels.length > 0 && overlaps.length === 0, 'density labels never overlap (two clusters 4 px apart keep one label)', JSON.stringify({ n: labels && labels.length, overlaps }));
  await page.screenshot({ path: path.join(artifactsDir, 'web-views-density-labels.png') });

  // ---- 2. the strip uncovered by a drag is drawn during the drag ----
  console.log(`# 2. the strip uncovered by a drag is drawn during the drag (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // Dragged 450 px to the right: the post was 300 px and the land (Oklahoma) 403 px left of the
  // screen, further than any padding a canvas keeps around the view.
  await setView(page, 20, 60, 3);
  const hidden = await page.evaluate(() => window.tweetmap.map.containerPointToLatLng([-300, 420]));
  const edge = post(hidden.lat, hidden.lng, { id: 'drag1' });
  await server.feed([edge]);
  await waitForIds(page, ['drag1']);
  const m0 = await mapPoint(page, 20, 0);
  await page.mouse.move(m0.px, m0.py);
  await page.mouse.down();
  for (let k = 1; k <= 15; k++) await page.mouse.move(m0.px + 30 * k, m0.py);
  // Wait (bounded) for what the user sees to show the post and the land in the uncovered strip.
  let dragSeen = null;
  const dragDeadline = Date.now() + 2500;
  while (Date.now() < dragDeadline) {
    const p = await mapPoint(page, edge.lat, edge.lon);
    const land = await mapPoint(page, 35, -97);
    const [pp, lp] = await screenPixels(page, [{ x: p.px, y: p.py }, { x: land.px, y: land.py }]);
    dragSeen = { post: p.x, land: land.x, pp, lp };
    if (p.x > 0 && p.x < 300 && pp[0] > 150 && pp[1] > 100 && isLand(lp)) break;
    await sleep(100);
  }
  await page.screenshot({ path: path.join(artifactsDir, 'web-views-drag.png') });
  await page.mouse.up();
  check(dragSeen && dragSeen.post > 0 && dragSeen.post < 300 && dragSeen.pp[0] > 150 && dragSeen.pp[1] > 100,
    'while dragging, a post in the uncovered strip is drawn (before the button is released)', JSON.stringify(dragSeen));
  check(dragSeen && dragSeen.land > 0 && dragSeen.land < 300 && isLand(dragSeen.lp),
    'while dragging, the outline in the uncovered strip is drawn', JSON.stringify(dragSeen));

  // ---- 6. colour is the post's age from its ts ----
  console.log(`# 6. colour is the post's age from its ts (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await setView(page, -40, -120, 5);
  const young = post(-40, -121, { id: 'age-new' });
  const old = post(-40, -119, { id: 'age-old', ts: Date.now() - 540000 }); // 0.9 of the 10-minute fade
  await server.feed([young, old]);
  await waitForIds(page, ['age-new', 'age-old']);
  await page.evaluate(() => window.tweetmap.drawNow());
  const agePx = await page.evaluate(() => {
    const c = document.querySelector('.tm-canvas:not(.tm-heat)');
    const dpr = c.width / c.getBoundingClientRect().width;
    return ['age-new', 'age-old'].map((id) => {
      const p = window.tweetmap.points().find((q) => q.id === id);
      return [...c.getContext('2d').getImageData(Math.round(p.x * dpr), Math.round(p.y * dpr), 1, 1).data];
    });
  });
  check(agePx[0][3] > 0 && agePx[0][1] > 200, 'a post with ts now is drawn as new (near white)', JSON.stringify(agePx[0]));
  check(agePx[1][3] > 0 && agePx[1][1] < 90 && agePx[1][2] > 60, 'a post whose ts is 9 minutes old arrives now but is drawn as old (red to violet)', JSON.stringify(agePx[1]));

  // ---- 13. a post with 100 tags: 12 shown and "+88 more" ----
  console.log(`# 13. a post with 100 tags: 12 shown and +88 more (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const tags = Array.from({ length: 100 }, (_, k) => `tag${k}`);
  await server.feed([post(-41, -120, { id: 'tags100', tags, text: 'many tags' })]);
  await waitForIds(page, ['tags100']);
  await page.evaluate(() => window.tweetmap.openPopupById('tags100'));
  await page.waitForSelector('.leaflet-popup .tm-popup-tags', { timeout: 3000 });
  const tagUi = await page.evaluate(() => {
    const t = [...document.querySelectorAll('.leaflet-popup .tm-popup-tags')].pop();
    return { shown: t.querySelectorAll('.tm-tag').length, text: t.textContent.replace(/\s+/g, ' ') };
  });
  check(tagUi.shown === 12 && /\+88\b/.test(tagUi.text), 'a post with 100 tags shows 12 and says "+88 more"', JSON.stringify(tagUi).slice(0, 200));

  // A popup in CJK with emoji, for the screenshot (what users see, with the fonts installed).
  await server.feed([post(-41.5, -120, { id: 'cjk1', name: '東京の友達 😀', user: 'tokyo_friend', place: '東京都 渋谷区', cc: 'JP', text: '今日は雨です ☔🌧️ 서울도 비가 와요 #雨', tags: ['雨'] })]);
  await waitForIds(page, ['cjk1']);
  await page.evaluate(() => window.tweetmap.openPopupById('cjk1'));
  await page.waitForFunction(() => window.tweetmap.popupRecordId === 'cjk1', null, { timeout: 3000 });
  await page.screenshot({ path: path.join(artifactsDir, 'web-views-cjk-emoji-1280.png') });

  // ---- 7. a place and its country are isolated from each other's overrides ----
  console.log(`# 7. a place and its country are isolated from each other's overrides (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  await server.feed([post(-42, -120, { id: 'rtl2', geo: 'place', place: 'p\u202Eq', cc: 'US', bbox: [-120.5, -42.5, -119.5, -41.5], name: 'n\u202Em', user: 'h\u202Ei' })]);
  await waitForIds(page, ['rtl2']);
  await page.evaluate(() => window.tweetmap.openPopupById('rtl2'));
  await page.waitForFunction(() => window.tweetmap.popupRecordId === 'rtl2' && document.querySelector('.leaflet-popup .tm-popup-where'), null, { timeout: 3000 });
  const order = await page.evaluate(() => {
    const root = [...document.querySelectorAll('.leaflet-popup .tm-popup')].pop();
    // The on-screen x of each character of `needle` in the text node holding it.
    const xs = (scope, needle) => {
      const walk = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
      for (let n = walk.nextNode(); n; n = walk.nextNode()) {
        const at = n.data.indexOf(needle);
        if (at < 0) continue;
        return [...needle].map((_, k) => {
          const r = document.createRange();
          r.setStart(n, at + k);
          r.setEnd(n, at + k + 1);
          return r.getBoundingClientRect().left;
        });
      }
      return null;
    };
    const where = root.querySelector('.tm-popup-where');
    return { cc: xs(where, 'US'), prec: xs(root.querySelector('.tm-prec'), 'place') };
  });
  const ltr = (a) => Array.isArray(a) && a.every((x, k) => k === 0 || x > a[k - 1]);
  check(ltr(order.cc), 'the country after a place holding U+202E still reads "US" (not "SU")', JSON.stringify(order));
  check(ltr(order.prec), 'the precision label after the place reads left to right', JSON.stringify(order));
  await page.evaluate(() => {
    window.tweetmap.map.closePopup();
  });

  // ---- 11. 21 posts on one place: a list, newest first, scrollable, by keyboard ----
  console.log(`# 11. 21 posts on one place: a list, newest first, scrollable, by keyboard (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const stackAt = [48.1372, 11.5756];
  const stack = Array.from({ length: 21 }, (_, k) =>
    post(stackAt[0], stackAt[1], {
      id: `stack${k + 1}`, geo: 'place', place: 'München', cc: 'DE', bbox: [11.36, 48.06, 11.72, 48.25],
      ts: Date.now() - (21 - k) * 1000, name: `Name ${k + 1}`, user: `user${k + 1}`, text: `stacked post ${k + 1} of 21`,
    }));
  const shuffled = [...stack].sort((a, b) => ((Number(a.id.slice(5)) * 7) % 21) - ((Number(b.id.slice(5)) * 7) % 21));
  await server.feed(shuffled);
  // A closed popup fades for 200 ms and takes clicks meanwhile: wait until it is gone.
  await page.waitForFunction(() => !document.querySelector('.leaflet-popup'), null, { timeout: 3000 }).catch(() => {});
  await waitForIds(page, stack.map((r) => r.id));
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await setView(page, stackAt[0], stackAt[1], 7);
    const at = await mapPoint(page, ...stackAt);
    // The click is tested against where the posts were last drawn: wait for a draw of this view.
    await page.waitForFunction((at) => window.tweetmap.points().some((p) => p.id === 'stack1' && Math.abs(p.x - at.x) < 1 && Math.abs(p.y - at.y) < 1), at, { timeout: 3000 }).catch(() => {});
    await page.mouse.click(at.px, at.py);
    await page.waitForSelector('.leaflet-popup', { timeout: 3000 }).catch(() => {});
    await page.waitForFunction(() => !window.tweetmap.map._panAnim || !window.tweetmap.map._panAnim._inProgress, null, { timeout: 3000 });
    const st = await page.evaluate(() => {
      const list = document.querySelector('.leaflet-popup .tm-stack-list');
      const items = list ? [...list.querySelectorAll('button')] : [];
      const pop = document.querySelector('.leaflet-popup');
      const r = pop ? pop.getBoundingClientRect() : null;
      const m = document.getElementById('map').getBoundingClientRect();
      return {
        n: items.length,
        first: items.slice(0, 3).map((b) => b.textContent),
        scrollable: !!list && list.scrollHeight > list.clientHeight && getComputedStyle(list).overflowY === 'auto',
        focused: document.activeElement && document.activeElement === items[0],
        title: document.querySelector('.leaflet-popup .tm-stack-title')?.textContent,
        inside: r && r.left >= m.left - 1 && r.right <= m.right + 1 && r.top >= m.top - 1 && r.bottom <= m.bottom + 1,
        single: document.querySelector('.leaflet-popup .tm-popup-text')?.textContent,
      };
    });
    check(st.n === 21 && /21 posts/.test(st.title || ''), `${w}x${h}: a click on 21 stacked posts lists all 21`, JSON.stringify(st));
    check(st.n > 2 && /post 21 of/.test(st.first[0]) && /post 20 of/.test(st.first[1]) && /post 19 of/.test(st.first[2]), `${w}x${h}: the list is newest first (by ts)`, JSON.stringify(st.first));
    check(st.scrollable, `${w}x${h}: the list scrolls inside the popup`);
    check(st.inside, `${w}x${h}: the list's popup fits inside the map`);
    check(st.focused, `${w}x${h}: the first post of the list has the keyboard focus`);
    await page.screenshot({ path: path.join(artifactsDir, `web-views-stack-${w}.png`) });
    if (st.n > 2) {
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const opened = await page.evaluate(() => ({
        text: document.querySelector('.leaflet-popup .tm-stack-post:not([hidden]) .tm-popup-text')?.textContent,
        back: document.activeElement && document.activeElement.classList.contains('tm-stack-back'),
      }));
      check(opened.text === 'stacked post 20 of 21' && opened.back, `${w}x${h}: Down then Enter opens the second post, focus on the way back`, JSON.stringify(opened));
      await page.keyboard.press('Enter');
      const backAgain = await page.evaluate(() => {
        const items = [...document.querySelectorAll('.leaflet-popup .tm-stack-list button')];
        return { listShown: !document.querySelector('.leaflet-popup .tm-stack-view').hidden, focus: items.indexOf(document.activeElement) };
      });
      check(backAgain.listShown && backAgain.focus === 1, `${w}x${h}: Enter on "All 21 posts" goes back to the list, on the post it came from`, JSON.stringify(backAgain));
      await page.keyboard.press('Escape');
      // A closed popup fades out for 200 ms before it leaves the DOM.
      const closed = await page.waitForFunction(() => !document.querySelector('.leaflet-popup'), null, { timeout: 2000 }).then(() => true, () => false);
      check(closed, `${w}x${h}: Escape closes the list`);
    }
    await page.evaluate(() => {
    window.tweetmap.map.closePopup();
  });
  }

  // ---- 4. the reset notice does not cover the popup ----
  console.log(`# 4. the reset notice does not cover the popup (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  for (const [w, h] of [[1280, 800], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.evaluate(() => {
      document.getElementById('notice').hidden = true;
      window.tweetmap.map.invalidateSize({ animate: false, pan: false });
    });
    await setView(page, -40, -120, 5);
    const top = await page.evaluate(() => {
      const s = window.tweetmap.map.getSize();
      return window.tweetmap.map.containerPointToLatLng([s.x / 2, 70]);
    });
    const id = `top-${w}`;
    await server.feed([post(top.lat, top.lng, { id, text: 'a post near the top of the map' })]);
    await waitForIds(page, [id]);
    await page.evaluate((id) => window.tweetmap.openPopupById(id), id);
    await page.waitForSelector('.leaflet-popup', { timeout: 3000 });
    await page.waitForFunction(() => !window.tweetmap.map._panAnim || !window.tweetmap.map._panAnim._inProgress, null, { timeout: 3000 });
    // A resume from an id this server never gave: it answers with `reset`, the page shows its notice.
    const before = await page.evaluate(() => window.tweetmap.notices.length);
    await page.evaluate(() => {
      window.tweetmap.stream.lastEventId = '1-999999999999';
      window.tweetmap.stream.open(true);
    });
    await page.waitForFunction((n) => window.tweetmap.notices.length > n && !document.getElementById('notice').hidden, before, { timeout: 5000 });
    await page.waitForFunction(() => !window.tweetmap.map._panAnim || !window.tweetmap.map._panAnim._inProgress, null, { timeout: 3000 });
    const geo = await page.evaluate(() => {
      const box = (e) => {
        const r = e.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      return {
        notice: box(document.getElementById('notice')),
        popup: box([...document.querySelectorAll('.leaflet-popup-content-wrapper')].pop()),
        map: box(document.getElementById('map')),
      };
    });
    check(!rectsOverlap(geo.notice, geo.popup), `${w}x${h}: the reset notice does not cover the open popup`, JSON.stringify(geo));
    check(geo.popup.top >= geo.map.top - 1 && geo.popup.bottom <= geo.map.bottom + 1, `${w}x${h}: the popup stays inside the map when the notice appears`, JSON.stringify(geo));
    await page.screenshot({ path: path.join(artifactsDir, `web-views-notice-${w}.png`) });
    await page.evaluate(() => {
    window.tweetmap.map.closePopup();
  });
  }
  await page.setViewportSize({ width: 1280, height: 800 });

  // ---- 6 and 13. posts/s: live posts, not replayed history; on while paused ----
  console.log(`# 6 and 13. posts/s: live posts, not replayed history; on while paused (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  const maxRateWithin = async (ms) => {
    let max = 0;
    const end = Date.now() + ms;
    while (Date.now() < end) {
      max = Math.max(max, await page.evaluate(() => window.tweetmap.counters.rate));
      await sleep(100);
    }
    return max;
  };
  // The live posts of the sections above must have left the 5 s window first, or they would be
  // read as a spike of the replay below.
  await page.waitForFunction(() => window.tweetmap.counters.rate < 10, null, { timeout: 15000 }).catch(() => {});
  // 4,000 posts of the last 200 s (20/s), all in the server's history: a filter change replays them.
  const now0 = Date.now();
  const hist = Array.from({ length: 4000 }, (_, k) => post(10 + (k % 50) * 0.1, 10, { ts: now0 - 200000 + k * 50, text: `#hist ${k}`, tags: ['hist'] }));
  await server.feed(hist);
  await page.fill('#filter', '#hist');
  await page.press('#filter', 'Enter');
  await page.waitForFunction((n) => window.tweetmap.counters.received >= n && window.tweetmap.ui.track === '#hist', 4000, { timeout: 15000 }).catch(() => {});
  const histMax = await maxRateWithin(2500);
  check(histMax < 60, 'a filter change replaying 4,000 posts of the last 200 s (20/s) does not spike posts/s', `max ${histMax}/s (a spike would be ~800/s)`);
  // A resume after a gap: 3,000 posts of the last 100 s arrive at once.
  await page.evaluate(() => {
    window.tweetmap.stream.close();
  });
  const now1 = Date.now();
  const gap = Array.from({ length: 3000 }, (_, k) => post(11, 11 + (k % 50) * 0.1, { ts: now1 - 100000 + k * 33, text: `#hist gap ${k}`, tags: ['hist'] }));
  await server.feed(gap);
  const rec0 = await page.evaluate(() => window.tweetmap.counters.received);
  await page.evaluate(() => window.tweetmap.stream.open(true));
  await page.waitForFunction((n) => window.tweetmap.counters.received >= n, rec0 + 3000, { timeout: 15000 }).catch(() => {});
  const gapMax = await maxRateWithin(2500);
  check(gapMax < 100, 'a resume replaying 3,000 posts of the last 100 s (30/s) does not spike posts/s', `max ${gapMax}/s (a spike would be ~600/s)`);
  // Live at 200/s, then paused, then resumed.
  let feeding = true;
  const feeder = (async () => {
    while (feeding) {
      await server.feed(Array.from({ length: 20 }, (_, k) => post(12, 12 + k * 0.1, { text: '#hist live', tags: ['hist'] })));
      await sleep(100);
    }
  })();
  await page.waitForFunction(() => window.tweetmap.counters.rate > 120, null, { timeout: 8000 }).catch(() => {});
  const live = await page.evaluate(() => window.tweetmap.counters.rate);
  check(live > 120 && live < 280, 'posts/s reads the live rate (200/s fed)', `${live}/s`);
  await page.click('#pause');
  await page.waitForFunction(() => window.tweetmap.ui.paused, null, { timeout: 2000 });
  const pausedT0 = Date.now();
  await page.waitForFunction(() => window.tweetmap.ui.pauseQueue.length >= 1600, null, { timeout: 12000 }).catch(() => {});
  const paused = await page.evaluate(() => ({ rate: window.tweetmap.counters.rate, shown: document.getElementById('c-rate').textContent, queued: window.tweetmap.ui.pauseQueue.length }));
  check(Date.now() - pausedT0 > 7000 && paused.rate > 120 && paused.rate < 280, 'while paused, posts/s still reads the rate posts arrive at (200/s)', JSON.stringify(paused));
  await page.click('#pause');
  const resumedMax = await maxRateWithin(2000);
  check(resumedMax < 300, 'resuming does not count the queued posts again (no spike)', `max ${resumedMax}/s after resuming ${paused.queued} queued posts`);
  feeding = false;
  await feeder;

  // ---- 13. a phone: the tapped place's box goes with its popup ----
  console.log(`# 13. a phone: the tapped place's box goes with its popup (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  phone = await launchBrowser([], { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
  const tpage = phone.context.pages()[0] || (await phone.context.newPage());
  tpage.on('pageerror', (e) => pageErrors.push(`phone: ${e.message}`));
  await tpage.goto(`${base}?lat=-43&lon=-120&z=7&tiles=0`);
  await tpage.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 15000 });
  await server.feed([post(-43, -120, { id: 'tap1', geo: 'place', place: 'Somewhere', bbox: [-120.6, -43.4, -119.4, -42.6], text: 'tap me' })]);
  await waitForIds(tpage, ['tap1']);
  await tpage.evaluate(() => window.tweetmap.drawNow());
  const tp = await mapPoint(tpage, -43, -120);
  const boxShown = () => tpage.evaluate(() => Object.values(window.tweetmap.map._layers).some((l) => l.options && l.options.color === '#ffc400'));
  const popupOpen = () => tpage.evaluate(() => !!document.querySelector('.leaflet-popup'));
  const popupGone = () => tpage.waitForFunction(() => !document.querySelector('.leaflet-popup'), null, { timeout: 3000 }).catch(() => {});
  const state = async () => ({ popup: await popupOpen(), box: await boxShown(), hover: await tpage.evaluate(() => window.tweetmap.hover) });
  // Each tap a pixel or two from the last (a tap where the last left the mouse sends no mousemove).
  // A tap soon after another can be taken by the browser as half of a double tap (no click):
  // then it is tapped once more.
  const tapPlace = async (dx) => {
    for (let k = 0; k < 2 && !(await popupOpen()); k++) {
      // Where the place is now (an opened popup may have panned the map), once drawn there.
      const at = await mapPoint(tpage, -43, -120);
      await tpage.waitForFunction((at) => window.tweetmap.points().some((p) => p.id === 'tap1' && Math.abs(p.x - at.x) < 1 && Math.abs(p.y - at.y) < 1), at, { timeout: 3000 }).catch(() => {});
      await tpage.touchscreen.tap(at.px + dx + k, at.py);
      await tpage.waitForSelector('.leaflet-popup', { timeout: 1500 }).catch(() => {});
    }
    return { popup: await popupOpen(), box: await boxShown() };
  };
  // Closed with Escape (a phone with a keyboard, or a narrow desktop window): no pointer moves.
  const tapped3 = await tapPlace(0);
  await tpage.screenshot({ path: path.join(artifactsDir, 'web-views-phone-tap.png') });
  await tpage.keyboard.press('Escape');
  await popupGone();
  const afterEsc = await state();
  // Closed by a tap on ×.
  const tapped = await tapPlace(2);
  const close = await tpage.evaluate(() => {
    const b = document.querySelector('.leaflet-popup-close-button');
    if (!b) return null;
    const r = b.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  });
  if (close) await tpage.touchscreen.tap(close.x, close.y);
  await popupGone();
  const afterX = await state();
  // Closed by a tap on an empty part of the map.
  const tapped2 = await tapPlace(-2);
  await tpage.touchscreen.tap(tp.px, tp.py + 250);
  await popupGone();
  const afterMap = await state();
  console.log(`# phone tap: ${JSON.stringify({ tapped3, afterEsc, tapped, afterX, tapped2, afterMap })}`);
  check(tapped3.popup && tapped3.box && !afterEsc.popup, 'phone: a tap opens the place post with its box, Escape closes it (setup)', JSON.stringify({ tapped3, afterEsc }));
  check(!afterEsc.box && afterEsc.hover === null, "phone: the tapped place's box is not left outlined after Escape closes its popup", JSON.stringify(afterEsc));
  check(tapped.popup && !afterX.popup && tapped2.popup && !afterMap.popup, 'phone: a tap opens the place post, a tap on × or on the map closes it (setup)', JSON.stringify({ tapped, afterX, tapped2, afterMap }));
  check(!afterX.box && afterX.hover === null, "phone: the tapped place's box is not left outlined after × closes its popup", JSON.stringify(afterX));
  check(!afterMap.box && afterMap.hover === null, "phone: the tapped place's box is not left outlined after a tap on the map closes its popup", JSON.stringify(afterMap));
  await tpage.screenshot({ path: path.join(artifactsDir, 'web-views-phone-closed.png') });

  check(pageErrors.length === 0, 'no uncaught errors on the page', pageErrors.join(' | '));
} catch (e) {
  check(false, 'the test ran to the end', e.stack || String(e));
} finally {
  clearTimeout(checks.watchdog);
  await browser.close();
  if (phone) await phone.close();
  await server.stop();
}
checks.finish();
