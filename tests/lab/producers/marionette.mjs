// A minimal client for Firefox's built-in Marionette protocol (JSON over TCP, each message
// framed as "<length>:<json>"; commands [0, id, name, params], replies [1, id, error, result]).
// Enough to drive real headless Firefox without geckodriver.
import net from 'node:net';
import { withTimeout } from '../lib/util.mjs';

export async function connectMarionette(port, host = '127.0.0.1') {
  const socket = net.connect(port, host);
  await withTimeout(new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  }), 10_000, 'marionette connect');
  let buf = Buffer.alloc(0);
  let nextId = 1;
  const pending = new Map();
  let greeting;
  const greeted = new Promise((r) => (greeting = r));
  socket.on('data', (chunk) => {
    buf = Buffer.concat([buf, chunk]);
    for (;;) {
      const colon = buf.indexOf(':');
      if (colon < 0) return;
      const len = Number(buf.subarray(0, colon).toString());
      if (buf.length < colon + 1 + len) return;
      const msg = JSON.parse(buf.subarray(colon + 1, colon + 1 + len).toString('utf8'));
      buf = buf.subarray(colon + 1 + len);
      if (!Array.isArray(msg)) {
        greeting(msg);
        continue;
      }
      const [, id, error, result] = msg;
      const p = pending.get(id);
      if (!p) continue;
      pending.delete(id);
      if (error) p.reject(new Error(`${error.error}: ${error.message}`));
      else p.resolve(result);
    }
  });
  socket.on('close', () => {
    for (const p of pending.values()) p.reject(new Error('marionette connection closed'));
    pending.clear();
  });
  await withTimeout(greeted, 10_000, 'marionette greeting');
  return {
    /** Sends one command; rejects on a protocol error or after `timeoutMs`. */
    send(name, params = {}, timeoutMs = 30_000) {
      const id = nextId++;
      const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
      socket.write(`${body.length}:`);
      socket.write(body);
      return withTimeout(new Promise((resolve, reject) => pending.set(id, { resolve, reject })), timeoutMs, `marionette ${name}`);
    },
    close() {
      socket.destroy();
    },
  };
}
