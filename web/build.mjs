// Builds the self-contained page into dist/: index.html, app.js, app.css and the assets they
// use. Nothing is fetched from a CDN at run time; the only remote requests the page makes are
// OpenStreetMap tiles (and it works without them).
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const out = path.join(here, 'dist');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: [
    { in: 'src/main.js', out: 'app' },
    { in: 'src/style.css', out: 'app' },
  ],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['es2020'],
  outdir: out,
  assetNames: 'assets/[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
});
fs.copyFileSync(path.join(here, 'src/index.html'), path.join(out, 'index.html'));

const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
// The CSP sse-serve sends forbids inline scripts and styles: keep the page free of them.
if (/<script(?![^>]*\bsrc=)[^>]*>/i.test(html) || /\sstyle=/i.test(html) || /<style/i.test(html)) {
  console.error('build: index.html has an inline script or style');
  process.exit(1);
}
const bytes = Object.entries(result.metafile.outputs)
  .map(([f, o]) => `${path.relative(here, f)} ${(o.bytes / 1024).toFixed(0)} KiB`)
  .join(', ');
console.log(`build: dist/ written (${bytes})`);
