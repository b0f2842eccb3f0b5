// Shared by the scenario pages (served as /pages/lab.js on app.test): URLs of the lab's hosts,
// a fetch wrapper that records what the page saw, the OIDC login dance (authorization code +
// PKCE), and `done()`, which the producers wait for (window.__labDone).
const root = document.documentElement;
export const PORT = root.dataset.port;
export const NGINX = root.dataset.nginx;
/** nginx's TLS port, in front of the Node server's hosts: a page loaded over https stays there. */
export const TLS = root.dataset.tls;
export const HTTPS = location.protocol === 'https:';

/**
 * URL on one of the lab's hostnames (proxy.test is nginx's port, the rest the Node server's, or
 * nginx's TLS port for a page loaded over https).
 */
export const at = (host, path) =>
  HTTPS && host !== 'proxy.test' ? `https://${host}:${TLS}${path}` : `http://${host}:${host === 'proxy.test' ? NGINX : PORT}${path}`;

const results = [];
const logEl = document.getElementById('log');
function log(line) {
  logEl.textContent += line + '\n';
}

/** fetch() that never throws: { status, body, json } or { error }. */
export async function req(label, url, init = {}) {
  try {
    const r = await fetch(url, init);
    const body = await r.text();
    let json = null;
    try {
      json = JSON.parse(body);
    } catch {
      /* not JSON */
    }
    results.push({ label, status: r.status });
    log(`${label}: ${r.status}`);
    return { status: r.status, body, json };
  } catch (e) {
    results.push({ label, error: String(e) });
    log(`${label}: ${e}`);
    return { error: String(e) };
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * GET with a user name and password given to XMLHttpRequest.open(): the browser answers a Basic
 * or Digest challenge with them itself. Resolves to the status the page saw.
 */
export function xhrWithCredentials(label, url, user, password) {
  return new Promise((resolve) => {
    const x = new XMLHttpRequest();
    x.open('GET', url, true, user, password);
    x.onloadend = () => {
      results.push({ label, status: x.status });
      log(`${label}: ${x.status}`);
      resolve(x.status);
    };
    x.send();
  });
}

/** Signals the producers that the scenario is over (after a short quiet time). */
export async function done() {
  await sleep(150);
  window.__labResults = results;
  window.__labDone = true;
  log('done');
}

/** An access token "from storage" (see servers/tokens.mjs): valid | expired | none. */
export async function storedToken(kind = 'valid', extra = {}) {
  const r = await fetch(`/lab/stored-token?${new URLSearchParams({ kind, ...extra })}`);
  return (await r.json()).access_token;
}

export const bearer = (token) => ({ authorization: `Bearer ${token}` });

// --- OAuth 2.0 authorization code + PKCE against idp.test (oidc-provider) -------------------

/** base64url of bytes. */
function b64url(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** SHA-256 (crypto.subtle is missing: http://app.test is not a secure context). */
function sha256(bytes) {
  const K = [];
  const H = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
  const frac = (x) => ((x - Math.floor(x)) * 2 ** 32) >>> 0;
  for (let n = 2, found = 0; found < 64; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) if (n % d === 0) prime = false;
    if (prime) K[found++] = frac(Math.cbrt(n));
  }
  const len = bytes.length;
  const padded = new Uint8Array(((len + 9 + 63) >> 6) << 6);
  padded.set(bytes);
  padded[len] = 0x80;
  const dv = new DataView(padded.buffer);
  dv.setUint32(padded.length - 4, len * 8);
  const w = new Uint32Array(64);
  const rotr = (x, n) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let i = 0; i < 16; i++) w[i] = dv.getUint32(off + i * 4);
    for (let i = 16; i < 64; i++) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = H;
    for (let i = 0; i < 64; i++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      [h, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
    }
    [a, b, c, d, e, f, g, h].forEach((v, i) => (H[i] = (H[i] + v) >>> 0));
  }
  const out = new Uint8Array(32);
  H.forEach((v, i) => new DataView(out.buffer).setUint32(i * 4, v));
  return out;
}

/** This page's URL without query: the registered redirect_uri. */
export const redirectUri = () => location.origin + location.pathname;

/**
 * Signs in at idp.test (a navigation there and back). On the first load it navigates away and
 * never resolves; on the way back it resolves to { code, verifier, redirectUri, step }.
 */
export async function oidcLogin({ scope = 'openid offline_access read write', resource = at('api.test', '/') } = {}) {
  const p = new URLSearchParams(location.search);
  if (p.has('code') || p.has('error')) {
    const saved = JSON.parse(sessionStorage.getItem('lab-pkce') || '{}');
    return { code: p.get('code'), error: p.get('error'), verifier: saved.verifier, redirectUri: redirectUri() };
  }
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem('lab-pkce', JSON.stringify({ verifier }));
  const q = new URLSearchParams({
    client_id: 'spa',
    response_type: 'code',
    redirect_uri: redirectUri(),
    scope,
    resource,
    state: 'lab-state',
    code_challenge: b64url(sha256(new TextEncoder().encode(verifier))),
    code_challenge_method: 'S256',
  });
  location.assign(at('idp.test', `/auth?${q}`));
  return new Promise(() => {});
}

/** POST to idp.test's token endpoint (form-encoded, as oidc-client-ts and friends do). */
export function token(label, params) {
  return req(label, at('idp.test', '/token'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
}

/** Exchanges the code from oidcLogin(); resolves to the token response JSON. */
export async function exchange(login, label = 'token (code)', verifier = login.verifier) {
  const r = await token(label, {
    grant_type: 'authorization_code',
    client_id: 'spa',
    code: login.code,
    redirect_uri: login.redirectUri,
    code_verifier: verifier,
  });
  return r.json || {};
}

/** base64 of UTF-8 (what apps do so that btoa() accepts non-Latin-1 passwords). */
export function base64Utf8(s) {
  let bin = '';
  for (const b of new TextEncoder().encode(s)) bin += String.fromCharCode(b);
  return btoa(bin);
}
