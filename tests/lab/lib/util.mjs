// Small helpers shared by the lab: bounded waits, free ports, and child processes that are
// always stopped by their PID (on success, on failure, and on Ctrl-C).
import { spawn } from 'node:child_process';
import net from 'node:net';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Calls `fn` every `everyMs` until it returns something truthy; throws after `timeoutMs`. */
export async function poll(what, fn, timeoutMs = 15_000, everyMs = 100) {
  const t0 = Date.now();
  let last;
  let lastErr;
  while (Date.now() - t0 < timeoutMs) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      lastErr = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}` + (lastErr ? ` (last error: ${lastErr.message})` : ''));
}

/** Rejects when `promise` has not settled within `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Every child process the lab started, so that exit paths can stop them by PID.
const children = new Map();

/** Spawns a child whose PID is remembered until it exits; output goes to `log` (a function). */
export function startProcess(cmd, args, { env, log = () => {}, cwd } = {}) {
  const child = spawn(cmd, args, { env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.set(child.pid, child);
  child.stdout.on('data', (d) => log(String(d)));
  child.stderr.on('data', (d) => log(String(d)));
  child.once('exit', () => children.delete(child.pid));
  return child;
}

/** Stops one child by PID: SIGTERM, then SIGKILL after `graceMs`; resolves once it exited. */
export async function stopProcess(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  try {
    process.kill(child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const t = setTimeout(() => {
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, graceMs);
  await exited;
  clearTimeout(t);
}

/** Stops every child still running (used on failure and on signals). */
export async function stopAll() {
  await Promise.all([...children.values()].map((c) => stopProcess(c)));
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    await stopAll();
    process.exit(130);
  });
}
