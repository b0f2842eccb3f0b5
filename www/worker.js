// The analysis worker: reads the file, runs the wasm core (one Session), and
// answers the page. Messages are typed on `type`:
//   page → worker: {type:'open', file?, bytes?, lang} | {type:'lang', lang}
//                  | {type:'export', what:'markdown'|'json'|'sanitized'|'curl', entry?}
//   worker → page: {type:'progress', phase, loaded?, total?} | {type:'view', view}
//                  | {type:'export', what, text, receipt?, items?} | {type:'error', message, oom}
// Nothing here touches the network: the module and the wasm come from this origin.
import init, { Session } from './pkg/why401.js';

const ready = init();
let session = null;
let lang = 'en';

const post = (msg) => self.postMessage(msg);

async function readFile(file) {
  const total = file.size;
  const out = new Uint8Array(total);
  let loaded = 0;
  const reader = file.stream().getReader();
  let last = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, loaded);
    loaded += value.length;
    const now = Date.now();
    if (now - last > 50) {
      last = now;
      post({ type: 'progress', phase: 'reading', loaded, total });
    }
  }
  return out.subarray(0, loaded);
}

function isOom(e) {
  const s = String((e && e.message) || e);
  return e instanceof RangeError || /memory|allocation|unreachable/i.test(s);
}

self.onmessage = async (ev) => {
  const msg = ev.data;
  try {
    await ready;
    switch (msg.type) {
      case 'open': {
        lang = msg.lang || lang;
        let bytes = msg.bytes;
        if (msg.file) {
          post({ type: 'progress', phase: 'reading', loaded: 0, total: msg.file.size });
          bytes = await readFile(msg.file);
        }
        post({ type: 'progress', phase: 'parsing' });
        if (session) session.free();
        session = new Session({ lang, nowMs: Date.now() });
        session.addHar(bytes);
        bytes = null;
        post({ type: 'progress', phase: 'analysing' });
        post({ type: 'view', view: session.view() });
        break;
      }
      case 'lang': {
        lang = msg.lang;
        if (session) {
          session.setOptions({ lang, nowMs: Date.now() });
          post({ type: 'view', view: session.view() });
        }
        break;
      }
      case 'export': {
        if (!session) break;
        if (msg.what === 'markdown') post({ type: 'export', what: 'markdown', text: session.markdown() });
        else if (msg.what === 'json') post({ type: 'export', what: 'json', text: session.json() });
        else if (msg.what === 'curl') post({ type: 'export', what: 'curl', text: session.curl(msg.entry) });
        else if (msg.what === 'sanitized') {
          const s = session.sanitizedHar();
          post({ type: 'export', what: 'sanitized', text: s.har, receipt: s.receipt, items: s.items });
        }
        break;
      }
    }
  } catch (e) {
    post({ type: 'error', message: String((e && e.message) || e), oom: isOom(e) });
  }
};
