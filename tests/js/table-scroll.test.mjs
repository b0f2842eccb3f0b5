// The request table's scrolling without reading layout (extension/src/table.js): it keeps where
// the body is scrolled from scroll events, and follows a live page's end with a write at the
// next frame. A browser fires the scroll event of a write a frame later, before that frame's
// animation callbacks: these tests play frames in that order on a stand-in body.
import assert from 'node:assert/strict';
import { test } from 'node:test';

/** What was written to the stand-in elements: attributes set, children replaced. */
const dom = { writes: 0, replaced: 0 };

/** Just enough of an element for the table to build itself. */
class El {
  constructor(tag) {
    this.tagName = tag;
    this.children = [];
    this.attrs = {};
    this.dataset = {};
    const style = { setProperty() {} };
    // Writes of a row's place (its transform) and of its classes are counted too.
    this.style = new Proxy(style, {
      set(target, k, v) {
        if (k === 'transform') dom.writes++;
        target[k] = v;
        return true;
      },
    });
    this.listeners = {};
    this.classList = {
      toggle() {
        dom.writes++;
      },
      add() {},
      remove() {},
    };
    this.hidden = false;
    this.textContent = '';
    this.clientHeight = 0;
    this.scrollTop = 0;
  }
  setAttribute(k, v) {
    this.attrs[k] = v;
    dom.writes++;
  }
  getAttribute(k) {
    return k in this.attrs ? this.attrs[k] : null;
  }
  removeAttribute(k) {
    delete this.attrs[k];
    dom.writes++;
  }
  addEventListener(type, f) {
    (this.listeners[type] ||= []).push(f);
  }
  append(...c) {
    this.children.push(...c);
  }
  replaceChildren(...c) {
    this.children = c;
    dom.replaced++;
  }
  get lastChild() {
    return this.children[this.children.length - 1];
  }
  focus() {}
}

globalThis.document = { createElement: (tag) => new El(tag), createTextNode: (text) => ({ text }) };
const { RequestTable, ROW_HEIGHT } = await import('../../extension/src/table.js');

/** A table whose body is 10 rows tall, and a browser that runs frames on demand. */
function setUp() {
  let callbacks = [];
  globalThis.requestAnimationFrame = (f) => callbacks.push(f);
  globalThis.cancelAnimationFrame = (id) => {
    callbacks[id - 1] = null;
  };
  const table = new RequestTable(new El('div'), { t: (k, ...a) => [k, ...a].join(' '), onSelect() {}, onOpen() {}, storage: null });
  const body = table.body;
  body.clientHeight = 10 * ROW_HEIGHT;
  let top = 0;
  let eventDue = false;
  const writes = [];
  Object.defineProperty(body, 'scrollTop', {
    get: () => top,
    set: (v) => {
      const max = Math.max(0, parseFloat(table.sizer.style.height || '0') - body.clientHeight);
      const next = Math.min(Math.max(0, v), max);
      writes.push(next);
      if (next !== top) eventDue = true;
      top = next;
    },
  });
  const browser = {
    writes,
    /** One frame: the scroll event of the last write first, then the animation callbacks. */
    frame() {
      if (eventDue) {
        eventDue = false;
        for (const f of body.listeners.scroll) f();
      }
      const due = callbacks;
      callbacks = [];
      for (const f of due) if (f) f();
    },
    /** The user scrolls the body. */
    userScrolls(to) {
      top = to;
      for (const f of body.listeners.scroll) f();
    },
    get top() {
      return top;
    },
  };
  return { table, browser };
}

function rows(n) {
  return Array.from({ length: n }, (_, index) => ({
    key: index,
    index,
    name: `r${index}`,
    url: `https://app.test/r${index}`,
    domain: 'app.test',
    method: 'GET',
    status: '401',
    statusNum: 401,
    causes: [],
    badges: [],
    time: 5,
    important: true,
    health: 'failing',
    search: `r${index} get 401`,
  }));
}

test('a table at its end follows new rows even when they come between a write and its scroll event', () => {
  const { table, browser } = setUp();
  table.setRows(rows(20));
  browser.frame();
  assert.equal(browser.top, 10 * ROW_HEIGHT);
  // More rows before the frame that reports the first write's scroll.
  table.setRows(rows(30));
  browser.frame();
  browser.frame();
  assert.equal(browser.top, 20 * ROW_HEIGHT, 'the newer end, not the one the late event reported');
  table.setRows(rows(40));
  browser.frame();
  browser.frame();
  assert.equal(browser.top, 30 * ROW_HEIGHT, 'still following');
  // Redraws that add no row write nothing (no layout forced).
  const before = browser.writes.length;
  table.setRows(rows(40));
  browser.frame();
  assert.equal(browser.writes.length, before);
});

test('a user who scrolled up is not pulled back to the end', () => {
  const { table, browser } = setUp();
  table.setRows(rows(30));
  browser.frame();
  browser.frame();
  table.setRows(rows(31));
  // The user scrolls up before the follow is written.
  browser.userScrolls(2 * ROW_HEIGHT);
  browser.frame();
  browser.frame();
  assert.equal(browser.top, 2 * ROW_HEIGHT);
  table.setRows(rows(32));
  browser.frame();
  assert.equal(browser.top, 2 * ROW_HEIGHT);
});

test('rows are drawn where the body will be when the list shrinks below it', () => {
  const { table, browser } = setUp();
  table.setRows(rows(40));
  browser.frame();
  browser.frame();
  browser.userScrolls(25 * ROW_HEIGHT);
  table.setFilter({ text: 'r7 ' });
  assert.equal(table.shown.length, 1);
  assert.equal(table.sizer.children.length, 1, 'the one row left is drawn, not a blank table');
});

test('a redraw with the same rows in the same places writes nothing to the rows', () => {
  // A live page redraws the table several times a second, mostly with the same failures on
  // screen: each write would make the browser style and lay the rows out again.
  const { table, browser } = setUp();
  const list = rows(5);
  table.setRows(list);
  browser.frame();
  const drawn = [...table.sizer.children];
  const before = { ...dom };
  table.setRows(list);
  browser.frame();
  assert.deepEqual(dom, before, 'nothing written');
  assert.deepEqual(table.sizer.children, drawn);
  // A selected row: redrawn as it is, nothing is written either.
  table.select(3, { scroll: false, notify: false });
  assert.equal(table.sizer.children[3].attrs['aria-selected'], 'true');
  const selected = { ...dom };
  table.setRows(list);
  assert.deepEqual(dom, selected, 'nothing written with a row selected');
  // Another selection: only its rows change; they stay where they are.
  table.select(1, { scroll: false, notify: false });
  assert.equal(dom.replaced, before.replaced);
  assert.equal(table.sizer.children[1].attrs['aria-selected'], 'true');
  assert.equal(table.sizer.children[3].attrs['aria-selected'], 'false');
  // A new row: the rows are put in place again, the new one with them.
  table.setRows(rows(6));
  assert.equal(dom.replaced, before.replaced + 1);
  assert.equal(table.sizer.children.length, 6);
  assert.equal(table.sizer.children[5].attrs['aria-rowindex'], '7');
});
