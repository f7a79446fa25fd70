// A small stand-in for sse-serve (Node standard library only) that speaks the same protocol, for
// developing the page and for running the browser tests where sse-serve is not built:
//   node fake_sse_server.mjs --listen 127.0.0.1:8080 --web ../dist [--history 10000] < records.jsonl
// Each stdin line becomes an event (`event:` = its "type" or "tweet", `id: <epoch>-<seq>`), with
// resume by Last-Event-ID (header or last_event_id=), `reset` when the id is unknown, and the
// per-client filters track=, bbox=, geo=, lang=, reposts=0, types=, since= (no GET /trends: the
// page then works "In this view" out itself). Static files from --web, with the CSP
// sse-serve sends.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';

const args = process.argv.slice(2);
function opt(name, dflt) {
  const k = args.indexOf(name);
  return k >= 0 ? args[k + 1] : dflt;
}
const [host, port] = opt('--listen', '127.0.0.1:8080').split(':');
const webDir = path.resolve(opt('--web', '.'));
const historyMax = Number(opt('--history', '10000'));
const epoch = String(Math.floor(Date.now() / 1000));
const kCsp =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https://*.tile.openstreetmap.org; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const kTypes = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.map': 'application/json', '.txt': 'text/plain' };

let seq = 0;
const history = []; // {seq, at, type, line, rec}
const clients = new Set();

function trackMatcher(track) {
  if (!track) return () => true;
  const alts = track.split(',').map((a) => a.trim().toLowerCase().split(/\s+/).filter(Boolean)).filter((a) => a.length);
  return (rec) => {
    const text = String(rec.text || '').toLowerCase();
    const tags = (rec.tags || []).map((t) => `#${t}`);
    return alts.some((words) =>
      words.every((w) => (w.startsWith('#') ? tags.includes(w) : text.includes(w) || tags.includes(`#${w}`))),
    );
  };
}

function makeFilter(q) {
  const track = trackMatcher(q.get('track'));
  const types = q.get('types') ? q.get('types').split(',') : null;
  const geo = q.get('geo') ? q.get('geo').split(',') : null;
  const bbox = q.get('bbox') ? q.get('bbox').split(',').map(Number) : null;
  const langs = q.get('lang') ? q.get('lang').toLowerCase().split(',') : null;
  const noReposts = q.get('reposts') === '0';
  return (ev) => {
    if (types && !types.includes(ev.type)) return false;
    if (ev.type !== 'tweet') return true;
    const r = ev.rec;
    if (geo && !geo.includes(r.geo)) return false;
    if (noReposts && r.rt === true) return false;
    const lang = String(r.lang || '').toLowerCase();
    if (langs && !langs.some((l) => lang === l || lang.startsWith(`${l}-`))) return false;
    if (bbox && !(r.lon >= bbox[0] && r.lat >= bbox[1] && r.lon <= bbox[2] && r.lat <= bbox[3])) return false;
    return track(r);
  };
}

function send(res, ev) {
  res.write(`event: ${ev.type}\nid: ${epoch}-${ev.seq}\ndata: ${ev.line}\n\n`);
}

function events(req, res, url) {
  const q = url.searchParams;
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  res.write('retry: 1000\n\n');
  const c = { res, filter: makeFilter(q) };
  const last = req.headers['last-event-id'] || q.get('last_event_id');
  if (last) {
    const [e, s] = String(last).split('-');
    const n = Number(s);
    const oldest = history.length ? history[0].seq : seq + 1;
    if (e !== epoch || !(n >= oldest - 1) || n > seq) {
      res.write(`event: reset\ndata: {"reason":"unknown id"}\n\n`);
    } else {
      for (const ev of history) if (ev.seq > n && c.filter(ev)) send(res, ev);
    }
  } else if (q.get('since')) {
    const cutoff = Date.now() - Number(q.get('since')) * 1000;
    for (const ev of history) if (ev.at >= cutoff && c.filter(ev)) send(res, ev);
  }
  clients.add(c);
  req.on('close', () => clients.delete(c));
}

function staticFile(req, res, url) {
  let p = decodeURIComponent(url.pathname);
  if (p.endsWith('/')) p += 'index.html';
  const file = path.resolve(webDir, `.${p}`);
  if (!file.startsWith(webDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found\n');
    return;
  }
  res.writeHead(200, {
    'Content-Type': kTypes[path.extname(file)] || 'application/octet-stream',
    'Content-Security-Policy': kCsp,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  });
  fs.createReadStream(file).pipe(res);
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/events') return events(req, res, url);
  if (url.pathname === '/healthz') return res.end('ok\n');
  return staticFile(req, res, url);
});
server.listen(Number(port), host, () => process.stderr.write(`fake-sse: listening on http://${host}:${port}/\n`));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (!line.trim()) return;
  let rec;
  try {
    rec = JSON.parse(line);
  } catch {
    return;
  }
  const ev = { seq: ++seq, at: Date.now(), type: rec.type || 'tweet', line, rec };
  history.push(ev);
  if (history.length > historyMax) history.shift();
  for (const c of clients) if (c.filter(ev)) send(c.res, ev);
});
const stop = () => {
  for (const c of clients) c.res.destroy();
  server.close(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
