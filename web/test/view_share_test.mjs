// The language filter, "no reposts", the copy-link button and Back/Forward, in Debian's chromium
// (playwright-core) against sse-serve:
// - the language select offers common languages and those seen in the stream; a choice is sent
//   to the server (lang=) and only posts in that language arrive; "no reposts" sends reposts=0
//   and reposts stop arriving; both are kept in the URL across a reload;
// - "Share" puts the view's URL on the clipboard (navigator.clipboard), or through the copy
//   command where there is no clipboard API, and says "Link copied"; where nothing can copy, the
//   link is shown selected;
// - a filter, a trend picked and a language change are history entries, panning is not; Back and
//   Forward bring back each entry's view, filter and language, and the subscription follows.
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, runBrowserTest } from './harness.mjs';

fs.mkdirSync(artifactsDir, { recursive: true });
let nextId = 7000000;

const post = (lang, rt, text, lat = 48, lon = 2) => ({ id: String(nextId++), ts: Date.now(), lat, lon, geo: 'point', user: 'u', name: 'U', text, lang, tags: [], rt, src: 'x' });

// The records of the posts the page holds (as they came from the server).
const records = (page) => page.evaluate(() => {
  const s = window.tweetmap.store;
  const out = [];
  for (let k = 0; k < s.size; k++) {
    const r = s.record(s.slot(k));
    if (r) out.push(r);
  }
  return out;
});

await runBrowserTest(120000, async (t) => {
  const { check, browser } = t;
  let server = await t.startServer();
  const { port } = server;
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
  let page = await t.openPage('?lat=48&lon=2&z=5');

  // ---- the language select and the repost toggle ----
  const seenBatch = [post('en', false, 'hello'), post('ja', false, 'こんにちは'), post('sv', false, 'hej'), post('eu', false, 'kaixo'), post('sv-FI', false, 'hej igen')];
  await server.feed(seenBatch);
  await page.waitForFunction(() => window.tweetmap.counters.received >= 5, null, { timeout: 5000 });
  await page.waitForFunction(() => document.querySelector('#lang optgroup[label="Seen in the stream"] option[value="sv"]'), null, { timeout: 5000 }).catch(() => {});
  const options = await page.evaluate(() => [...document.querySelectorAll('#lang optgroup')].map((g) => ({ label: g.label, values: [...g.querySelectorAll('option')].map((o) => o.value) })));
  const common = options.find((g) => g.label === 'Common') || { values: [] };
  const seen = options.find((g) => g.label === 'Seen in the stream') || { values: [] };
  check(['en', 'es', 'ja', 'pt', 'ar'].every((l) => common.values.includes(l)), 'the language select offers the common languages', JSON.stringify(common.values));
  check(seen.values.join(',') === 'sv,eu', 'and the languages seen in the stream that are not among them, most posts first', JSON.stringify(seen.values));
  const langLabel = await page.locator('#lang').ariaSnapshot();
  check(/combobox "Language"/.test(langLabel), 'the select is named "Language"', langLabel);

  await page.selectOption('#lang', 'ja');
  await page.waitForFunction(() => /[?&]lang=ja(&|$)/.test(window.tweetmap.stream.url) && window.tweetmap.connection === 'live', null, { timeout: 5000 });
  await server.feed([post('en', false, 'english one'), post('ja', false, '日本語の投稿'), post('ja-JP', false, '日本語 2')]);
  await page.waitForFunction(() => window.tweetmap.points().length >= 3, null, { timeout: 5000 }).catch(() => {});
  let got = (await records(page)).map((r) => r.lang);
  check(got.length === 3 && got.every((l) => l === 'ja' || l === 'ja-JP'), 'with Japanese chosen, the server sends only Japanese posts (lang=ja)', JSON.stringify(got));
  check(/[?&]lang=ja(&|$)/.test(page.url()), 'the language is in the page URL', page.url());

  await page.check('#no-reposts');
  await page.waitForFunction(() => /[?&]reposts=0(&|$)/.test(window.tweetmap.stream.url) && window.tweetmap.connection === 'live', null, { timeout: 5000 });
  await server.feed([post('ja', true, 'RT 再投稿'), post('ja', false, 'オリジナル')]);
  await page.waitForFunction(() => {
    const s = window.tweetmap.store;
    for (let k = 0; k < s.size; k++) if ((s.record(s.slot(k)) || {}).text === 'オリジナル') return true;
    return false;
  }, null, { timeout: 5000 }).catch(() => {});
  got = await records(page);
  check(got.length === 4 && got.some((r) => r.text === 'オリジナル') && !got.some((r) => r.rt === true), '"no reposts" sends reposts=0 and reposts stop arriving', JSON.stringify(got.map((r) => [r.text, r.rt])));
  check(/[?&]reposts=0(&|$)/.test(page.url()), 'the toggle is in the page URL', page.url());

  await page.reload();
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 15000 });
  const after = await page.evaluate(() => ({ lang: document.querySelector('#lang').value, rt: document.querySelector('#no-reposts').checked, url: window.tweetmap.stream.url }));
  check(after.lang === 'ja' && after.rt && /lang=ja/.test(after.url) && /reposts=0/.test(after.url), 'a reload keeps the language and the toggle, and subscribes with them', JSON.stringify(after));
  await page.screenshot({ path: path.join(artifactsDir, 'web-lang-filter-1280.png') });

  // ---- copy link ----
  await page.click('#share');
  await page.waitForFunction(() => document.querySelector('#share-status').textContent === 'Link copied', null, { timeout: 3000 }).catch(() => {});
  const copied = await page.evaluate(async () => ({
    status: document.querySelector('#share-status').textContent,
    shown: getComputedStyle(document.querySelector('#share-status')).opacity,
    role: document.querySelector('#share-status').getAttribute('role'),
    clip: await navigator.clipboard.readText(),
    href: window.location.href,
    how: window.tweetmap.share.last && window.tweetmap.share.last.how,
  }));
  check(copied.how === 'clipboard' && copied.clip === copied.href && /lang=ja/.test(copied.clip) && /lat=/.test(copied.clip),
    '"Share" puts the view\'s URL (view, filters) on the clipboard', JSON.stringify(copied));
  check(copied.status === 'Link copied' && copied.role === 'status', 'and says "Link copied" (a status, read out)', JSON.stringify(copied));
  await page.waitForTimeout(300); // the fade-in transition (0.2 s) before the screenshot
  check(Number(await page.evaluate(() => getComputedStyle(document.querySelector('#share-status')).opacity)) === 1, 'the confirmation is visible');
  await page.screenshot({ path: path.join(artifactsDir, 'web-link-copied-1280.png') });
  await page.close();

  // Without the clipboard API (e.g. an insecure origin): the copy command.
  await browser.context.addInitScript(() => {
    if (location.search.includes('noclip')) {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
      document.addEventListener('copy', (e) => {
        window.__copied = e.target && e.target.value !== undefined ? e.target.value : String(document.getSelection());
      });
    }
    if (location.search.includes('nocopy')) {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined });
      document.execCommand = () => false;
    }
  });
  page = await t.openPage('?lat=10&lon=20&z=4&noclip=1');
  const barWidth = await page.evaluate(() => document.querySelector('.tm-bar').getBoundingClientRect().height + document.querySelector('.tm-actions').getBoundingClientRect().width);
  await page.click('#share');
  await page.waitForFunction(() => document.querySelector('#share-status').textContent === 'Link copied', null, { timeout: 3000 }).catch(() => {});
  const fallback = await page.evaluate(() => ({ how: window.tweetmap.share.last && window.tweetmap.share.last.how, copied: window.__copied, href: window.location.href, status: document.querySelector('#share-status').textContent }));
  check(fallback.how === 'command' && fallback.copied === fallback.href && fallback.status === 'Link copied', 'without navigator.clipboard the link is copied with the copy command, and said so', JSON.stringify(fallback));
  check(Math.abs(barWidth - (await page.evaluate(() => document.querySelector('.tm-bar').getBoundingClientRect().height + document.querySelector('.tm-actions').getBoundingClientRect().width))) < 1,
    'the confirmation does not change the toolbar\'s size');
  await page.close();
  page = await t.openPage('?lat=10&lon=20&z=4&nocopy=1');
  await page.click('#share');
  const manual = await page.evaluate(() => {
    const i = document.querySelector('#share-url');
    return { hidden: i.hidden, value: i.value, focused: document.activeElement === i, selected: i.selectionStart === 0 && i.selectionEnd === i.value.length, href: window.location.href };
  });
  check(!manual.hidden && manual.value === manual.href && manual.focused && manual.selected, 'where nothing can copy, the link is shown selected for copying by hand', JSON.stringify(manual));
  await page.close();

  // ---- Back / Forward through views ----
  page = await t.openPage('?lat=20&lon=0&z=3');
  await server.feed({ type: 'trends', ts: Date.now(), interval: 10, window: 300, warming: false, records: 100, scopes: [{ scope: 'global', trends: [{ term: '#quake', count: 40, expected: 1, score: 12, cells: [{ cell: 'xn7', count: 40, center: [139.7, 35.7] }] }] }] });
  await page.waitForFunction(() => window.tweetmap.trends.updates >= 1, null, { timeout: 5000 });
  const state = () => page.evaluate(() => {
    const c = window.tweetmap.map.getCenter();
    return { len: history.length, track: window.tweetmap.ui.track, box: document.querySelector('#filter').value, lang: document.querySelector('#lang').value, lat: c.lat, lon: c.lng, z: window.tweetmap.map.getZoom(), url: window.tweetmap.stream.url, search: location.search };
  });
  const s0 = await state();
  await page.fill('#filter', '#rain');
  await page.press('#filter', 'Enter');
  await page.waitForFunction(() => window.tweetmap.ui.track === '#rain', null, { timeout: 3000 });
  const s1 = await state();
  check(s1.len === s0.len + 1 && /track=%23rain/.test(s1.search), 'a new filter is a new history entry', `${s0.len} -> ${s1.len} ${s1.search}`);
  await page.evaluate(() => window.tweetmap.map.panBy([200, 100], { animate: false }));
  await page.waitForFunction((lon) => !new URLSearchParams(location.search).get('lon').startsWith(lon), s1.search.match(/lon=([-\d.]+)/)[1], { timeout: 3000 }).catch(() => {});
  const s1b = await state();
  check(s1b.len === s1.len && s1b.search !== s1.search, 'panning rewrites the current entry (replaceState), it adds none', `${s1.len} -> ${s1b.len}`);
  await page.selectOption('#lang', 'es');
  await page.waitForFunction(() => /lang=es/.test(window.tweetmap.stream.url), null, { timeout: 3000 });
  const s2 = await state();
  check(s2.len === s1b.len + 1 && /lang=es/.test(s2.search), 'a language change is a new entry', `${s2.len} ${s2.search}`);
  await page.getByRole('button', { name: /^#quake/ }).first().click();
  await page.waitForFunction(() => Math.abs(window.tweetmap.map.getCenter().lat - 35.7) < 0.2 && /lat=35\.[67]/.test(location.search), null, { timeout: 8000 }).catch(() => {});
  const s3 = await state();
  check(s3.len === s2.len + 1 && s3.track === '#quake' && /lat=35\.[67]/.test(s3.search), 'a trend picked (filter and fly-to) is one new entry, holding where the fly ended', JSON.stringify({ len: s3.len, search: s3.search }));

  const back = async (want, what) => {
    await page.evaluate(() => history.back());
    await page.waitForFunction((w) => window.tweetmap.ui.track === w.track && document.querySelector('#lang').value === w.lang && Math.abs(window.tweetmap.map.getCenter().lat - w.lat) < 0.01, want, { timeout: 5000 }).catch(() => {});
    const s = await state();
    const okView = Math.abs(s.lat - want.lat) < 0.01 && Math.abs(s.lon - want.lon) < 0.01 && s.z === want.z;
    const okSub = s.url.includes(want.track ? `track=${encodeURIComponent(want.track)}` : '') && (!want.track ? !/track=/.test(s.url) : true) && (want.lang ? s.url.includes(`lang=${want.lang}`) : !/lang=/.test(s.url));
    check(okView && s.track === want.track && s.box === want.track && s.lang === want.lang && okSub, what, JSON.stringify({ want, got: s }));
    return s;
  };
  await back(s2, 'Back: the language entry again (view, filter, language; the subscription follows)');
  await back(s1b, 'Back: the filter entry, at the view it was panned to, without the language');
  await back(s0, 'Back: the first view, no filter');
  await page.evaluate(() => history.forward());
  await page.waitForFunction(() => window.tweetmap.ui.track === '#rain', null, { timeout: 5000 }).catch(() => {});
  const f1 = await state();
  check(f1.track === '#rain' && Math.abs(f1.lat - s1b.lat) < 0.01 && /track=%23rain/.test(f1.url), 'Forward: the filter entry again', JSON.stringify(f1));
  check((await state()).len === s3.len, 'going back and forth adds no entries');
  await page.close();
});
