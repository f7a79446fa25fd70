// Shared pieces of the browser tests and the benchmark: starting sse-serve (or the stand-in)
// fed through its stdin, and launching Debian's chromium through playwright-core.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { chromium } from 'playwright-core';

const here = path.dirname(new URL(import.meta.url).pathname);
export const root = process.env.TWEETMAP_ROOT || path.resolve(here, '../..');
export const binDir = process.env.TWEETMAP_BIN || path.join(root, 'build/bin');
// TWEETMAP_WEB_DIST: another build of the page (e.g. an older one, to see a test fail first).
export const distDir = process.env.TWEETMAP_WEB_DIST || path.join(root, 'web/dist');
export const artifactsDir = process.env.TWEETMAP_ARTIFACTS || path.join(root, 'build/artifacts');
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** sse-serve (or, when it is not built, the stand-in) on 127.0.0.1:port, fed by feed(). */
export class Server {
  constructor(port, extraArgs = []) {
    this.port = port;
    this.extraArgs = extraArgs;
    const real = path.join(binDir, 'sse-serve');
    this.real = fs.existsSync(real) && !process.env.TWEETMAP_FAKE_SSE;
    this.cmd = this.real
      ? [real, '--listen', `127.0.0.1:${port}`, '--web', distDir, ...extraArgs]
      : [process.execPath, path.join(here, 'fake_sse_server.mjs'), '--listen', `127.0.0.1:${port}`, '--web', distDir, ...extraArgs];
    this.log = '';
    this.proc = null;
  }

  get name() {
    return this.real ? 'sse-serve' : 'stand-in server (sse-serve not built)';
  }

  async start(timeoutMs = 10000) {
    this.proc = spawn(this.cmd[0], this.cmd.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
    this.proc.stderr.on('data', (d) => {
      this.log += d.toString();
      if (this.log.length > 20000) this.log = this.log.slice(-10000);
    });
    this.proc.stdin.on('error', () => {});
    const exited = new Promise((r) => this.proc.once('exit', (code) => r(code)));
    this.exited = exited;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.proc.exitCode !== null) throw new Error(`${this.cmd.join(' ')} exited with ${this.proc.exitCode}:\n${this.log}`);
      try {
        const r = await fetch(`http://127.0.0.1:${this.port}/healthz`);
        if (r.ok) return;
      } catch {
        /* not up yet */
      }
      await sleep(50);
    }
    throw new Error(`server did not answer /healthz within ${timeoutMs} ms:\n${this.log}`);
  }

  feed(lines) {
    const text = (Array.isArray(lines) ? lines : [lines]).map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
    return new Promise((resolve) => {
      if (this.proc.stdin.write(`${text}\n`)) resolve();
      else this.proc.stdin.once('drain', resolve);
    });
  }

  /** Whether the server applies track= (a direct probe of /events, outside the browser). */
  async filtersTrack() {
    const ac = new AbortController();
    const res = await fetch(`http://127.0.0.1:${this.port}/events?track=%23probeyes`, { signal: ac.signal });
    const reader = res.body.getReader();
    const no = { id: '9000000001', ts: Date.now(), lat: 0, lon: 0, geo: 'point', text: '#probeno', tags: ['probeno'], rt: false, src: 'synth' };
    const yes = { ...no, id: '9000000002', text: '#probeyes', tags: ['probeyes'] };
    await sleep(200);
    await this.feed([no, yes]);
    let text = '';
    const deadline = Date.now() + 5000;
    while (!text.includes('probeyes') && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString();
    }
    ac.abort();
    return text.includes('probeyes') && !text.includes('probeno');
  }

  async stop() {
    if (!this.proc || this.proc.exitCode !== null) return;
    this.proc.kill('SIGTERM');
    const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(t);
  }
}

/** Chromium with a fresh profile; `contextOptions` go to Playwright (e.g. {hasTouch, isMobile}). */
export async function launchBrowser(extraArgs = [], contextOptions = {}) {
  const userDataDir = fs.mkdtempSync('/tmp/tweetmap-chromium-');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--enable-precise-memory-info',
      ...extraArgs,
    ],
    viewport: { width: 1280, height: 800 },
    ...contextOptions,
  });
  const close = async () => {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** Synthetic posts around a few cities (deterministic for a seed). */
export function synthPosts(n, seed = 1, startId = 5000000) {
  const cities = [
    [52.52, 13.4, 'Berlin', 'DE'], [40.71, -74.0, 'New York', 'US'], [35.68, 139.69, 'Tokyo', 'JP'],
    [-23.55, -46.63, 'São Paulo', 'BR'], [51.5, -0.12, 'London', 'GB'], [28.61, 77.2, 'Delhi', 'IN'],
    [-33.87, 151.2, 'Sydney', 'AU'], [6.52, 3.37, 'Lagos', 'NG'], [19.43, -99.13, 'Mexico City', 'MX'],
    [55.75, 37.62, 'Moscow', 'RU'], [-1.29, 36.82, 'Nairobi', 'KE'], [1.35, 103.82, 'Singapore', 'SG'],
  ];
  const tags = ['rain', 'music', 'football', 'news', 'love', 'earthquake', 'election', 'food'];
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
  const gauss = () => Math.sqrt(-2 * Math.log(rnd() + 1e-12)) * Math.cos(2 * Math.PI * rnd());
  const out = [];
  const now = Date.now();
  for (let k = 0; k < n; k++) {
    const [la, lo, place, cc] = cities[Math.floor(rnd() * cities.length)];
    const r = rnd();
    const geo = r < 0.5 ? 'point' : r < 0.8 ? 'place' : 'profile';
    const lat = Math.round((la + gauss() * 1.5) * 1e5) / 1e5;
    const lon = Math.round((lo + gauss() * 2) * 1e5) / 1e5;
    const t = rnd() < 0.6 ? [tags[Math.floor(rnd() * rnd() * tags.length)]] : [];
    const rec = { id: String(startId + k), ts: now, lat, lon, geo };
    if (geo === 'place') Object.assign(rec, { bbox: [lon - 0.3, lat - 0.2, lon + 0.3, lat + 0.2], place, cc });
    Object.assign(rec, { user: `user${k}`, name: `User ${k}`, text: `post ${k} ${t.map((x) => `#${x}`).join(' ')}`, lang: 'en', tags: t, rt: false, src: 'synth' });
    out.push(JSON.stringify(rec));
  }
  return out;
}

/**
 * The checks of one browser test: check(ok, what, detail) prints one "ok"/"FAIL" line and counts
 * it; finish() prints "N passed, N failed" and exits 1 on any failure. A watchdog fails the whole
 * test after deadlineMs.
 */
export function makeChecks(deadlineMs) {
  const c = { passes: 0, failures: 0 };
  c.check = (ok, what, detail = '') => {
    if (ok) {
      c.passes++;
      console.log(`ok   ${what}`);
    } else {
      c.failures++;
      console.log(`FAIL ${what}${detail ? `: ${detail}` : ''}`);
    }
  };
  c.watchdog = setTimeout(() => {
    console.log(`FAIL the whole test took longer than ${deadlineMs / 1000} s`);
    process.exit(1);
  }, deadlineMs);
  c.finish = () => {
    console.log(`${c.passes} passed, ${c.failures} failed`);
    process.exit(c.failures ? 1 : 0);
  };
  return c;
}

/**
 * A new page of `browser` at `query` on 127.0.0.1:port, once its stream is live. OSM tiles are
 * refused (the offline outline is drawn); uncaught page errors are pushed to `errors`.
 */
export async function openLivePage(browser, port, query, errors) {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));
  await page.goto(`http://127.0.0.1:${port}/${query}`);
  await page.waitForFunction(() => window.tweetmap && window.tweetmap.connection === 'live', null, { timeout: 15000 });
  return page;
}

/**
 * Runs one browser test: `body(t)` gets t = {check, browser, pageErrors, server,
 * startServer(), openPage(query)} (the server started last is stopped at the end). Any uncaught page error or exception fails
 * it; the browser and the server are closed, then the verdict is printed (makeChecks).
 */
export async function runBrowserTest(deadlineMs, body) {
  const checks = makeChecks(deadlineMs);
  const t = { check: checks.check, browser: await launchBrowser(), pageErrors: [], server: null };
  /** Starts a server on a free port (stopping the last one), says which, and opens pages on it. */
  t.startServer = async () => {
    if (t.server) await t.server.stop();
    t.server = new Server(await freePort());
    await t.server.start();
    console.log(`# against ${t.server.name} on port ${t.server.port}`);
    return t.server;
  };
  t.openPage = (query) => openLivePage(t.browser, t.server.port, query, t.pageErrors);
  try {
    await body(t);
    t.check(t.pageErrors.length === 0, 'no uncaught errors on the page', t.pageErrors.join(' | '));
  } catch (e) {
    t.check(false, 'the test ran to the end', e.stack || String(e));
  } finally {
    clearTimeout(checks.watchdog);
    await t.browser.close();
    if (t.server) await t.server.stop();
  }
  checks.finish();
}
