// The side list of the posts under a density circle or a drawn box: newest first, virtualized
// (only the rows on screen, and the focused one, are in the DOM, so 50,000 posts cost a sort and
// an array of their record lines), a listbox with one focusable option per row (Up/Down, Page
// Up/Down, Home/End move; Enter or a click opens the post's popup; Escape closes the list). The
// count is announced in a status line. Every string from a post is inserted with textContent in
// its own direction isolate (popup.js).
import { appendSummary, el, parse } from './popup.js';

const kRowPx = 56; // every row is this tall (style: .tm-list-row)
const kOverscan = 6; // rows built beyond each edge of the visible part

let nextId = 0;

export class PostList {
  /**
   * `host`: the element the list goes in. `onOpen(line, k)` opens a post (its record line),
   * `onZoom(lines)` shows where they are, `onClose()` is called when the list closes;
   * `onEscape()` is asked first on Escape (true: it closed something, e.g. the post's popup, and
   * the list stays).
   */
  constructor(host, { onOpen = () => {}, onZoom = () => {}, onClose = () => {}, onEscape = () => false } = {}) {
    this.onEscape = onEscape;
    this.onOpen = onOpen;
    this.onZoom = onZoom;
    this.onClose = onClose;
    this.lines = [];
    this.active = 0;
    this.rows = new Map(); // k -> its option element, for the rows in the DOM
    this.renders = 0;
    const id = `tm-list-${nextId++}`;
    this.optionId = (k) => `${id}-o${k}`;
    this.root = el('aside', 'tm-list');
    this.root.hidden = true;
    this.root.setAttribute('aria-labelledby', `${id}-title`);
    const head = el('div', 'tm-list-head');
    this.title = el('h2', 'tm-list-title', 'Posts');
    this.title.id = `${id}-title`;
    this.zoomButton = el('button', 'tm-list-zoom', 'Zoom to these');
    this.zoomButton.type = 'button';
    this.zoomButton.addEventListener('click', () => this.onZoom(this.lines));
    this.closeButton = el('button', 'tm-list-close', '×');
    this.closeButton.type = 'button';
    this.closeButton.setAttribute('aria-label', 'Close the list');
    this.closeButton.addEventListener('click', () => this.close());
    head.append(this.title, this.zoomButton, this.closeButton);
    this.status = el('p', 'tm-list-count');
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.scroller = el('div', 'tm-list-scroll');
    this.listbox = el('div', 'tm-list-box');
    this.listbox.setAttribute('role', 'listbox');
    this.listbox.setAttribute('aria-labelledby', this.title.id);
    this.listbox.setAttribute('aria-describedby', `${id}-help`);
    const help = el('p', 'tm-sr', 'Up and Down move, Enter opens the post, Escape closes the list.');
    help.id = `${id}-help`;
    this.scroller.appendChild(this.listbox);
    this.root.append(head, this.status, help, this.scroller);
    host.appendChild(this.root);

    let pending = false;
    this.scroller.addEventListener('scroll', () => {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(() => {
        pending = false;
        this.render();
      });
    });
    this.root.addEventListener('keydown', (e) => this.key(e));
    this.listbox.addEventListener('click', (e) => {
      const row = e.target.closest('[role="option"]');
      if (!row) return;
      this.setActive(Number(row.dataset.k), true);
      this.open();
    });
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /** Shows `lines` (record lines, newest first) under `title`, the first post focused. */
  show(title, lines, { focus = true } = {}) {
    this.lines = lines;
    this.active = 0;
    this.title.textContent = title;
    const n = lines.length;
    this.status.textContent = n === 1 ? '1 post, newest first' : `${n.toLocaleString('en-US')} posts, newest first`;
    this.listbox.style.height = `${n * kRowPx}px`;
    this.listbox.replaceChildren();
    this.rows.clear();
    this.root.hidden = false;
    this.scroller.scrollTop = 0;
    this.render();
    if (focus) this.focusActive();
  }

  close() {
    if (this.root.hidden) return;
    this.root.hidden = true;
    this.lines = [];
    this.listbox.replaceChildren();
    this.rows.clear();
    this.onClose();
  }

  /** Builds the rows in view (and the active one) and drops the others. */
  render() {
    if (this.root.hidden) return;
    const n = this.lines.length;
    const top = this.scroller.scrollTop;
    const h = this.scroller.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / kRowPx) - kOverscan);
    const last = Math.min(n - 1, Math.ceil((top + h) / kRowPx) + kOverscan);
    const want = (k) => (k >= first && k <= last) || k === this.active;
    for (const [k, row] of this.rows) {
      if (!want(k)) {
        row.remove();
        this.rows.delete(k);
      }
    }
    for (let k = first; k <= last; k++) if (!this.rows.has(k)) this.listbox.appendChild(this.row(k));
    if (n && !this.rows.has(this.active)) this.listbox.appendChild(this.row(this.active));
    this.renders++;
  }

  row(k) {
    const rec = parse(this.lines[k]);
    const o = el('div', 'tm-list-row');
    o.id = this.optionId(k);
    o.dataset.k = String(k);
    o.setAttribute('role', 'option');
    o.setAttribute('aria-setsize', String(this.lines.length));
    o.setAttribute('aria-posinset', String(k + 1));
    o.setAttribute('aria-selected', String(k === this.active));
    o.tabIndex = k === this.active ? 0 : -1;
    o.style.top = `${k * kRowPx}px`;
    appendSummary(o, rec, 'tm-list', 140);
    this.rows.set(k, o);
    return o;
  }

  setActive(k, fromClick = false) {
    const n = this.lines.length;
    if (!n) return;
    k = Math.max(0, Math.min(n - 1, k));
    const old = this.rows.get(this.active);
    if (old) {
      old.tabIndex = -1;
      old.setAttribute('aria-selected', 'false');
    }
    this.active = k;
    if (!fromClick) {
      // Scroll the row into the visible part, then build what is now on screen.
      const top = k * kRowPx;
      const h = this.scroller.clientHeight;
      if (top < this.scroller.scrollTop) this.scroller.scrollTop = top;
      else if (top + kRowPx > this.scroller.scrollTop + h) this.scroller.scrollTop = top + kRowPx - h;
    }
    this.render();
    const row = this.rows.get(k);
    row.tabIndex = 0;
    row.setAttribute('aria-selected', 'true');
    this.focusActive();
  }

  focusActive() {
    const row = this.rows.get(this.active);
    if (row) row.focus({ preventScroll: true });
  }

  open() {
    if (this.lines.length) this.onOpen(this.lines[this.active], this.active);
  }

  key(e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (!this.onEscape()) this.close();
      return;
    }
    if (!e.target.closest || !e.target.closest('[role="option"]')) return;
    const page = Math.max(1, Math.floor(this.scroller.clientHeight / kRowPx) - 1);
    const k = this.active;
    let to;
    if (e.key === 'ArrowDown') to = k + 1;
    else if (e.key === 'ArrowUp') to = k - 1;
    else if (e.key === 'PageDown') to = k + page;
    else if (e.key === 'PageUp') to = k - page;
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = this.lines.length - 1;
    else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.open();
      return;
    } else return;
    e.preventDefault();
    e.stopPropagation();
    this.setActive(to);
  }

  /** For tests: what the list shows. */
  state() {
    return {
      open: this.isOpen,
      title: this.title.textContent,
      count: this.lines.length,
      status: this.status.textContent,
      active: this.active,
      rowsInDom: this.listbox.children.length,
      ids: this.lines.slice(0, 200).map((l) => parse(l).id),
    };
  }
}
