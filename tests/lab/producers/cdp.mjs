// Producer "cdp": a HAR built from Chrome DevTools Protocol events (Network.*, Page.*) with
// npm chrome-har, the way many monitoring and test tools make HARs. Chromium driven by
// puppeteer-core; a fresh browser context per scenario. Text bodies (≤ 16 KB) are fetched with
// Network.getResponseBody when each request finishes.
import puppeteer from 'puppeteer-core';
import { harFromMessages } from 'chrome-har';
import { CHROMIUM, CHROMIUM_ARGS, DONE_EXPR, SCENARIO_TIMEOUT_MS } from './common.mjs';
import { poll, sleep, withTimeout } from '../lib/util.mjs';

export const name = 'cdp';

const EVENTS = [
  'Page.frameStartedLoading',
  'Page.frameRequestedNavigation',
  'Page.navigatedWithinDocument',
  'Page.loadEventFired',
  'Page.domContentEventFired',
  'Page.frameAttached',
  'Network.requestWillBeSent',
  'Network.requestServedFromCache',
  'Network.requestWillBeSentExtraInfo',
  'Network.responseReceivedExtraInfo',
  'Network.responseReceived',
  'Network.dataReceived',
  'Network.loadingFinished',
  'Network.loadingFailed',
  'Network.resourceChangedPriority',
];

/**
 * Folds each Network.*ExtraInfo event (the headers really sent and received: Cookie, Origin,
 * Set-Cookie, Location) into the event it belongs to, pairing the k-th ExtraInfo of a requestId
 * with its k-th request / response (redirect hops share one requestId). Fed the raw events,
 * chrome-har drops an ExtraInfo that arrives before its request, appends request headers twice,
 * and puts a redirect hop's Set-Cookie on the final response, differently from run to run
 * (observed here; CDP does not order ExtraInfo events).
 */
export function mergeExtraInfo(messages) {
  const extras = { req: new Map(), res: new Map() };
  for (const { method, params } of messages) {
    const kind = method === 'Network.requestWillBeSentExtraInfo' ? 'req' : method === 'Network.responseReceivedExtraInfo' ? 'res' : null;
    if (kind) extras[kind].set(params.requestId, [...(extras[kind].get(params.requestId) || []), params]);
  }
  const seen = { req: new Map(), res: new Map() };
  const next = (kind, id) => {
    const k = seen[kind].get(id) || 0;
    seen[kind].set(id, k + 1);
    return (extras[kind].get(id) || [])[k];
  };
  const out = [];
  for (const m of messages) {
    if (m.method.endsWith('ExtraInfo')) continue;
    const p = { ...m.params };
    if (m.method === 'Network.requestWillBeSent') {
      if (p.redirectResponse) {
        const x = next('res', p.requestId);
        if (x && x.headers) p.redirectResponse = { ...p.redirectResponse, headers: x.headers };
      }
      const x = next('req', p.requestId);
      if (x && x.headers) p.request = { ...p.request, headers: x.headers };
    }
    if (m.method === 'Network.responseReceived') {
      const x = next('res', p.requestId);
      if (x && x.headers) p.response = { ...p.response, headers: x.headers };
    }
    out.push({ method: m.method, params: p });
  }
  return out;
}

export async function open() {
  const browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, protocolTimeout: 30_000 });
  const pid = browser.process()?.pid;
  return {
    async record(world, scenario) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        const cdp = await page.createCDPSession();
        const messages = [];
        const responses = new Map(); // requestId -> responseReceived params (to attach the body)
        const bodies = [];
        for (const method of EVENTS) {
          cdp.on(method, (params) => {
            messages.push({ method, params });
            if (method === 'Network.responseReceived') responses.set(params.requestId, params);
            if (method === 'Network.loadingFinished') {
              const rr = responses.get(params.requestId);
              const mime = rr?.response?.mimeType || '';
              if (rr && /json|html|text\/plain|xml/.test(mime) && params.encodedDataLength <= 16 * 1024) {
                bodies.push(
                  cdp
                    .send('Network.getResponseBody', { requestId: params.requestId })
                    .then((b) => {
                      rr.response.body = b.base64Encoded ? Buffer.from(b.body, 'base64').toString('utf8') : b.body;
                    })
                    .catch(() => {}),
                );
              }
            }
          });
        }
        await cdp.send('Page.enable');
        await cdp.send('Network.enable');
        await page.goto(world.url(scenario.id), { waitUntil: 'domcontentloaded', timeout: 15_000 });
        await poll(`scenario ${scenario.id} done`, () => page.evaluate(DONE_EXPR).catch(() => false), SCENARIO_TIMEOUT_MS);
        await sleep(300);
        await withTimeout(Promise.all(bodies), 5000, 'response bodies');
        await cdp.detach().catch(() => {});
        const har = harFromMessages(mergeExtraInfo(messages), { includeTextFromResponseBody: true });
        har.log.creator = { name: 'chrome-har (tests/lab cdp producer)', version: '1.3.1' };
        return har;
      } finally {
        await withTimeout(context.close(), 10_000, 'context close').catch(() => {});
      }
    },
    async close() {
      await withTimeout(browser.close(), 10_000, 'chromium close').catch(() => {
        if (pid) process.kill(pid, 'SIGKILL');
      });
    },
  };
}
