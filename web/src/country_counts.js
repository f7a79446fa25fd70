// Posts per country: the points kept on the page counted by their record's `cc`, listed by count
// or by name (the name from Intl.DisplayNames, the code itself when it is not a known region);
// a click flies to where that country's posts are (the middle 90% of their latitudes and
// longitudes). The counting is a plain function (node tests it); the panel section (opened by
// a "by country" button on the counters' line) redraws every 2 s while it is open.
import { el, user } from './popup.js';

const kNoCountry = '';

let regionNames = null;
/** The English name of an ISO 3166-1 alpha-2 code, or null when it names no region. */
export function countryName(cc) {
  if (typeof cc !== 'string' || !/^[A-Za-z]{2}$/.test(cc)) return null;
  try {
    regionNames = regionNames || new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
    const name = regionNames.of(cc.toUpperCase());
    // ZZ is ICU's "Unknown Region": no country either.
    return name && name !== 'Unknown Region' ? name : null;
  } catch {
    return null;
  }
}

/** A code no region has, as shown: its direction marks and overrides made visible (U+FFFD), so
 * "\u202Eevil" does not read "live". */
function shownCode(cc) {
  return cc.replace(/[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '\uFFFD');
}

/** [{cc, name, n}] of the store's points, by count (then name) or by name; '' = no country. */
export function countByCountry(store, order = 'count') {
  const counts = new Map();
  for (let k = 0; k < store.size; k++) {
    const cc = store.cc[store.slot(k)] || kNoCountry;
    counts.set(cc, (counts.get(cc) || 0) + 1);
  }
  const rows = [];
  for (const [cc, n] of counts) rows.push({ cc, name: cc ? countryName(cc) || shownCode(cc) : 'No country', n });
  const byName = (a, b) => (a.cc === kNoCountry) - (b.cc === kNoCountry) || a.name.localeCompare(b.name, 'en');
  rows.sort(order === 'name' ? byName : (a, b) => b.n - a.n || byName(a, b));
  return rows;
}

/** The colour of a country with n posts when the most has max: more posts, more opaque amber. */
export function countryFill(n, max) {
  const f = max > 0 ? Math.log1p(n) / Math.log1p(max) : 0;
  return `rgba(255,176,32,${(0.15 + 0.7 * f).toFixed(3)})`;
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))];
}

/** [[south, west], [north, east]] around the middle 90% of the country's points, or null. */
export function countryBounds(store, cc) {
  const lats = [];
  const lons = [];
  for (let k = 0; k < store.size; k++) {
    const i = store.slot(k);
    if ((store.cc[i] || kNoCountry) !== cc) continue;
    lats.push(store.lat[i]);
    lons.push(store.lon[i]);
  }
  if (!lats.length) return null;
  lats.sort((a, b) => a - b);
  lons.sort((a, b) => a - b);
  return [
    [quantile(lats, 0.05), quantile(lons, 0.05)],
    [quantile(lats, 0.95), quantile(lons, 0.95)],
  ];
}

export class CountryCounts {
  /**
   * A section inserted after `after` (hidden until the toggle opens it) and its toggle button,
   * appended to `toggleHost` (a line of the panel: closed, the list costs no height).
   * `onPick(row, bounds)` is called when a country is chosen; `onColour(fills)` (code -> CSS
   * colour, empty when off) colours the map's countries.
   */
  constructor(after, toggleHost, store, onPick, onColour = null) {
    this.store = store;
    this.onPick = onPick;
    this.onColour = onColour;
    this.colouring = false;
    this.order = 'count';
    this.rows = [];
    this.root = el('section', 'tm-countries');
    this.root.id = 'countries';
    this.root.hidden = true;
    const title = el('h2', 'tm-countries-title', 'Posts per country');
    title.id = 'countries-title';
    this.root.setAttribute('aria-labelledby', title.id);
    this.root.appendChild(title);
    this.toggle = el('button', 'tm-countries-toggle', 'by country');
    this.toggle.type = 'button';
    this.toggle.id = 'countries-toggle';
    this.toggle.title = 'Posts per country';
    this.toggle.setAttribute('aria-expanded', 'false');
    this.toggle.setAttribute('aria-controls', this.root.id);
    this.toggle.addEventListener('click', () => this.setOpen(this.root.hidden));
    toggleHost.append(document.createTextNode(' · '), this.toggle);
    const sort = el('div', 'tm-countries-sort');
    sort.setAttribute('role', 'group');
    sort.setAttribute('aria-label', 'Sort countries by');
    this.sortButtons = {};
    for (const [key, label] of [['count', 'by count'], ['name', 'by name']]) {
      const b = el('button', null, label);
      b.type = 'button';
      b.dataset.order = key;
      b.addEventListener('click', () => this.sortBy(key));
      sort.appendChild(b);
      this.sortButtons[key] = b;
    }
    const bar = el('div', 'tm-countries-bar');
    bar.appendChild(sort);
    this.root.appendChild(bar);
    if (onColour) {
      this.colourButton = el('button', 'tm-countries-colour', 'Colour the map');
      this.colourButton.type = 'button';
      this.colourButton.title = 'Colour each country of the offline outline by its posts';
      this.colourButton.setAttribute('aria-pressed', 'false');
      this.colourButton.addEventListener('click', () => this.setColouring(!this.colouring));
      bar.appendChild(this.colourButton);
    }
    this.note = el('p', 'tm-small tm-countries-note');
    this.root.appendChild(this.note);
    this.list = el('ol', 'tm-countries-list');
    this.root.appendChild(this.list);
    after.after(this.root);
    this.sortBy('count');
    window.setInterval(() => {
      if (this.isOpen || this.colouring) this.refresh();
    }, 2000);
  }

  get isOpen() {
    return !this.root.hidden;
  }

  setOpen(on) {
    this.root.hidden = !on;
    this.toggle.setAttribute('aria-expanded', String(on));
    if (on) this.refresh();
  }

  /** Colours the map's countries by their posts (kept up to date every 2 s), or stops. */
  setColouring(on) {
    this.colouring = on;
    if (this.colourButton) this.colourButton.setAttribute('aria-pressed', String(on));
    if (on) this.refresh();
    else if (this.onColour) this.onColour(new Map());
  }

  sortBy(order) {
    this.order = order;
    for (const [k, b] of Object.entries(this.sortButtons)) b.setAttribute('aria-pressed', String(k === order));
    this.refresh();
  }

  refresh() {
    this.rows = countByCountry(this.store, this.order);
    if (this.colouring && this.onColour) {
      const max = this.rows.reduce((m, r) => (/^[A-Za-z]{2}$/.test(r.cc) ? Math.max(m, r.n) : m), 0);
      const coded = this.rows.filter((r) => /^[A-Za-z]{2}$/.test(r.cc));
      this.fills = new Map(coded.map((r) => [r.cc.toUpperCase(), countryFill(r.n, max)]));
      this.onColour(this.fills);
    }
    if (!this.isOpen) return;
    const total = this.rows.reduce((s, r) => s + r.n, 0);
    const countries = this.rows.filter((r) => r.cc !== kNoCountry).length;
    this.note.textContent = `${total.toLocaleString('en-US')} posts on the map, from ${countries.toLocaleString('en-US')} ${countries === 1 ? 'country' : 'countries'}`;
    const had = document.activeElement && this.list.contains(document.activeElement) ? document.activeElement.dataset.cc : null;
    this.list.replaceChildren();
    for (const r of this.rows) {
      const li = el('li');
      const b = el('button', 'tm-country');
      b.type = 'button';
      b.dataset.cc = r.cc;
      // The name from Intl, or a record's code as it came (isolated: it is the post's string).
      b.appendChild(user('bdi', 'tm-country-name', r.name));
      b.appendChild(el('span', 'tm-country-n', r.n.toLocaleString('en-US')));
      b.setAttribute('aria-label', `${r.name}: ${r.n.toLocaleString('en-US')} ${r.n === 1 ? 'post' : 'posts'}`);
      if (r.cc === kNoCountry) b.disabled = true;
      else b.addEventListener('click', () => this.onPick(r, countryBounds(this.store, r.cc)));
      li.appendChild(b);
      this.list.appendChild(li);
      if (had !== null && had === r.cc) b.focus();
    }
  }
}
