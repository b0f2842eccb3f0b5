#!/usr/bin/env node
// Builds the extension for each browser from the one source tree:
//   node extension/build.mjs [--pkg DIR] [--out DIR] [--zip] [--print-id]
// dist/chrome/, dist/chrome-deep/ and dist/firefox/ get the same files; only manifest.json
// differs (see manifest.src.json). chrome-deep is the Chrome edition with deep mode: it adds the
// `debugger` permission, which Chrome allows only at install. Icons are drawn here (no binary
// files in git). --zip writes dist/why401-<edition>.zip for the stores.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawIcon } from './tools/icons.mjs';
import { zipDir } from './tools/zip.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

/** Files and folders of extension/ that ship (everything else is tooling). */
const SHIPPED = ['_locales', 'src', 'background.js', 'devtools.html', 'devtools.js', 'panel.html', 'panel.js', 'panel.css'];
export const ICON_SIZES = [16, 32, 48, 128];
export const BROWSERS = ['chrome', 'chrome-deep', 'firefox'];

/** JSON with `//` and block comments (outside strings) -> JSON. */
export function stripJsonComments(text) {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i];
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      if (i === 0) throw new Error('unterminated comment');
    } else out += c;
  }
  return out;
}

/** The manifest for one browser, from the parsed source. */
export function manifestFor(browser, src, version) {
  const m = structuredClone(src);
  m.version = version;
  if (browser === 'chrome' || browser === 'chrome-deep') {
    delete m.browser_specific_settings;
    // Chrome warns on background.scripts in MV3 ("requires manifest version of 2 or lower").
    delete m.background.scripts;
    // The same id as the default edition: it replaces it, the two are not meant side by side.
    if (browser === 'chrome-deep') m.permissions = [...m.permissions, 'debugger'];
  } else if (browser === 'firefox') {
    // Firefox does not use `key` (its id comes from browser_specific_settings.gecko.id) and
    // web-ext lint flags Chrome-only keys.
    delete m.key;
    delete m.minimum_chrome_version;
  } else {
    throw new Error(`unknown browser ${browser}`);
  }
  return m;
}

/** Chrome's extension id: the first 128 bits of SHA-256 of the public key, as letters a-p. */
export function extensionId(keyBase64) {
  const hex = createHash('sha256').update(Buffer.from(keyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

export function readSource() {
  return JSON.parse(stripJsonComments(fs.readFileSync(path.join(HERE, 'manifest.src.json'), 'utf8')));
}

function cargoVersion() {
  const toml = fs.readFileSync(path.join(ROOT, 'Cargo.toml'), 'utf8');
  const m = /^\[package\][\s\S]*?^version\s*=\s*"([^"]+)"/m.exec(toml);
  if (!m) throw new Error('no package version in Cargo.toml');
  return m[1];
}

function main(argv) {
  const arg = (name, dflt) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : dflt;
  };
  const src = readSource();
  if (argv.includes('--print-id')) {
    console.log(extensionId(src.key));
    return;
  }
  const pkg = path.resolve(arg('--pkg', path.join(HERE, 'pkg')));
  const out = path.resolve(arg('--out', path.join(ROOT, 'dist')));
  const version = cargoVersion();
  const hasPkg = fs.existsSync(path.join(pkg, 'why401.js'));
  if (!hasPkg) console.warn(`warning: no wasm package in ${pkg}: the panel will say the engine is unavailable`);
  for (const browser of BROWSERS) {
    const dir = path.join(out, browser);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const name of SHIPPED) fs.cpSync(path.join(HERE, name), path.join(dir, name), { recursive: true });
    if (hasPkg) {
      fs.mkdirSync(path.join(dir, 'pkg'));
      // Only what the panel loads: the glue, the module and the renderer's stylesheet (no .d.ts,
      // package.json or .gitignore).
      for (const f of ['why401.js', 'why401_bg.wasm', 'why401.css']) {
        if (fs.existsSync(path.join(pkg, f))) fs.copyFileSync(path.join(pkg, f), path.join(dir, 'pkg', f));
      }
    }
    fs.mkdirSync(path.join(dir, 'icons'));
    for (const size of ICON_SIZES) fs.writeFileSync(path.join(dir, 'icons', `icon-${size}.png`), drawIcon(size));
    fs.writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifestFor(browser, src, version), null, 2)}\n`);
    if (argv.includes('--zip')) {
      const zip = path.join(out, `why401-${browser}.zip`);
      fs.writeFileSync(zip, zipDir(dir));
      console.log(`${path.relative(ROOT, zip)} (${fs.statSync(zip).size} bytes)`);
    }
    console.log(`${path.relative(ROOT, dir)}/ (manifest ${version})`);
  }
  console.log(`chrome extension id: ${extensionId(src.key)}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
