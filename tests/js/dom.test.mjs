// extension/src/dom.js: writing text and attributes only when they change (a live panel redraws several times a
// second, and each text set again is a new text node for the browser to lay out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setAttr, setText } from '../../extension/src/dom.js';

test('setText writes an element\'s text only when it changes', () => {
  let writes = 0;
  let text = '';
  const el = {
    get textContent() {
      return text;
    },
    set textContent(v) {
      writes++;
      text = v;
    },
  };
  assert.equal(setText(el, '3 requests, 1 failing'), true);
  assert.equal(setText(el, '3 requests, 1 failing'), false);
  assert.equal(writes, 1);
  assert.equal(setText(el, '4 requests, 1 failing'), true);
  assert.equal(text, '4 requests, 1 failing');
  // Emptied once, then left alone.
  assert.equal(setText(el, ''), true);
  assert.equal(setText(el, ''), false);
  assert.equal(writes, 3);
});

test('setAttr writes an attribute only when it changes, and null removes it', () => {
  const log = [];
  const attrs = {};
  const el = {
    getAttribute: (k) => (k in attrs ? attrs[k] : null),
    setAttribute: (k, v) => log.push(`set ${k}=${v}`) && (attrs[k] = v),
    removeAttribute: (k) => log.push(`remove ${k}`) && delete attrs[k],
  };
  assert.equal(setAttr(el, 'aria-activedescendant', 'row-3'), true);
  assert.equal(setAttr(el, 'aria-activedescendant', 'row-3'), false);
  assert.equal(setAttr(el, 'aria-activedescendant', null), true);
  assert.equal(setAttr(el, 'aria-activedescendant', null), false);
  assert.deepEqual(log, ['set aria-activedescendant=row-3', 'remove aria-activedescendant']);
});
