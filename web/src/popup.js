// The popup for one post, and the list of the posts stacked under one click, built from DOM
// nodes: every field from the record is inserted with textContent, never as HTML, and each in
// its own direction isolate.

const kPrecision = {
  point: 'exact point',
  place: 'place centre',
  profile: 'from the profile location',
  text: 'a place named in the text',
  none: 'no location',
};
const kLevel = { point: 'coordinates', city: 'city level', region: 'region level', country: 'country level' };

/** How the post was placed: "exact point", or for a geocoded post also what its position stands
 * for ("from the profile location, city level"). */
export function precisionLabel(rec) {
  const how = kPrecision[rec.geo] || 'unknown';
  const geocoded = rec.geo === 'profile' || rec.geo === 'text';
  return geocoded && Object.hasOwn(kLevel, rec.prec) ? `${how}, ${kLevel[rec.prec]}` : how;
}

export function el(tag, cls, text) {
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
export function user(tag, cls, text) {
  const e = el(tag, cls, text);
  e.dir = 'auto';
  return e;
}

const kTagsShown = 12;

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
  // Place and country each in their own isolate: an override in one cannot reorder the other.
  if (rec.place || rec.cc) {
    const w = el('span', 'tm-popup-where');
    if (rec.place) w.appendChild(user('bdi', null, clip(rec.place, 80)));
    if (rec.place && rec.cc) w.appendChild(document.createTextNode(', '));
    if (rec.cc) w.appendChild(user('bdi', null, clip(rec.cc, 8)));
    where.appendChild(w);
  }
  const prec = el('span', `tm-prec tm-prec-${kPrecision[rec.geo] ? rec.geo : 'none'}`, precisionLabel(rec));
  where.appendChild(prec);
  root.appendChild(where);
  root.appendChild(user('p', 'tm-popup-text', rec.text ?? ''));
  if (Array.isArray(rec.tags) && rec.tags.length) {
    const tags = el('p', 'tm-popup-tags');
    for (const t of rec.tags.slice(0, kTagsShown)) {
      const tag = el('span', 'tm-tag', '#');
      tag.appendChild(user('bdi', null, t));
      tags.appendChild(tag);
    }
    // The rest are not left out silently: "+88 more", with all of them in the tooltip.
    if (rec.tags.length > kTagsShown) {
      const rest = rec.tags.length - kTagsShown;
      const more = el('span', 'tm-tag-more', `+${rest} more`);
      more.title = rec.tags.slice(kTagsShown).map((t) => `#${t}`).join(' ');
      more.setAttribute('aria-label', `and ${rest} more hashtags`);
      tags.appendChild(more);
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

/**
 * One line of a list of posts, appended to `parent`: name and @handle (`${cls}-who`, `-name`,
 * `-user`), the relative time (`-time`) and the start of the text (`-text`, `textChars` code
 * points), each string from the post in its own isolate.
 */
export function appendSummary(parent, rec, cls, textChars) {
  const who = el('span', `${cls}-who`);
  if (rec.name) who.appendChild(user('bdi', `${cls}-name`, clip(rec.name, 40)));
  if (rec.user) {
    const u = el('span', `${cls}-user`, ' @');
    u.appendChild(user('bdi', null, clip(rec.user, 30)));
    who.appendChild(u);
  }
  parent.appendChild(who);
  if (validTime(rec.ts)) {
    const t = el('time', `${cls}-time`, relative(rec.ts));
    t.dateTime = new Date(rec.ts).toISOString();
    parent.appendChild(t);
  }
  parent.appendChild(user('span', `${cls}-text`, clip(String(rec.text ?? '').replace(/\s+/g, ' '), textChars)));
}

const kStackPage = 50; // list items built at a time ("Show more" builds the next ones)

export function parse(line) {
  try {
    const r = JSON.parse(line);
    return r && typeof r === 'object' ? r : {};
  } catch {
    return {};
  }
}

function validTime(ts) {
  return Number.isFinite(ts) && Number.isFinite(new Date(ts).getTime());
}

/**
 * The list of several posts under one click (`lines`: their record lines, newest first). Each
 * item is a button; it shows that post (popupContent) with a way back to the list. Up/Down move
 * between items, Home/End to the ends, Escape calls `onClose`; the list scrolls inside the popup.
 * `onResize` is called when the content changes size (to let the popup re-fit).
 */
export function stackContent(lines, onResize = () => {}, onClose = () => {}) {
  const root = el('section', 'tm-stack');
  const n = lines.length;
  const title = el('h2', 'tm-stack-title', `${n.toLocaleString('en-US')} posts here`);
  title.id = `tm-stack-${Math.random().toString(36).slice(2)}`;
  root.setAttribute('aria-labelledby', title.id);
  const listView = el('div', 'tm-stack-view');
  listView.appendChild(title);
  listView.appendChild(el('p', 'tm-stack-note', 'Newest first. Choose one to read it.'));
  const list = el('ol', 'tm-stack-list');
  list.setAttribute('aria-labelledby', title.id);
  listView.appendChild(list);
  const more = el('button', 'tm-stack-more');
  more.type = 'button';
  listView.appendChild(more);
  const postView = el('div', 'tm-stack-post');
  postView.hidden = true;
  root.appendChild(listView);
  root.appendChild(postView);

  let built = 0;
  let opened = -1;
  const buttons = [];
  function build(upTo) {
    for (; built < Math.min(upTo, n); built++) {
      const rec = parse(lines[built]);
      const li = el('li', 'tm-stack-row');
      const b = el('button', 'tm-stack-item');
      b.type = 'button';
      b.dataset.index = String(built);
      appendSummary(b, rec, 'tm-stack', 120);
      b.addEventListener('click', () => show(Number(b.dataset.index)));
      li.appendChild(b);
      list.appendChild(li);
      buttons.push(b);
    }
    more.hidden = built >= n;
    more.textContent = `Show ${Math.min(kStackPage, n - built)} more (${(n - built).toLocaleString('en-US')} not listed yet)`;
  }
  function show(k) {
    opened = k;
    postView.replaceChildren();
    const back = el('button', 'tm-stack-back', `\u2190 All ${n.toLocaleString('en-US')} posts`);
    back.type = 'button';
    back.addEventListener('click', showList);
    postView.appendChild(back);
    postView.appendChild(el('p', 'tm-stack-note', `Post ${k + 1} of ${n.toLocaleString('en-US')}`));
    postView.appendChild(popupContent(parse(lines[k])));
    listView.hidden = true;
    postView.hidden = false;
    onResize();
    back.focus();
  }
  function showList() {
    postView.hidden = true;
    listView.hidden = false;
    onResize();
    if (opened >= 0 && buttons[opened]) buttons[opened].focus();
  }
  more.addEventListener('click', () => {
    const from = built;
    build(built + kStackPage);
    if (buttons[from]) buttons[from].focus();
  });
  list.addEventListener('scroll', () => {
    // Build ahead as the list is scrolled near its end (only a page at a time is in the DOM).
    if (built < n && list.scrollTop + list.clientHeight >= list.scrollHeight - 40) build(built + kStackPage);
  });
  // Up/Down/Home/End move between the posts; Escape closes.
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
      return;
    }
    const at = buttons.indexOf(document.activeElement);
    if (at < 0) return;
    let to;
    if (e.key === 'ArrowDown') to = at + 1;
    else if (e.key === 'ArrowUp') to = at - 1;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = n - 1;
    else return;
    e.preventDefault();
    e.stopPropagation();
    if (to >= built) build(to + 1);
    const b = buttons[Math.max(0, Math.min(built - 1, to))];
    if (b) b.focus();
  });
  build(kStackPage);
  /** Focus the first post of the list (done once the popup is on screen). */
  root.focusFirst = () => buttons[0] && buttons[0].focus();
  return root;
}
