// firebase.test: Firebase Authentication as Google's own emulator implements it (npm
// `firebase-tools`, the emulator Firebase developers test against; it speaks the Identity Toolkit
// and Secure Token REST APIs with their error codes), run as a child on a loopback port from the
// lab's Node packages (`LAB_NODE`, set up by `./build.sh lab` from tests/lab/firebase). A page
// reaches it as the Firebase JS SDK does after `connectAuthEmulator()`: the API's host is the
// first segment of the path (`/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword`).
// The emulator answers CORS preflights itself; the lab's Node server passes everything to it as
// it came (`front`), and adds one lab-only call, `POST /lab/disable-user`, which disables the
// user through the emulator's admin API (as an administrator would in the console).
//
// fb-api.test: an app's own API that verifies the Firebase ID token of each request with the
// Firebase Admin SDK (`firebase-admin`, `verifyIdToken`), as Firebase's documentation shows, and
// answers 401 with the SDK's words when it refuses one. It is set up as for production: it is not
// told of the emulator (no `FIREBASE_AUTH_EMULATOR_HOST`), so it refuses the emulator's unsigned
// tokens, as a backend deployed, or started, without that setting does.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { freePort, poll, startProcess, stopProcess } from '../lib/util.mjs';

export const FIREBASE_PROJECT = 'demo-why401';
export const FIREBASE_USER = { email: 'dana@example.test', password: 'Correct-Horse-7' };

/**
 * @param {object} o
 * @param {(line: string) => void} [o.log]
 * @returns {Promise<{ port: number, front: import('node:http').RequestListener, api: import('node:http').RequestListener, reset: () => Promise<void>, stop: () => Promise<void> }>}
 */
export async function startFirebase({ log = () => {} } = {}) {
  const [port, hub, logging] = [await freePort(), await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'why401-firebase-'));
  const config = { emulators: { auth: { host: '127.0.0.1', port }, hub: { host: '127.0.0.1', port: hub }, logging: { host: '127.0.0.1', port: logging }, ui: { enabled: false } } };
  fs.writeFileSync(path.join(dir, 'firebase.json'), JSON.stringify(config));
  const labNode = path.resolve(process.env.LAB_NODE);
  const child = startProcess(process.execPath, [path.join(labNode, 'node_modules/firebase-tools/lib/bin/firebase.js'), 'emulators:start', '--only', 'auth', '--project', FIREBASE_PROJECT], {
    cwd: dir,
    env: { HOME: dir, FIREBASE_CLI_DISABLE_UPDATE_CHECK: 'true', NO_UPDATE_NOTIFIER: '1', CI: '1' },
    log,
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child, 5000);
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    return await started({ base, port, labNode, stop });
  } catch (e) {
    await stop();
    throw e;
  }
}

/** The emulator once it answers: the user made, and the handlers. */
async function started({ base, port, labNode, stop }) {
  await poll(
    'firebase auth emulator',
    async () => {
      try {
        return (await fetch(`${base}/`)).ok;
      } catch {
        return false;
      }
    },
    60_000,
  );
  // A fresh project each run: the user is made here, not by the page.
  const r = await fetch(`${base}/identitytoolkit.googleapis.com/v1/accounts:signUp?key=lab`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...FIREBASE_USER, returnSecureToken: true }),
  });
  if (!r.ok) throw new Error(`firebase signUp: ${r.status} ${await r.text()}`);
  const { localId } = await r.json();
  const admin = (body) =>
    fetch(`${base}/identitytoolkit.googleapis.com/v1/projects/${FIREBASE_PROJECT}/accounts:update`, {
      method: 'POST',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ localId, ...body }),
    });
  // Before each recording: the user enabled again, with the password the page signs in with,
  // and email enumeration protection as the scenario asks (`"firebase": {"emailEnumerationProtection":
  // true}` in scenarios.json; off, the emulator's default, otherwise).
  const reset = async (scenario = {}) => {
    const a = await admin({ disableUser: false, password: FIREBASE_USER.password });
    if (!a.ok) throw new Error(`firebase reset: ${a.status} ${await a.text()}`);
    const protect = !!scenario.firebase?.emailEnumerationProtection;
    const c = await fetch(`${base}/emulator/v1/projects/${FIREBASE_PROJECT}/config`, {
      method: 'PATCH',
      headers: { authorization: 'Bearer owner', 'content-type': 'application/json' },
      body: JSON.stringify({ emailPrivacyConfig: { enableImprovedEmailPrivacy: protect } }),
    });
    if (!c.ok) throw new Error(`firebase config: ${c.status} ${await c.text()}`);
  };
  return { port, front: front(port, admin), api: api(labNode, `127.0.0.1:${port}`), reset, stop };
}

/**
 * fb-api.test's handler: `GET /v1/profile` (and `/emulated/v1/profile`) with
 * `Authorization: Bearer <Firebase ID token>`.
 */
function api(labNode, emulatorHost) {
  const { initializeApp } = createRequire(path.join(labNode, 'package.json'))('firebase-admin/app');
  const { getAuth } = createRequire(path.join(labNode, 'package.json'))('firebase-admin/auth');
  // The Admin SDK reads FIREBASE_AUTH_EMULATOR_HOST when an app's Auth is made: one made
  // without it (the API as deployed), one with it (`/emulated/…`: as a developer runs it beside
  // the emulator).
  delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  const auth = getAuth(initializeApp({ projectId: FIREBASE_PROJECT }, 'fb-api'));
  process.env.FIREBASE_AUTH_EMULATOR_HOST = emulatorHost;
  const emulatedAuth = getAuth(initializeApp({ projectId: FIREBASE_PROJECT }, 'fb-api-emulated'));
  delete process.env.FIREBASE_AUTH_EMULATOR_HOST;
  return (req, res) => {
    const cors = {
      'access-control-allow-origin': req.headers.origin || '*',
      'access-control-allow-headers': 'authorization',
      vary: 'Origin',
    };
    if (req.method === 'OPTIONS') return res.writeHead(204, cors).end();
    const json = (status, body) => res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(body));
    const m = /^Bearer (.+)$/.exec(req.headers.authorization || '');
    if (!m) return json(401, { error: 'missing bearer token' });
    (req.url.startsWith('/emulated/') ? emulatedAuth : auth).verifyIdToken(m[1]).then(
      (t) => json(200, { uid: t.uid, email: t.email }),
      (e) => json(401, { error: e.message, code: e.code }),
    );
  };
}

/** A handler for firebase.test on the lab's Node server: the emulator's answers, as they come. */
function front(emulatorPort, admin) {
  return (req, res) => {
    const cors = { 'access-control-allow-origin': req.headers.origin || '*', vary: 'Origin' };
    if (req.url === '/lab/disable-user') {
      if (req.method === 'OPTIONS') return res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST' }).end();
      admin({ disableUser: true }).then(
        (r) => res.writeHead(r.ok ? 204 : 502, cors).end(),
        (e) => res.writeHead(502, cors).end(`emulator: ${e.message}\n`),
      );
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: emulatorPort, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        res.writeHead(r.statusCode, r.headers);
        r.pipe(res);
      },
    );
    upstream.on('error', (e) => (res.headersSent ? res.destroy(e) : res.writeHead(502).end(`emulator: ${e.message}\n`)));
    req.pipe(upstream);
  };
}
