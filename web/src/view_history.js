// Back and Forward through views: a deliberate view change (a new filter, a trend picked, a
// fly-to, another language or the repost toggle) starts a new history entry (pushState); panning
// and zooming only rewrite the current one (replaceState), so Back goes to the last view the
// user chose, not through every drag. popstate hands the entry's URL state to the page.

export class ViewHistory {
  /** @param {(search: string) => void} onRestore applies the state of a history entry's query */
  constructor(onRestore, win = window) {
    this.win = win;
    this.pushNext = false;
    this.markedAt = 0;
    this.restoring = false;
    this.pushes = 0;
    this.restores = 0;
    win.addEventListener('popstate', () => {
      this.pushNext = false;
      this.restoring = true;
      this.restores++;
      try {
        onRestore(win.location.search);
      } finally {
        this.restoring = false;
      }
    });
  }

  /** The next write of the URL is a new entry (ignored while an entry is being restored). */
  markDeliberate() {
    if (this.restoring) return;
    this.pushNext = true;
    this.markedAt = Date.now();
  }

  /** Writes `url` as a new entry when a deliberate change is pending, else over the current one. */
  write(url) {
    const h = this.win.history;
    const here = `${this.win.location.pathname}${this.win.location.search}${this.win.location.hash}`;
    // A change that moved nothing (a fly to where the map already is) leaves no pending push
    // behind for a later pan: it lapses after the length of a fly.
    if (this.pushNext && Date.now() - this.markedAt > 3000) this.pushNext = false;
    if (this.pushNext && url !== here) {
      this.pushNext = false;
      this.pushes++;
      h.pushState(null, '', url);
    } else {
      h.replaceState(null, '', url);
    }
  }
}
