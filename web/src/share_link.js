// The share button: copies the link of the current view (the URL keeps the view and filters,
// url_state.js) with navigator.clipboard, or, where that is missing or refused (an insecure
// origin, no permission), by selecting it in a text field and the copy command; says "Link
// copied" where it can be seen and heard, or shows the link selected for copying by hand.

/** Copies `text`: 'clipboard', 'command' (the fallback worked) or '' (neither did). */
export async function copyText(text, doc = document, nav = navigator) {
  if (nav.clipboard && typeof nav.clipboard.writeText === 'function') {
    try {
      await nav.clipboard.writeText(text);
      return 'clipboard';
    } catch {
      /* refused: try the copy command */
    }
  }
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'tm-copy-buffer';
  doc.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = doc.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok ? 'command' : '';
}

export class ShareLink {
  /**
   * @param {HTMLElement} container where the button goes (the toolbar's actions)
   * @param {() => string} currentUrl the link of the view now (after writing the URL state)
   */
  constructor(container, currentUrl) {
    this.currentUrl = currentUrl;
    this.copies = 0;
    this.last = null; // {how, url}
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.id = 'share';
    this.button.textContent = 'Share';
    this.button.title = 'Copy a link to this view, with its filters';
    this.button.setAttribute('aria-label', 'Share: copy a link to this view');
    this.status = document.createElement('span');
    this.status.id = 'share-status';
    this.status.className = 'tm-share-status';
    this.status.setAttribute('role', 'status');
    this.status.setAttribute('aria-live', 'polite');
    this.manual = document.createElement('input');
    this.manual.id = 'share-url';
    this.manual.className = 'tm-share-url';
    this.manual.readOnly = true;
    this.manual.hidden = true;
    this.manual.setAttribute('aria-label', 'Link to this view: copy it');
    container.append(this.button, this.status, this.manual);
    this.timer = 0;
    this.button.addEventListener('click', () => this.copy());
    this.manual.addEventListener('blur', () => {
      this.manual.hidden = true;
    });
  }

  async copy() {
    const url = this.currentUrl();
    const how = await copyText(url);
    this.last = { how, url };
    window.clearTimeout(this.timer);
    if (how) {
      this.copies++;
      this.manual.hidden = true;
      this.say('Link copied');
    } else {
      // Nothing could copy: show the link selected, for Ctrl+C.
      this.manual.value = url;
      this.manual.hidden = false;
      this.manual.focus();
      this.manual.select();
      this.say('Copy the link: it is selected');
    }
  }

  say(text) {
    this.status.textContent = text;
    this.status.classList.add('tm-share-on');
    this.timer = window.setTimeout(() => {
      this.status.classList.remove('tm-share-on');
      this.status.textContent = '';
    }, 4000);
  }
}
