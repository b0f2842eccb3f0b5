// The extension builder: one manifest source, per-browser differences, stable id, zip format.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import zlib from 'node:zlib';
import { extensionId, manifestFor, readSource, stripJsonComments } from '../../extension/build.mjs';
import { drawIcon } from '../../extension/tools/icons.mjs';
import { crc32, zipDir } from '../../extension/tools/zip.mjs';

test('comments are stripped, strings with // kept', () => {
  const src = '{\n // a\n "u": "http://*/*", /* b */ "s": "a\\"//b"\n}';
  assert.deepEqual(JSON.parse(stripJsonComments(src)), { u: 'http://*/*', s: 'a"//b' });
});

test('per-browser manifests differ only where a browser needs it', () => {
  const src = readSource();
  const chrome = manifestFor('chrome', src, '1.2.3');
  const firefox = manifestFor('firefox', src, '1.2.3');
  assert.equal(chrome.manifest_version, 3);
  assert.equal(chrome.version, '1.2.3');
  assert.ok(chrome.key && !firefox.key);
  assert.ok(!chrome.browser_specific_settings && firefox.browser_specific_settings.gecko.id);
  assert.deepEqual(firefox.background.scripts, ['background.js']);
  assert.equal(firefox.background.service_worker, 'background.js');
  assert.equal(chrome.background.scripts, undefined);
  // Deep mode (chrome.debugger) is a Chrome edition of its own: Chrome allows `debugger` only
  // at install, never as an optional permission.
  const deep = manifestFor('chrome-deep', src, '1.2.3');
  assert.deepEqual(chrome.permissions, []);
  assert.deepEqual(deep.permissions, ['debugger']);
  assert.equal(deep.key, chrome.key);
  assert.ok(!chrome.optional_permissions.includes('debugger') && !deep.optional_permissions.includes('debugger'));
  const strip = (m) => {
    const c = structuredClone(m);
    for (const k of ['key', 'minimum_chrome_version', 'browser_specific_settings']) delete c[k];
    delete c.background.scripts;
    return c;
  };
  assert.deepEqual(strip(chrome), strip(firefox));
});

test('no install-time permissions, strict CSP', () => {
  const m = readSource();
  assert.deepEqual(m.permissions, []);
  assert.equal(m.host_permissions, undefined);
  assert.deepEqual(m.optional_permissions, ['cookies']);
  const csp = m.content_security_policy.extension_pages;
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /object-src 'none'/);
  assert.match(csp, /connect-src 'self'/);
});

test('every extension string exists in English and Japanese', () => {
  const dir = path.resolve(import.meta.dirname, '../../extension/_locales');
  const en = JSON.parse(fs.readFileSync(path.join(dir, 'en/messages.json'), 'utf8'));
  const ja = JSON.parse(fs.readFileSync(path.join(dir, 'ja/messages.json'), 'utf8'));
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort());
});

test('the fixed key gives the id the e2e tests and docs use', () => {
  assert.equal(extensionId(readSource().key), 'joepmpnejbjnikdkhkofiiokaleogfpl');
});

test('zip: stored names, sizes and CRCs read back', (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-zip-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'a'));
  fs.writeFileSync(path.join(dir, 'a/x.txt'), 'hello hello hello');
  fs.writeFileSync(path.join(dir, 'm.json'), '{}');
  const zip = zipDir(dir);
  const names = [];
  let off = 0;
  while (zip.readUInt32LE(off) === 0x04034b50) {
    const size = zip.readUInt32LE(off + 18);
    const nameLen = zip.readUInt16LE(off + 26);
    const name = zip.toString('utf8', off + 30, off + 30 + nameLen);
    const data = zlib.inflateRawSync(zip.subarray(off + 30 + nameLen, off + 30 + nameLen + size));
    assert.equal(crc32(data), zip.readUInt32LE(off + 14));
    names.push([name, data.toString()]);
    off += 30 + nameLen + size;
  }
  assert.deepEqual(names, [
    ['a/x.txt', 'hello hello hello'],
    ['m.json', '{}'],
  ]);
  assert.deepEqual(zipDir(dir), zip, 'reproducible');
});

test('icons are PNGs of the requested size', () => {
  const png = drawIcon(48);
  assert.equal(png.toString('latin1', 1, 4), 'PNG');
  assert.equal(png.readUInt32BE(16), 48);
});

test('no HTML parsing of strings anywhere in the extension (untrusted data stays text)', () => {
  const root = path.resolve(import.meta.dirname, '../../extension');
  const files = fs.readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.js') || f.endsWith('.mjs') || f.endsWith('.html'));
  const offenders = [];
  for (const f of files) {
    const code = fs
      .readFileSync(path.join(root, f), 'utf8')
      .split('\n')
      .filter((line) => !line.trim().startsWith('//'));
    code.forEach((line, i) => {
      if (/innerHTML|outerHTML|insertAdjacentHTML|document\.write|(?<![.\w])eval\(|new Function/.test(line)) offenders.push(`${f}:${i + 1}`);
    });
  }
  assert.deepEqual(offenders, []);
});
