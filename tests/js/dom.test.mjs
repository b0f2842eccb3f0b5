// extension/src/dom.js: writing text only when it changes (a live panel redraws several times a
// second, and each text set again is a new text node for the browser to lay out).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setText } from '../../extension/src/dom.js';

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
