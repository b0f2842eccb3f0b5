// Unit tests of the request table's data side: the filter language, sorting and column widths.
// (Drawing, selection and the keyboard are covered in a real DevTools window by
// tests/e2e/extension-panel.test.mjs.)
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COLUMNS, filterRows, gridTemplate, parseFilter, sortRows } from '../../extension/src/table.js';

function row(index, { name = `r${index}`, method = 'GET', status = '200', causes = [], time = 5, important = false, domain = 'app.test' } = {}) {
  return {
    index,
    name,
    method,
    status,
    statusNum: Number(status) || 0,
    causes,
    time,
    important,
    domain,
    search: [name, method, status, ...causes].join(' ').toLowerCase(),
  };
}

const ROWS = [
  row(0, { name: 'app.test' }),
  row(1, { name: 'orders', status: '401', causes: ['jwt-expired'], important: true, time: 12 }),
  row(2, { name: 'legacy', status: '401', causes: ['basic-malformed'], important: true, time: 3 }),
  row(3, { name: 'profile', method: 'OPTIONS', status: '401', causes: ['preflight-unauthorized'], important: true, domain: 'api.test' }),
  row(4, { name: 'profile', status: '—', causes: ['cors-blocked'], important: true, time: null, domain: 'api.test' }),
  row(5, { name: 'ok' }),
];
const names = (rows) => rows.map((r) => `${r.method} ${r.name}`);

test('failures only keeps failing, blocked and paired rows', () => {
  assert.deepEqual(filterRows(ROWS, { failuresOnly: true }).map((r) => r.index), [1, 2, 3, 4]);
  assert.equal(filterRows(ROWS, { failuresOnly: false }).length, ROWS.length);
});

test('filter terms: all must match, -term excludes, field:value looks at one column', () => {
  assert.deepEqual(parseFilter(' -Cause:JWT  status:401 x '), [
    { negate: true, field: 'cause', value: 'jwt' },
    { negate: false, field: 'status', value: '401' },
    { negate: false, field: null, value: 'x' },
  ]);
  assert.deepEqual(names(filterRows(ROWS, { text: 'status:401 -cause:jwt' })), ['GET legacy', 'OPTIONS profile']);
  assert.deepEqual(names(filterRows(ROWS, { text: 'method:options' })), ['OPTIONS profile']);
  assert.deepEqual(names(filterRows(ROWS, { text: 'domain:api profile -options' })), ['GET profile']);
  assert.deepEqual(names(filterRows(ROWS, { text: 'ORDERS' })), ['GET orders']);
  // A lone "-" is no term at all (someone still typing).
  assert.equal(filterRows(ROWS, { text: '-' }).length, ROWS.length);
  // status: matches a prefix, as DevTools' status-code filter does with 4.
  assert.equal(filterRows(ROWS, { text: 'status:4' }).length, 3);
});

test('sorting: by a column either way, rows without a value last, capture order without a key', () => {
  assert.deepEqual(sortRows(ROWS, null).map((r) => r.index), [0, 1, 2, 3, 4, 5]);
  const up = sortRows(ROWS, { key: 'time', dir: 1 }).map((r) => r.index);
  const down = sortRows(ROWS, { key: 'time', dir: -1 }).map((r) => r.index);
  assert.deepEqual(up, [2, 0, 3, 5, 1, 4]);
  assert.deepEqual(down, [1, 0, 3, 5, 2, 4]);
  // Blocked (no status) last in both directions; equal values keep capture order.
  assert.equal(sortRows(ROWS, { key: 'status', dir: 1 }).at(-1).index, 4);
  assert.equal(sortRows(ROWS, { key: 'status', dir: -1 }).at(-1).index, 4);
  assert.deepEqual(sortRows(ROWS, { key: 'status', dir: -1 }).slice(0, 3).map((r) => r.index), [1, 2, 3]);
  assert.deepEqual(sortRows(ROWS, { key: 'cause', dir: 1 }).map((r) => r.index), [2, 4, 1, 3, 0, 5]);
  // The input is not reordered in place.
  assert.deepEqual(ROWS.map((r) => r.index), [0, 1, 2, 3, 4, 5]);
});

test('column widths: resized columns in px, never below their minimum; the others their default', () => {
  assert.equal(gridTemplate({}), COLUMNS.map((c) => c.track).join(' '));
  const want = COLUMNS.map((c) => (c.key === 'name' ? '250px' : c.key === 'status' ? `${c.min}px` : c.track)).join(' ');
  assert.equal(gridTemplate({ name: 250.4, status: 10 }), want);
});
