// Django with Django REST framework (django_app.py beside this file), run by Django's own
// development server on a loopback port from the lab's Python environment (`LAB_PYTHON`, set up
// by `./build.sh lab` from tests/lab/requirements.txt). The lab's Node server hands it app.test's
// requests under /django/ (`front`), Host header and all, so that the page and its API share an
// origin as a front end's dev-server proxy makes them share one, and Django's CSRF check compares
// the browser's Origin with that host (and under /proxied/django/, with the host a proxy names).
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, poll, startProcess, stopProcess } from '../lib/util.mjs';

export const DJANGO_USER = { name: 'dana', password: 'Correct-Horse-7' };

/**
 * @param {object} o
 * @param {(line: string) => void} [o.log]
 * @returns {Promise<{ front: import('node:http').RequestListener, reset: () => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startDjango({ log = () => {} } = {}) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-lab-django-'));
  const app = path.join(path.dirname(fileURLToPath(import.meta.url)), 'django_app.py');
  const child = startProcess(process.env.LAB_PYTHON, [app, String(port), path.join(dir, 'db.sqlite3')], { log });
  const base = `http://127.0.0.1:${port}`;
  // Django answers only hosts it allows: the lab's own calls name app.test, as the page does.
  const lab = (p, init = {}) => fetch(`${base}${p}`, { ...init, headers: { host: 'app.test', ...init.headers } });
  try {
    await poll('django runserver', async () => {
      try {
        return (await lab('/django/csrf')).ok;
      } catch {
        return false;
      }
    }, 30_000);
  } catch (e) {
    await stopProcess(child);
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    front: front(port),
    async reset() {
      const r = await lab('/django/lab/reset', { method: 'POST' });
      if (!r.ok) throw new Error(`django reset: ${r.status}`);
    },
    async stop() {
      await stopProcess(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * app.test's /django/ on the lab's Node server: passed to runserver as it came (not /django/lab/).
 * Under /proxied/django/, as a reverse proxy that names the upstream in Host does (nginx's
 * `proxy_pass http://127.0.0.1:…` without `proxy_set_header Host $host`): Django then sees
 * another host than the browser's Origin.
 */
function front(port) {
  return (req, res) => {
    const proxied = req.url.startsWith('/proxied/');
    const path = proxied ? req.url.slice('/proxied'.length) : req.url;
    if (path.startsWith('/django/lab/')) return res.writeHead(404).end();
    const headers = proxied ? { ...req.headers, host: `127.0.0.1:${port}` } : req.headers;
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path, headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    upstream.on('error', (e) => (res.headersSent ? res.destroy(e) : res.writeHead(502).end(`django: ${e.message}\n`)));
    req.pipe(upstream);
  };
}
