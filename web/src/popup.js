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
  if (rec.name) head.appendChild(el('strong', 'tm-popup-name', rec.name));
  if (rec.user) head.appendChild(el('span', 'tm-popup-user', `@${rec.user}`));
  root.appendChild(head);
  const meta = el('p', 'tm-popup-meta');
  if (Number.isFinite(rec.ts)) {
    const t = el('time', null, `${new Date(rec.ts).toLocaleString()} (${relative(rec.ts)})`);
    t.dateTime = new Date(rec.ts).toISOString();
    meta.appendChild(t);
  }
  root.appendChild(meta);
  const where = el('p', 'tm-popup-place');
  const placeText = [rec.place, rec.cc].filter(Boolean).join(', ');
  if (placeText) where.appendChild(el('span', null, placeText));
  const prec = el('span', `tm-prec tm-prec-${kPrecision[rec.geo] ? rec.geo : 'none'}`, kPrecision[rec.geo] || 'unknown');
  where.appendChild(prec);
  root.appendChild(where);
  root.appendChild(el('p', 'tm-popup-text', rec.text ?? ''));
  if (Array.isArray(rec.tags) && rec.tags.length) {
    const tags = el('p', 'tm-popup-tags');
    for (const t of rec.tags.slice(0, 12)) tags.appendChild(el('span', 'tm-tag', `#${t}`));
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
