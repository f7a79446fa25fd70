// The `?` help overlay: a modal dialog listing the keys and controls. It traps the focus (Tab and
// Shift+Tab cycle inside it), Escape or its Close button closes it, and the focus goes back to
// where it was.
import { el } from './popup.js';

const kKeys = [
  ['?', 'this help'],
  ['/', 'focus the filter (Escape leaves it; Escape in an empty box shows all posts)'],
  ['g', 'go to a place (type a name in any script, Enter flies there)'],
  ['p', 'pause or resume'],
  ['h', 'heat map on or off'],
  ['t', 'show or hide the trends panel'],
  ['Arrow keys, + and −', 'pan and zoom the map (when it has the focus)'],
  ['Shift + drag', 'draw a box on the map to list the posts inside it (or Select area, then drag)'],
  ['Click a circle', 'in the density view: list the posts of that cluster'],
  ['Up, Down, Home, End', 'move through a list of posts; Enter opens a post, Escape closes the list'],
];

export class HelpOverlay {
  constructor(host = document.body) {
    this.back = el('div', 'tm-help-back');
    this.back.hidden = true;
    this.dialog = el('div', 'tm-help');
    this.dialog.setAttribute('role', 'dialog');
    this.dialog.setAttribute('aria-modal', 'true');
    this.dialog.id = 'tm-help';
    const title = el('h2', 'tm-help-title', 'Keys and controls');
    title.id = 'tm-help-title';
    this.dialog.setAttribute('aria-labelledby', title.id);
    const dl = el('dl', 'tm-help-keys');
    for (const [k, what] of kKeys) {
      const row = el('div');
      const dt = el('dt');
      dt.appendChild(el('kbd', null, k));
      row.append(dt, el('dd', null, what));
      dl.appendChild(row);
    }
    const more = el(
      'p',
      'tm-small',
      'Colour is a post’s age (new: white, then yellow, orange, red, violet). A dot is an exact point, a ring a place centre, a cross a location from the profile or the text. Place names: GeoNames (CC BY 4.0).',
    );
    this.closeButton = el('button', 'tm-help-close', 'Close');
    this.closeButton.type = 'button';
    this.closeButton.addEventListener('click', () => this.close());
    this.dialog.append(title, dl, more, this.closeButton);
    this.back.appendChild(this.dialog);
    host.appendChild(this.back);
    this.back.addEventListener('click', (e) => {
      if (e.target === this.back) this.close();
    });
    this.dialog.addEventListener('keydown', (e) => this.key(e));
    // The focus cannot leave the open dialog (a click elsewhere, assistive-technology moves).
    document.addEventListener('focusin', (e) => {
      if (this.isOpen && !this.dialog.contains(e.target)) this.closeButton.focus();
    });
    this.returnTo = null;
  }

  get isOpen() {
    return !this.back.hidden;
  }

  open() {
    if (this.isOpen) return;
    this.returnTo = document.activeElement;
    this.back.hidden = false;
    this.closeButton.focus();
  }

  close() {
    if (!this.isOpen) return;
    this.back.hidden = true;
    if (this.returnTo && this.returnTo.isConnected && this.returnTo.focus) this.returnTo.focus();
    this.returnTo = null;
  }

  focusables() {
    return [...this.dialog.querySelectorAll('a[href], button, input, [tabindex="0"]')].filter((e) => !e.disabled);
  }

  key(e) {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === 'Tab') {
      const f = this.focusables();
      if (!f.length) return;
      const at = f.indexOf(document.activeElement);
      const to = e.shiftKey ? (at <= 0 ? f.length - 1 : at - 1) : at < 0 || at === f.length - 1 ? 0 : at + 1;
      e.preventDefault();
      f[to].focus();
    }
    // Other keys stay inside the dialog: the page's shortcuts do not act under it.
    e.stopPropagation();
  }
}
