// The popup for one post, built from DOM nodes: every field from the record is inserted with
// textContent, never as HTML.

const kPrecision = {
  point: 'exact point',
  place: 'place centre',
  profile: 'from the profile location',
  none: 'no location',
};

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

/** At most n characters of s (by code point), with an ellipsis when cut. */
function clip(s, n) {
  const cps = Array.from(String(s));
  return cps.length > n ? `${cps.slice(0, n).join('')}…` : String(s);
}

/** A string from the post (name, handle, place, text, tag): isolated so that its direction
 * marks and overrides (U+202E and friends) cannot reorder what surrounds it. */
function user(tag, cls, text) {
  const e = el(tag, cls, text);
  e.dir = 'auto';
  return e;
}

function relative(ms) {
  const s = Math.round((Date.now() - ms) / 1000);
  if (!Number.isFinite(s)) return '';
  if (s < 0) return 'in the future';
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}

export function popupContent(rec) {
  const root = el('article', 'tm-popup');
  const head = el('header', 'tm-popup-head');
  // Names, handles and places are cut to a line or two (the full text is the tooltip).
  if (rec.name) {
    const n = user('strong', 'tm-popup-name', clip(rec.name, 60));
    n.title = String(rec.name);
    head.appendChild(n);
  }
  if (rec.user) {
    const u = el('span', 'tm-popup-user', '@');
    u.appendChild(user('bdi', null, clip(rec.user, 40)));
    head.appendChild(u);
  }
  root.appendChild(head);
  const meta = el('p', 'tm-popup-meta');
  // A time outside what Date can hold (e.g. ts -1e18) is left out rather than thrown on.
  if (Number.isFinite(rec.ts) && Number.isFinite(new Date(rec.ts).getTime())) {
    const t = el('time', null, `${new Date(rec.ts).toLocaleString()} (${relative(rec.ts)})`);
    t.dateTime = new Date(rec.ts).toISOString();
    meta.appendChild(t);
  }
  root.appendChild(meta);
  const where = el('p', 'tm-popup-place');
  const placeText = [rec.place, rec.cc].filter(Boolean).join(', ');
  if (placeText) where.appendChild(user('bdi', 'tm-popup-where', clip(placeText, 80)));
  const prec = el('span', `tm-prec tm-prec-${kPrecision[rec.geo] ? rec.geo : 'none'}`, kPrecision[rec.geo] || 'unknown');
  where.appendChild(prec);
  root.appendChild(where);
  root.appendChild(user('p', 'tm-popup-text', rec.text ?? ''));
  if (Array.isArray(rec.tags) && rec.tags.length) {
    const tags = el('p', 'tm-popup-tags');
    for (const t of rec.tags.slice(0, 12)) {
      const tag = el('span', 'tm-tag', '#');
      tag.appendChild(user('bdi', null, t));
      tags.appendChild(tag);
    }
    root.appendChild(tags);
  }
  // A link to the post where the id is a real post id from X.
  if ((rec.src === 'x' || rec.src === 'replay') && /^[0-9]{1,25}$/.test(String(rec.id))) {
    const a = el('a', 'tm-popup-link', 'Open post');
    a.href = `https://x.com/i/status/${rec.id}`;
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    root.appendChild(a);
  }
  return root;
}
