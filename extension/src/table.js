// The panel's request table, shaped like DevTools' Network panel: Name, Method, Status, Cause and
// Time columns, sortable by a click on the header, resizable by dragging a header's edge, a filter
// box, failures only unless the user asks for all. Rows are virtualised (only those on screen are
// in the DOM: a busy page makes tens of thousands) and keyboard-navigable as in DevTools
// (arrows, Home/End, Page Up/Down; Enter moves to the diagnosis).
//
// Rows are plain data built by the panel (`panel.js` rowsFor); untrusted text reaches the DOM
// only as text nodes and attributes (src/dom.js).

import { h, setAttr, setText } from './dom.js';

/** Every row has this height (px): the table computes which rows are on screen from it. */
export const ROW_HEIGHT = 22;
/** Rows drawn beyond the visible ones, above and below, so a scroll shows no gap. */
const OVERSCAN = 10;
/** Where resized column widths are remembered (the panel's own storage). */
const WIDTHS_KEY = 'why401.columnWidths';

/** Columns: message key of the header, default width (a CSS grid track), narrowest width in px. */
export const COLUMNS = [
  { key: 'name', label: 'colName', track: 'minmax(90px, 1.2fr)', min: 60 },
  { key: 'method', label: 'colMethod', track: '58px', min: 40 },
  { key: 'status', label: 'colStatus', track: '50px', min: 40 },
  { key: 'cause', label: 'colCause', track: 'minmax(90px, 1.6fr)', min: 60 },
  { key: 'time', label: 'colTime', track: '52px', min: 40 },
];

/**
 * Which rows a filter keeps. `text`: space-separated terms, all of which must match; `-term`
 * excludes; `status:`, `method:`, `cause:` and `domain:` look at one field (as in DevTools'
 * filter box). `failuresOnly`: failing, blocked and left-out requests and their preflights.
 */
export function filterRows(rows, { text = '', failuresOnly = false } = {}) {
  const terms = parseFilter(text);
  return rows.filter((r) => (!failuresOnly || r.important) && terms.every((t) => matches(r, t) !== t.negate));
}

/** `'-cause:jwt status:401 orders'` -> `[{negate, field, value}]`, lower-cased. */
export function parseFilter(text) {
  return String(text)
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w && w !== '-')
    .map((w) => {
      const negate = w.startsWith('-');
      const body = negate ? w.slice(1) : w;
      const m = /^(status|method|cause|domain):(.*)$/.exec(body);
      return m ? { negate, field: m[1], value: m[2] } : { negate, field: null, value: body };
    });
}

function matches(row, { field, value }) {
  switch (field) {
    case 'status':
      return row.status.toLowerCase().startsWith(value);
    case 'method':
      return row.method.toLowerCase() === value;
    case 'cause':
      return row.causes.some((c) => c.includes(value));
    case 'domain':
      return row.domain.toLowerCase().includes(value);
    default:
      return row.search.includes(value);
  }
}

/** Sort values per column; rows without a value (no status, no time) come last either way. */
const SORT_VALUE = {
  name: (r) => r.name.toLowerCase(),
  method: (r) => r.method,
  status: (r) => (r.statusNum > 0 ? r.statusNum : null),
  cause: (r) => r.causes[0] || null,
  time: (r) => (Number.isFinite(r.time) && r.time >= 0 ? r.time : null),
};

/** Rows in the order `sort` (`{key, dir}`; `dir` 1 or -1; no key: capture order) says. */
export function sortRows(rows, sort) {
  const value = sort && SORT_VALUE[sort.key];
  if (!value) return rows;
  const dir = sort.dir < 0 ? -1 : 1;
  return rows
    .map((r) => [value(r), r])
    .sort(([va, a], [vb, b]) => {
      if (va === vb) return a.index - b.index;
      if (va === null) return 1;
      if (vb === null) return -1;
      return (va < vb ? -1 : 1) * dir;
    })
    .map(([, r]) => r);
}

/** Column widths as a CSS grid template: resized columns in px, the others their default. */
export function gridTemplate(widths) {
  return COLUMNS.map((c) => (widths[c.key] ? `${Math.max(c.min, Math.round(widths[c.key]))}px` : c.track)).join(' ');
}

export class RequestTable {
  /**
   * @param {HTMLElement} root the element the table takes over
   * @param {{t: Function, onSelect: (index: number) => void, onOpen: () => void,
   *          storage?: Storage}} options `onOpen`: Enter on a row (show its diagnosis)
   */
  constructor(root, { t, onSelect, onOpen, storage }) {
    this.root = root;
    this.t = t;
    this.onSelect = onSelect;
    this.onOpen = onOpen;
    this.storage = storage;
    this.rows = [];
    this.shown = [];
    this.selected = null;
    this.sort = null;
    this.filter = { text: '', failuresOnly: true };
    this.widths = this.loadWidths();
    this.drawn = new Map(); // entry index -> {key, el}
    this.frame = 0;
    // Where the body is scrolled and how tall it is, as the browser last reported them (scroll
    // events, ResizeObserver): a redraw never reads them from the DOM, which after the panel's
    // other changes forces a layout of the whole panel (on a busy page, most of a redraw's time).
    this.view = { top: 0, height: 0, content: 0, observed: false };
    this.scrollFrame = 0;
    // The last scroll position written (see onScroll).
    this.written = null;
    this.build();
  }

  loadWidths() {
    try {
      const w = JSON.parse((this.storage && this.storage.getItem(WIDTHS_KEY)) || '{}');
      return w && typeof w === 'object' ? w : {};
    } catch {
      return {};
    }
  }

  build() {
    this.head = h('div', { class: 'thead', role: 'row' });
    this.sizer = h('div', { class: 'sizer' });
    this.body = h('div', { class: 'tbody', role: 'rowgroup', tabindex: '0' }, this.sizer);
    this.empty = h('p', { class: 'table-empty', hidden: true });
    this.grid = h('div', { class: 'grid', role: 'grid', 'aria-multiselectable': 'false' }, this.head, this.body);
    this.root.replaceChildren(this.grid, this.empty);
    this.body.addEventListener('scroll', () => this.onScroll());
    this.body.addEventListener('keydown', (ev) => this.onKey(ev));
    this.body.addEventListener('click', (ev) => this.onClick(ev));
    if (typeof ResizeObserver === 'function') {
      new ResizeObserver(() => {
        this.view.height = this.body.clientHeight;
        this.view.observed = true;
        this.schedule();
      }).observe(this.body);
    }
    this.applyWidths();
    this.drawHead();
  }

  /** New interface strings (a language change). */
  setLang(t) {
    this.t = t;
    this.drawn.clear();
    this.drawHead();
    this.draw();
  }

  setFilter(filter) {
    this.filter = { ...this.filter, ...filter };
    this.refresh();
  }

  /** The rows of the capture, in capture order (all of them: the table filters and sorts). */
  setRows(rows) {
    this.rows = rows;
    this.refresh();
  }

  refresh() {
    // The body's own height (0 while it has none), not a screenful: where its end is.
    const height = this.bodyHeight();
    const atBottom = this.view.top + height >= this.view.content - ROW_HEIGHT;
    this.shown = sortRows(filterRows(this.rows, this.filter), this.sort);
    // As in `draw`: only what changed is written (a text set again is a new text node).
    setAttr(this.grid, 'aria-rowcount', String(this.shown.length + 1));
    this.view.content = this.shown.length * ROW_HEIGHT;
    const sized = `${this.view.content}px`;
    if (this.sizer.style.height !== sized) this.sizer.style.height = sized;
    // Fewer rows than before (a filter, entries let go): the browser will bring the body back
    // within them; drawn for that place now, not for one below the last row.
    this.view.top = Math.min(this.view.top, Math.max(0, this.view.content - height));
    const hidden = this.shown.length > 0 || this.rows.length === 0;
    if (this.empty.hidden !== hidden) this.empty.hidden = hidden;
    setText(this.empty, this.filter.failuresOnly ? this.t('noFailuresShown') : this.t('noRowsMatch'));
    // Following a live page as DevTools does: a table scrolled to its end stays there. The rows
    // are drawn for the end at once; the body is scrolled there at the next frame.
    // Most redraws of a busy page show the same rows (failures only): nothing to scroll then,
    // and no layout to force.
    const end = Math.max(0, this.view.content - height);
    if (atBottom && !this.sort && Math.abs(end - this.view.top) >= 1) this.scrollLater(end);
    this.draw();
  }

  /** The body's height as last reported (read from the DOM only where nothing reports it). */
  bodyHeight() {
    if (!this.view.observed) this.view.height = this.body.clientHeight;
    return this.view.height;
  }

  /** How tall a stretch of rows to draw: the body's height, or a screenful if it has none yet. */
  viewHeight() {
    return this.bodyHeight() || ROW_HEIGHT * 30;
  }

  /**
   * The body scrolled. Read then: the browser's layout is up to date. A scroll event comes a
   * frame after the write that caused it (scroll events are fired before animation frames):
   * one that reports our own last write while a newer one waits must not undo that one.
   */
  onScroll() {
    const top = this.body.scrollTop;
    const ours = this.written !== null && Math.abs(top - this.written) < 1;
    if (this.scrollFrame) {
      if (ours) return this.schedule();
      // The user scrolled: their place wins over the end a redraw meant to follow.
      this.cancelScroll();
    }
    this.view.top = top;
    this.schedule();
  }

  /** Scrolls the body to `top` now (a user's move). */
  scrollNow(top) {
    this.cancelScroll();
    this.view.top = top;
    this.written = top;
    this.body.scrollTop = top;
  }

  /** Drops a scroll `scrollLater` left for the next frame. */
  cancelScroll() {
    if (!this.scrollFrame) return;
    (globalThis.cancelAnimationFrame || clearTimeout)(this.scrollFrame);
    this.scrollFrame = 0;
  }

  /** Scrolls the body to `top` at the next frame, drawing as if it were there already. */
  scrollLater(top) {
    this.view.top = top;
    if (this.scrollFrame) return;
    const raf = globalThis.requestAnimationFrame || ((f) => setTimeout(f, 16));
    this.scrollFrame = raf(() => {
      this.scrollFrame = 0;
      this.written = this.view.top;
      this.body.scrollTop = this.view.top;
    });
  }

  /**
   * The oldest `n` entries were let go and the rest numbered on: rows drawn under the old
   * numbers are not reused, and the selection follows its entry (or goes with it).
   */
  renumber(n) {
    this.drawn.clear();
    if (this.selected !== null) this.selected = this.selected >= n ? this.selected - n : null;
  }

  /** Index of the `n`-th shown row, or null. */
  shownIndex(n) {
    const r = this.shown[n];
    return r ? r.index : null;
  }

  /** Position of the selected entry among the shown rows, or -1. */
  selectedPosition() {
    return this.selected === null ? -1 : this.shown.findIndex((r) => r.index === this.selected);
  }

  /** Selects an entry's row; `scroll` brings it on screen, `focus` moves the keyboard to the table. */
  select(index, { scroll = true, focus = false, notify = true } = {}) {
    const changed = this.selected !== index;
    this.selected = index;
    if (scroll) this.scrollTo(this.selectedPosition());
    this.draw();
    if (focus) this.body.focus({ preventScroll: true });
    if (changed && notify && index !== null) this.onSelect(index);
  }

  scrollTo(pos) {
    if (pos < 0) return;
    const top = pos * ROW_HEIGHT;
    const view = this.viewHeight();
    if (top < this.view.top) this.scrollNow(top);
    else if (top + ROW_HEIGHT > this.view.top + view) this.scrollNow(top + ROW_HEIGHT - view);
  }

  schedule() {
    if (this.frame) return;
    const raf = globalThis.requestAnimationFrame || ((f) => setTimeout(f, 16));
    this.frame = raf(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Draws the rows on screen (plus a margin), reusing those whose content did not change. */
  draw() {
    const height = this.viewHeight();
    const { top } = this.view;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.shown.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const els = [];
    const keep = new Map();
    for (let n = first; n < last; n++) {
      const r = this.shown[n];
      const el = this.rowElement(r);
      // Written only when it changed: a live page redraws the table several times a second,
      // mostly with the same rows in the same places, and each write would make the browser
      // work out the rows' style and layout again.
      const on = r.index === this.selected;
      const place = `${n} ${on}`;
      const drawn = this.drawn.get(r.index);
      if (drawn.place !== place) {
        drawn.place = place;
        el.style.transform = `translateY(${n * ROW_HEIGHT}px)`;
        el.setAttribute('aria-rowindex', String(n + 2));
        el.setAttribute('aria-selected', String(on));
        el.classList.toggle('selected', on);
        // Stripes by position in the table, not in the DOM (only the rows on screen are there).
        el.classList.toggle('odd', n % 2 === 1);
      }
      els.push(el);
      keep.set(r.index, drawn);
    }
    // Rows scrolled away are dropped; those kept are moved, not rebuilt (nor put back in place
    // when they are all there already, in order).
    this.drawn = keep;
    const now = this.sizer.children;
    if (now.length !== els.length || els.some((el, k) => now[k] !== el)) this.sizer.replaceChildren(...els);
    setAttr(this.body, 'aria-activedescendant', this.selected !== null && keep.has(this.selected) ? `row-${this.selected}` : null);
  }

  rowElement(r) {
    const cached = this.drawn.get(r.index);
    if (cached && cached.key === r.key) return cached.el;
    const { t } = this;
    const badges = r.badges.map((b) =>
      b.target === undefined
        ? h('span', { class: `badge ${b.kind}` }, b.text)
        : h('button', { type: 'button', class: 'badge link', tabindex: '-1', dataset: { target: String(b.target) } }, b.text),
    );
    const el = h(
      'div',
      {
        class: `tr${r.health === 'failing' || r.health === 'blocked' ? ' failing' : ''}`,
        role: 'row',
        id: `row-${r.index}`,
        dataset: { entry: String(r.index), health: r.health },
      },
      h('span', { class: 'td name', role: 'gridcell', title: r.url }, r.name),
      h('span', { class: 'td method', role: 'gridcell' }, r.method),
      h('span', { class: 'td status', role: 'gridcell' }, r.status),
      h('span', { class: 'td cause', role: 'gridcell', title: r.badges.map((b) => b.text).join(', ') }, badges),
      h('span', { class: 'td time', role: 'gridcell' }, Number.isFinite(r.time) && r.time >= 0 ? t('ms', String(Math.round(r.time))) : ''),
    );
    this.drawn.set(r.index, { key: r.key, el });
    return el;
  }

  drawHead() {
    const { t } = this;
    const cells = COLUMNS.map((c) => {
      const sorted = this.sort && this.sort.key === c.key;
      const cell = h(
        'div',
        { class: `th ${c.key}`, role: 'columnheader', 'aria-sort': sorted ? (this.sort.dir > 0 ? 'ascending' : 'descending') : 'none' },
        h(
          'button',
          { type: 'button', class: 'sort', onclick: () => this.toggleSort(c.key) },
          t(c.label),
          sorted ? h('span', { class: 'arrow', 'aria-hidden': 'true' }, this.sort.dir > 0 ? ' ▲' : ' ▼') : null,
        ),
        h('span', { class: 'resizer', role: 'separator', 'aria-orientation': 'vertical', title: t('resizeColumn') }),
      );
      cell.lastChild.addEventListener('pointerdown', (ev) => this.startResize(ev, c, cell));
      return cell;
    });
    this.head.replaceChildren(...cells);
  }

  /** First click: ascending; again: descending; a third time: back to capture order. */
  toggleSort(key) {
    if (!this.sort || this.sort.key !== key) this.sort = { key, dir: 1 };
    else if (this.sort.dir > 0) this.sort = { key, dir: -1 };
    else this.sort = null;
    this.drawHead();
    this.refresh();
    this.scrollTo(this.selectedPosition());
  }

  applyWidths() {
    this.grid.style.setProperty('--columns', gridTemplate(this.widths));
  }

  startResize(ev, column, cell) {
    ev.preventDefault();
    const handle = ev.currentTarget;
    const x0 = ev.clientX;
    const w0 = cell.getBoundingClientRect().width;
    handle.setPointerCapture(ev.pointerId);
    const move = (e) => {
      this.widths[column.key] = Math.max(column.min, w0 + e.clientX - x0);
      this.applyWidths();
    };
    const up = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', up);
      try {
        if (this.storage) this.storage.setItem(WIDTHS_KEY, JSON.stringify(this.widths));
      } catch {
        // Storage full or refused: the widths last for this panel only.
      }
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', up);
  }

  onClick(ev) {
    const link = ev.target.closest('button[data-target]');
    if (link) {
      // A preflight's request, or a request's preflight.
      this.select(Number(link.dataset.target));
      return;
    }
    const row = ev.target.closest('.tr');
    if (row) this.select(Number(row.dataset.entry), { focus: true });
  }

  /** Arrows, Home/End and Page Up/Down move the selection; Enter opens the diagnosis. */
  onKey(ev) {
    if (ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const n = this.shown.length;
    if (!n) return;
    const pos = this.selectedPosition();
    const page = Math.max(1, Math.floor(this.viewHeight() / ROW_HEIGHT) - 1);
    const to = {
      ArrowDown: pos < 0 ? 0 : Math.min(n - 1, pos + 1),
      ArrowUp: pos < 0 ? n - 1 : Math.max(0, pos - 1),
      Home: 0,
      End: n - 1,
      PageDown: Math.min(n - 1, Math.max(0, pos) + page),
      PageUp: Math.max(0, pos - page),
    }[ev.key];
    if (to !== undefined) {
      ev.preventDefault();
      this.select(this.shownIndex(to));
    } else if (ev.key === 'Enter' && this.selected !== null) {
      ev.preventDefault();
      this.onOpen();
    }
  }

  /** Gives the keyboard to the table (Escape from the diagnosis). */
  focus() {
    this.body.focus({ preventScroll: true });
  }
}
