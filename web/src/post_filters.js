// The language filter and the "no reposts" toggle: a select of common languages plus the ones
// seen in the stream, and a checkbox. Both are sent to the server on (re)subscribing (`lang=`,
// `reposts=0` on /events: the server filters) and kept in the URL (url_state.js).

/** Common languages of posts (BCP-47 primary tags), shown before any post arrived. */
export const kCommonLangs = ['en', 'es', 'ja', 'pt', 'ar', 'fr', 'de', 'ko', 'id', 'tr', 'ru', 'it', 'hi', 'th', 'zh', 'nl', 'pl', 'fa'];
const kMaxSeen = 40;

/** A language tag as the page keeps it: lower case, letters, digits and '-', at most 16. */
export function cleanLang(v) {
  if (typeof v !== 'string') return '';
  const t = v.trim().toLowerCase();
  return /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(t) && t.length <= 16 ? t : '';
}

let names = null;
/** "ja" -> "Japanese (ja)"; the tag alone when the browser has no name for it. */
export function langName(tag) {
  try {
    names = names || new Intl.DisplayNames(['en'], { type: 'language' });
    const n = names.of(tag);
    return n && n.toLowerCase() !== tag ? `${n} (${tag})` : tag;
  } catch {
    return tag;
  }
}

/** Counts the languages of the posts seen (primary tag), for the select. Pure. */
export class LangCounter {
  constructor() {
    this.counts = new Map();
  }

  observe(rec) {
    const tag = rec ? cleanLang(rec.lang) : '';
    if (!tag || tag === 'und') return;
    const primary = tag.split('-')[0];
    if (this.counts.has(primary) || this.counts.size < 500) this.counts.set(primary, (this.counts.get(primary) || 0) + 1);
  }

  /** The languages seen that are not among `common`, most posts first, at most `n`. */
  extra(common, n = kMaxSeen) {
    return [...this.counts.entries()]
      .filter(([t]) => !common.includes(t))
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, n)
      .map(([t]) => t);
  }
}

function el(tag, attrs = {}, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

export class PostFilters {
  /**
   * Builds the controls after `anchor` (the filter form).
   * @param {{lang: string, noReposts: boolean}} initial from the URL
   * @param {() => void} onChange called when the user changes either
   */
  constructor(anchor, initial, onChange) {
    this.lang = cleanLang(initial.lang);
    this.noReposts = initial.noReposts === true;
    this.onChange = onChange;
    this.seen = new LangCounter();
    this.shownExtra = '';
    this.box = el('fieldset', { class: 'tm-post-filters' });
    this.box.appendChild(el('legend', { class: 'tm-sr' }, 'Which posts'));
    const label = el('label', { for: 'lang' });
    label.appendChild(el('span', { class: 'tm-sr' }, 'Language'));
    this.select = el('select', { id: 'lang', name: 'lang', 'aria-label': 'Language', title: 'Only posts in this language (sent to the server as lang=)' });
    label.appendChild(this.select);
    const rt = el('label', { title: 'Leave out reposts (sent to the server as reposts=0)' });
    this.check = el('input', { type: 'checkbox', id: 'no-reposts' });
    this.check.checked = this.noReposts;
    rt.append(this.check, document.createTextNode('no reposts'));
    this.box.append(label, rt);
    anchor.after(this.box);
    this.fill();
    this.select.addEventListener('change', () => {
      this.lang = cleanLang(this.select.value);
      this.onChange();
    });
    this.check.addEventListener('change', () => {
      this.noReposts = this.check.checked;
      this.onChange();
    });
  }

  /** The options: all languages, the common ones, then those seen in the stream. */
  fill() {
    const extra = this.seen.extra(kCommonLangs);
    if (this.lang && !kCommonLangs.includes(this.lang) && !extra.includes(this.lang)) extra.unshift(this.lang);
    const key = extra.join(',');
    if (this.select.options.length && key === this.shownExtra) return;
    this.shownExtra = key;
    const opts = [el('option', { value: '' }, 'All languages')];
    const common = el('optgroup', { label: 'Common' });
    for (const t of kCommonLangs) common.appendChild(el('option', { value: t }, langName(t)));
    opts.push(common);
    if (extra.length) {
      const seen = el('optgroup', { label: 'Seen in the stream' });
      for (const t of extra) seen.appendChild(el('option', { value: t }, langName(t)));
      opts.push(seen);
    }
    this.select.replaceChildren(...opts);
    this.select.value = this.lang;
  }

  /** A post arrived: its language counts for the list (refreshed by refresh()). */
  observe(rec) {
    this.seen.observe(rec);
  }

  /** Adds newly seen languages to the select (not while it is open or focused). */
  refresh() {
    if (document.activeElement !== this.select) this.fill();
  }

  /** Sets both from a restored URL state, without calling onChange. */
  set(lang, noReposts) {
    this.lang = cleanLang(lang);
    this.noReposts = noReposts === true;
    this.check.checked = this.noReposts;
    this.fill();
    this.select.value = this.lang;
  }

  /** The /events parameters (empty values are not sent). */
  params() {
    return { lang: this.lang, reposts: this.noReposts ? '0' : '' };
  }
}
