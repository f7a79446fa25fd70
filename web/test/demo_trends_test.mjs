// The first minute of scripts/demo, in Debian's chromium (playwright-core): the demo
// (tweet-stream synth --backfill | tweet-trends | sse-serve) prints its URL, and within 45 s of
// that line the page shows trends, global and under a regional heading, with their counts.
// The times from the URL line to the first global trend and the first regional heading are
// printed (they are measured, not asserted beyond the 45 s the page exists for).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { artifactsDir, binDir, freePort, launchBrowser, makeChecks, root } from './harness.mjs';

const kWithinMs = 45000;
const kDeadlineMs = 100000;
const checks = makeChecks(kDeadlineMs);
const { check } = checks;

fs.mkdirSync(artifactsDir, { recursive: true });
const port = await freePort();
// The user's browser is open before the demo prints its URL.
const browser = await launchBrowser();
const pageErrors = [];
let demo = null;
let demoLog = '';

try {
  demo = spawn(path.join(root, 'scripts/demo'), ['--no-setup', '--port', String(port), '--rate', '500', '--seed', '3'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, stopped as a whole at the end
    env: { ...process.env, TWEETMAP_BIN: binDir },
  });
  demo.stderr.on('data', (d) => {
    demoLog += d.toString();
  });
  const urlLine = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`no URL from scripts/demo within 30 s:\n${out}\n${demoLog}`)), 30000);
    demo.stdout.on('data', (d) => {
      out += d.toString();
      const m = out.match(/open (http:\/\/\S+)/);
      if (m) {
        clearTimeout(t);
        resolve({ url: m[1], at: Date.now() });
      }
    });
    demo.once('exit', (code) => reject(new Error(`scripts/demo exited with ${code}:\n${out}\n${demoLog}`)));
  });
  console.log(`# scripts/demo printed ${urlLine.url}`);

  const page = browser.context.pages()[0] || (await browser.context.newPage());
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.route(/tile\.openstreetmap\.org/, (r) => r.abort('internetdisconnected'));
  await page.goto(urlLine.url);
  const left = () => Math.max(1, kWithinMs - (Date.now() - urlLine.at));

  await page.waitForFunction(() => document.querySelectorAll('[data-list="global"] .tm-trend').length > 0, null, { timeout: left() }).catch(() => {});
  const globalAt = Date.now() - urlLine.at;
  const global = await page.evaluate(() => [...document.querySelectorAll('[data-list="global"] .tm-trend')].map((b) => b.getAttribute('aria-label')));
  check(global.length > 0 && globalAt <= kWithinMs, `global trends within 45 s of the URL (${(globalAt / 1000).toFixed(1)} s)`,
    `${global.length} trends; panel: ${await page.evaluate(() => document.querySelector('[data-list="global"]').textContent)}`);
  check(global.length > 0 && global.every((l) => / posts? in the last 5 min/.test(l)), 'each global trend reads with its posts in the window', JSON.stringify(global.slice(0, 3)));

  await page.waitForFunction(() => document.querySelectorAll('[data-list="regions"] .tm-region h3').length > 0, null, { timeout: left() }).catch(() => {});
  const regionAt = Date.now() - urlLine.at;
  const regions = await page.evaluate(() => [...document.querySelectorAll('[data-list="regions"] .tm-region')].map((s) => ({
    heading: s.querySelector('h3').textContent,
    terms: [...s.querySelectorAll('.tm-trend-term')].map((t) => t.textContent),
  })));
  check(regions.length > 0 && regions[0].terms.length > 0 && regionAt <= kWithinMs,
    `regional trends under a heading within 45 s of the URL (${(regionAt / 1000).toFixed(1)} s)`, JSON.stringify(regions.slice(0, 3)));
  console.log(`# measured: first global trend ${(globalAt / 1000).toFixed(1)} s, first regional heading ${(regionAt / 1000).toFixed(1)} s after the URL line`);
  await page.click('#tab-regions');
  await page.screenshot({ path: path.join(artifactsDir, 'web-demo-first-minute-1280.png') });
  check(pageErrors.length === 0, 'no uncaught errors on the page', pageErrors.join(' | '));
} catch (e) {
  check(false, 'the test ran to the end', e.stack || String(e));
} finally {
  clearTimeout(checks.watchdog);
  await browser.close();
  if (demo && demo.exitCode === null) {
    const gone = new Promise((r) => demo.once('exit', r));
    process.kill(-demo.pid, 'SIGTERM');
    const t = setTimeout(() => process.kill(-demo.pid, 'SIGKILL'), 10000);
    await gone;
    clearTimeout(t);
  }
}
checks.finish();
