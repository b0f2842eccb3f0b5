// Python web frameworks of the lab, each run by its own development server on a loopback port
// from the lab's Python environment (`LAB_PYTHON`, set up by `./build.sh lab` from
// tests/lab/requirements.txt): Django with Django REST framework (django_app.py beside this file),
// Flask with Flask-WTF (flask_app.py) and FastAPI (fastapi_app.py, run by uvicorn). The lab's Node
// server hands them app.test's requests under /django/, /flask/ and /fastapi/ (`front`), Host header
// and all, so that the page and its API share an origin as a front end's dev-server proxy makes
// them share one, and Django's CSRF check compares the browser's Origin with that host (and under
// /proxied/django/, with the host a proxy names); and api.test's under /fastapi/, another origin,
// where Starlette's CORS middleware answers.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, poll, startProcess, stopProcess } from '../lib/util.mjs';

export const DJANGO_USER = { name: 'dana', password: 'Correct-Horse-7' };

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Starts `script` with a free port (and `args`) and waits until `ready` answers.
 * @returns {Promise<{ port: number, lab: (p: string, init?: RequestInit) => Promise<Response>, stop: () => Promise<void> }>}
 */
async function startPython(script, args, ready, log, cleanup = () => {}) {
  const port = await freePort();
  const child = startProcess(process.env.LAB_PYTHON, [path.join(here, script), String(port), ...args], { log });
  const base = `http://127.0.0.1:${port}`;
  // Django answers only hosts it allows: the lab's own calls name app.test, as the page does.
  const lab = (p, init = {}) => fetch(`${base}${p}`, { ...init, headers: { host: 'app.test', ...init.headers } });
  const stop = async () => {
    await stopProcess(child);
    cleanup();
  };
  try {
    await poll(script, async () => {
      try {
        return (await lab(ready)).ok;
      } catch {
        return false;
      }
    }, 30_000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { port, lab, stop };
}

/**
 * Django (sessions ended by `reset`), Flask and FastAPI, with a `front` for the Node server.
 * @param {object} o
 * @param {string} o.origin the page's origin (FastAPI's CORS middleware allows it)
 * @param {(line: string) => void} [o.log]
 */
export async function startPythonApps({ origin, log = () => {} }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-lab-django-'));
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  const django = await startPython('django_app.py', [path.join(dir, 'db.sqlite3')], '/django/csrf', log, cleanup);
  let flask, fastapi;
  try {
    flask = await startPython('flask_app.py', [], '/flask/csrf', (s) => log(`flask: ${s}`));
    fastapi = await startPython('fastapi_app.py', [origin], '/fastapi/ready', (s) => log(`fastapi: ${s}`));
  } catch (e) {
    await flask?.stop();
    await django.stop();
    throw e;
  }
  return {
    front: front(django.port, flask.port, fastapi.port),
    async reset() {
      const r = await django.lab('/django/lab/reset', { method: 'POST' });
      if (!r.ok) throw new Error(`django reset: ${r.status}`);
    },
    async stop() {
      await fastapi.stop();
      await flask.stop();
      await django.stop();
    },
  };
}

/**
 * app.test's /django/, /flask/ and /fastapi/ (and api.test's /fastapi/) on the lab's Node server:
 * passed on as they came (not /django/lab/). Under /proxied/django/, as a reverse proxy that names the upstream in Host does
 * (nginx's `proxy_pass http://127.0.0.1:…` without `proxy_set_header Host $host`): Django then
 * sees another host than the browser's Origin.
 */
function front(djangoPort, flaskPort, fastapiPort) {
  return (req, res) => {
    const proxied = req.url.startsWith('/proxied/');
    const url = proxied ? req.url.slice('/proxied'.length) : req.url;
    if (url.startsWith('/django/lab/')) return res.writeHead(404).end();
    const port = url.startsWith('/flask/') ? flaskPort : url.startsWith('/fastapi/') ? fastapiPort : djangoPort;
    const headers = proxied ? { ...req.headers, host: `127.0.0.1:${port}` } : req.headers;
    const upstream = http.request({ host: '127.0.0.1', port, method: req.method, path: url, headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    upstream.on('error', (e) => (res.headersSent ? res.destroy(e) : res.writeHead(502).end(`python app: ${e.message}\n`)));
    req.pipe(upstream);
  };
}
