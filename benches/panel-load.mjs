// The busy page the panel benchmarks load (benches/panel.mjs for Chromium,
// benches/panel-firefox.mjs for Firefox): a local server and a page that sends `rate` requests per
// second for `seconds` seconds (every 50th answered 401 with an expired JWT), and the arithmetic
// that turns the page's finish times and the panel's redraws into badge latencies.
import http from 'node:http';

const b64url = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
// Expired an hour before the benchmark starts; the signature is never checked by why401.
const EXPIRED = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: 'bench', exp: Math.floor(Date.now() / 1000) - 3600 })}.c2lnbmF0dXJl`;

const PAGE = `<!doctype html><meta charset=utf-8><title>busy page</title><body>busy page<script>
window.__fails = [];
window.__sent = 0;
window.__finished = 0;
window.__errors = 0;
// Sends rate requests/s for seconds s; every 50th is answered 401 with an expired JWT.
window.run = (rate, seconds) => new Promise((resolve) => {
  const total = Math.round(rate * seconds);
  const t0 = performance.now();
  let i = 0;
  const tick = () => {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    for (; i < due; i++) {
      const n = i;
      const fail = n % 50 === 25;
      window.__sent++;
      fetch('/api/' + (fail ? 'fail' : 'ok') + '/' + n, fail ? { headers: { authorization: 'Bearer ${EXPIRED}' } } : {})
        .then((r) => r.text().then(() => r.status))
        .catch(() => 0)
        .then((status) => {
          window.__finished++;
          // Only a 401 is a failure to show; a request the browser itself gave up on (status
          // 0: Chromium's ERR_INSUFFICIENT_RESOURCES under load) is counted apart.
          if (status === 0) window.__errors++;
          else if (fail) window.__fails.push([n, Date.now()]);
        });
    }
    if (i < total) setTimeout(tick, 5);
    else resolve(total);
  };
  tick();
});
</script>`;

export function startServer() {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return res.end(PAGE);
    }
    if (url.pathname.startsWith('/api/fail/')) {
      res.writeHead(401, {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'www-authenticate': 'Bearer realm="api", error="invalid_token", error_description="The access token expired"',
      });
      return res.end('{"error":"invalid_token"}');
    }
    if (url.pathname.startsWith('/api/ok/')) {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end('{"ok":true,"items":[1,2,3]}');
    }
    res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: server.address().port })));
}

export const pct = (xs, p) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** Badge latency of each failure: the first redraw at or after it that shows enough failures. */
export function latencies(fails, redraws) {
  const done = [...fails].sort((a, b) => a[1] - b[1]);
  const out = [];
  let r = 0;
  done.forEach(([, at], k) => {
    while (r < redraws.length && (redraws[r][1] < k + 1 || redraws[r][0] < at)) r++;
    out.push(r < redraws.length ? redraws[r][0] - at : Infinity);
  });
  return out;
}


/**
 * The figures both panel benchmarks report: throughput, badge latency (also over time: the first
 * and the last third of the failures), DevTools' delivery, and the panel's cost per redraw.
 * `perf` is the panel's `__why401Perf` as read back; `deliver` the delivery time of each failure.
 */
export function busyFigures({ fails, perf, deliver, start, sendEnd, total, networkErrors, arrivedAt }) {
  const lat = latencies(fails, perf.last.filter(([t]) => t >= start));
  // The panel's own share of each badge's latency: from the request reaching the panel
  // (`arrivedAt`: failure number -> ms) to its badge, in the order `latencies` uses.
  const own = [];
  if (arrivedAt) {
    [...fails]
      .sort((a, b) => a[1] - b[1])
      .forEach(([n, at], k) => {
        if (arrivedAt.has(n) && Number.isFinite(lat[k])) own.push(lat[k] - (arrivedAt.get(n) - at));
      });
  }
  const entries = perf.last.length ? perf.last[perf.last.length - 1][2] : 0;
  const third = Math.max(1, Math.floor(lat.length / 3));
  const perRedraw = (ms) => Math.round(ms / Math.max(1, perf.redraws));
  return {
    requests: total,
    entries,
    entriesPerSecond: Math.round(entries / ((sendEnd - start) / 1000)),
    failures: fails.length,
    networkErrors,
    shown: lat.filter(Number.isFinite).length,
    badgeP50ms: pct(lat, 50),
    badgeP95ms: pct(lat, 95),
    badgeMaxMs: Math.max(...lat),
    p95FirstThirdMs: pct(lat.slice(0, third), 95),
    p95LastThirdMs: pct(lat.slice(-third), 95),
    panelOwnP50ms: own.length ? pct(own, 50) : null,
    panelOwnP95ms: own.length ? pct(own, 95) : null,
    deliveredP50ms: pct(deliver, 50),
    deliveredP95ms: pct(deliver, 95),
    delivered: `${deliver.length}/${fails.length}`,
    redraws: perf.redraws,
    feedMsPerRedraw: perRedraw(perf.feedMs),
    analysisMsPerRedraw: perRedraw(perf.analysisMs),
    drawMsPerRedraw: perRedraw(perf.drawMs),
  };
}
