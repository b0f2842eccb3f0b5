// Shared by the end-to-end tests and the browser benchmark: a tiny static server
// for www/ (node's http module, 127.0.0.1, random port) and a Chromium launcher
// with the flags this project always uses (headless, no sandbox as root, no first-run UI).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../lab/producers/common.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.har': 'application/json',
  '.json': 'application/json',
  '.ts': 'text/plain',
};

/** The headers of www/_headers ("/*" block), sent as a static host would send them. */
export const WWW_HEADERS = Object.fromEntries(
  fs
    .readFileSync(path.join(WWW, '_headers'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('  '))
    .map((l) => l.trim().split(': ')),
);

/** Serves `dir` under `prefix` (a sub-path, to prove relative URLs); extra routes for tests. */
export function serve(dir = WWW, { prefix = '/', extra = {} } = {}) {
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const url = new URL(req.url, 'http://x');
    if (extra[url.pathname]) return extra[url.pathname](req, res);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { ...WWW_HEADERS, 'content-type': TYPES[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ server, port, origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${prefix}`, requests });
    });
  });
}

export async function launch(extraArgs = []) {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const close = async () => {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  return { browser, close };
}

/**
 * The panel's capture list as data, one row per listed request: a script body for
 * `page.evaluate` (Chromium) or Marionette (Firefox), so both browsers read the same DOM.
 */
export const PANEL_ROWS_SCRIPT = `return [...document.querySelectorAll('#request-list > li')].map((li) => ({
  entry: Number(li.dataset.entry),
  health: li.dataset.health,
  method: li.querySelector('.method').textContent,
  status: li.querySelector('.status').textContent,
  url: li.querySelector('.url').textContent,
  causes: [...li.querySelectorAll('.badge.cause')].map((b) => b.textContent),
  badges: [...li.querySelectorAll('.badge')].map((b) => b.textContent),
}));`;
