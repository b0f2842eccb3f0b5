// The offline page: acquires a HAR (file picker, drop, paste, sample), has the
// worker analyse it, and hands the view to the shared Rust renderer. Everything
// stays in this tab: the only requests are this page's own files.
import init, { Renderer, uiText, pickLang, reportCounts } from './pkg/why401.js';

// Beyond this the tab would likely run out of memory (the wasm heap holds the file
// about twice while reading it); the CLI has no such limit.
// `?maxBytes=N` lowers it (the end-to-end test checks the message with a small file).
const MAX_BYTES = Number(new URLSearchParams(location.search).get('maxBytes')) || 1024 * 1024 * 1024;

// Without its engine the page can do nothing: it says so instead of offering buttons that do
// nothing. The catalog of words lives in the wasm, so these two sentences live here.
try {
  await init();
} catch (e) {
  const detail = String((e && e.message) || e);
  const ja = /^ja\b/i.test(navigator.language || '');
  const m = document.getElementById('message');
  m.textContent = ja
    ? `解析エンジンを読み込めませんでした (${detail})。このブラウザは WebAssembly の SIMD 命令に対応していない可能性があります。Chrome 91 以降、Firefox 114 以降、Safari 16.4 以降のいずれかでこのページを開いてください。`
    : `The analysis engine did not load (${detail}). This browser may not support WebAssembly SIMD: open the page in Chrome 91, Firefox 114, Safari 16.4 or later.`;
  m.hidden = false;
  document.getElementById('open').hidden = true;
  document.documentElement.dataset.engine = 'failed';
  throw e;
}

const $ = (id) => document.getElementById(id);
const state = {
  lang: pickLang(navigator.language || 'en'),
  name: '',
  worker: null,
  renderer: null,
  view: false, // whether a view is shown
  file: undefined, // the worker's count of the file shown (its answers about others are dropped)
  receipt: '',
};

function t(key, data = {}) {
  let s = uiText(state.lang, key);
  for (const [k, v] of Object.entries(data)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

function localize() {
  document.documentElement.lang = state.lang;
  $('lang').value = state.lang;
  for (const el of document.querySelectorAll('[data-i18n]')) {
    const s = t(el.dataset.i18n);
    if (s) el.textContent = s;
  }
  document.title = t('ui_page_title');
  if (state.view) showLoaded();
}

function message(text, kind = 'error') {
  const m = $('message');
  m.textContent = text;
  m.classList.toggle('info', kind === 'info');
  m.hidden = !text;
}

function formatBytes(n) {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.ceil(n / 1024)} KiB`;
}

function startWorker() {
  // The worker warms its engine up in the page's language until the first message.
  const url = new URL('./worker.js', import.meta.url);
  url.searchParams.set('lang', state.lang);
  const w = new Worker(url, { type: 'module' });
  w.onmessage = (ev) => onWorker(ev.data);
  w.onerror = (ev) => {
    ev.preventDefault();
    busy(false);
    message(`${t('ui_error')}: ${ev.message || 'worker error'}`);
  };
  return w;
}

/** Rounds of the renderer's warm-up ([`warmRenderer`]). */
const RENDER_WARM_ROUNDS = 4;

/** Whether the renderer's warm-up ran (a worker started again after a cancel offers another). */
let renderWarmed = false;

/** The renderer's first view runs mostly unoptimized, as the engine's first analysis does
 * (src/wasm/warm.rs): drawing the failures of the 150 MB bench file took 86 to 107 ms of the
 * page's thread, most of it reading the view and making its rows; warmed, 38 to 49 ms (six
 * runs each, interleaved). While the user picks a file, the view the worker made of its
 * warm-up capture is drawn into a detached element, one round a task, so that the code a real
 * view needs is optimized before one comes. A file opened stops it, and so does a round that
 * fails. */
function warmRenderer(json) {
  if (renderWarmed) return;
  renderWarmed = true;
  let round = 0;
  const step = () => {
    if (state.view || !$('progress').hidden || round++ >= RENDER_WARM_ROUNDS) return;
    let r = null;
    try {
      r = new Renderer(document.createElement('div'), { lang: state.lang });
      r.setViewJson(json);
    } catch {
      return;
    } finally {
      r?.free();
    }
    document.documentElement.dataset.rendererWarm = String(round); // rounds done, for the tests
    setTimeout(step, 0);
  };
  setTimeout(step, 0);
}

function worker() {
  if (!state.worker) state.worker = startWorker();
  return state.worker;
}

function busy(on) {
  $('progress').hidden = !on;
  for (const b of document.querySelectorAll('#open button, #open input, [data-export]')) b.disabled = on;
}

function progress(phase, loaded, total) {
  busy(true);
  $('phase').textContent = t(`ui_phase_${phase}`);
  const bar = $('bar');
  if (phase === 'reading' && total) {
    bar.max = total;
    bar.value = loaded || 0;
  } else {
    bar.removeAttribute('value'); // indeterminate while wasm works
  }
}

function showLoaded() {
  const c = state.renderer.counts();
  $('loaded').textContent = t('ui_loaded', { name: state.name, counts: reportCounts(state.lang, c.failures, c.entries) });
}

function onWorker(msg) {
  switch (msg.type) {
    case 'progress':
      progress(msg.phase, msg.loaded, msg.total);
      break;
    case 'view':
      busy(false);
      message('');
      state.view = true;
      state.file = msg.file;
      $('results').hidden = false;
      state.renderer.setViewJson(msg.json);
      // How many threads the engine ran on, and how many parts of analyses its pool's workers
      // ran (www/engine.js), for the tests and a curious reader.
      document.documentElement.dataset.threads = String(msg.threads);
      document.documentElement.dataset.pooled = String(msg.pooled);
      showLoaded();
      break;
    case 'warm':
      warmRenderer(msg.json);
      break;
    case 'details':
      if (msg.file === state.file) state.renderer.setDetails(msg.entry, msg.details);
      break;
    case 'export':
      onExport(msg);
      break;
    case 'error':
      busy(false);
      message(msg.oom ? t('ui_out_of_memory') : `${t('ui_error')}: ${msg.message}`);
      if (msg.oom) cancel(false); // a worker that ran out of memory is not reusable
      break;
  }
}

function open(source, name) {
  if (source.size !== undefined && source.size > MAX_BYTES) {
    message(t('ui_too_large', { size: formatBytes(source.size), limit: formatBytes(MAX_BYTES) }));
    return;
  }
  message('');
  state.name = name;
  $('receipt').hidden = true;
  progress('reading', 0, source.size || 0);
  // Test hook: `?faultEntry=N` makes the core panic at entry N, to prove the page survives a bug.
  const fault = Number.parseInt(new URLSearchParams(location.search).get('faultEntry') ?? '', 10);
  const faultEntry = Number.isInteger(fault) ? fault : undefined;
  if (source instanceof Blob) worker().postMessage({ type: 'open', file: source, lang: state.lang, faultEntry });
  else {
    const bytes = new TextEncoder().encode(source.text);
    worker().postMessage({ type: 'open', bytes, lang: state.lang, faultEntry }, [bytes.buffer]);
  }
}

function cancel(show = true) {
  if (state.worker) state.worker.terminate();
  state.worker = null;
  worker(); // a fresh one, warming up for the next file
  busy(false);
  if (show) message(t('ui_cancelled'), 'info');
}

function download(text, filename, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function baseName() {
  return (state.name || 'capture').replace(/\.(har|json)$/i, '');
}

function onExport(msg) {
  busy(false);
  if (msg.what === 'markdown') download(msg.text, `${baseName()}.why401.md`, 'text/markdown');
  else if (msg.what === 'json') download(msg.text, `${baseName()}.why401.json`, 'application/json');
  else if (msg.what === 'sanitized') {
    state.receipt = msg.receipt;
    $('receipt-title').textContent = msg.receipt.split('\n')[0];
    $('receipt-text').textContent = msg.receipt;
    $('receipt-download').textContent = `${baseName()}.sanitized.receipt.txt`;
    $('receipt').hidden = false;
    download(msg.text, `${baseName()}.sanitized.har`, 'application/json');
  }
}

// --- wiring -------------------------------------------------------------------

state.renderer = new Renderer($('report'), { lang: state.lang });
localize();

$('lang').addEventListener('change', (e) => {
  state.lang = e.target.value;
  localize();
  state.renderer.setLang(state.lang);
  if (state.view) worker().postMessage({ type: 'lang', lang: state.lang });
});

$('theme').addEventListener('change', (e) => {
  const v = e.target.value;
  if (v === 'auto') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = v;
});

$('file').addEventListener('change', (e) => {
  const f = e.target.files && e.target.files[0];
  if (f) open(f, f.name);
  e.target.value = '';
});

$('sample').addEventListener('click', async () => {
  // Same-origin static file (allowed by connect-src 'self').
  const res = await fetch(new URL('./sample.har', import.meta.url));
  open(await res.blob(), 'sample.har');
});

$('paste-go').addEventListener('click', () => {
  const text = $('paste').value.trim();
  if (text) open({ text }, 'pasted.har');
});

document.addEventListener('paste', (e) => {
  if (e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLInputElement) return;
  const text = e.clipboardData && e.clipboardData.getData('text');
  if (text && text.trim().startsWith('{')) {
    e.preventDefault();
    open({ text }, 'pasted.har');
  }
});

$('cancel').addEventListener('click', () => cancel(true));

for (const b of document.querySelectorAll('[data-export]')) {
  b.addEventListener('click', () => {
    busy(true);
    worker().postMessage({ type: 'export', what: b.dataset.export });
  });
}

$('receipt-download').addEventListener('click', () => {
  download(state.receipt, `${baseName()}.sanitized.receipt.txt`, 'text/plain');
});

let dragDepth = 0;
document.addEventListener('dragenter', (e) => {
  if (!e.dataTransfer || !Array.from(e.dataTransfer.types).includes('Files')) return;
  dragDepth++;
  $('drop-overlay').hidden = false;
});
document.addEventListener('dragleave', () => {
  dragDepth = Math.max(0, dragDepth - 1);
  if (dragDepth === 0) $('drop-overlay').hidden = true;
});
document.addEventListener('dragover', (e) => e.preventDefault());
document.addEventListener('drop', (e) => {
  e.preventDefault();
  dragDepth = 0;
  $('drop-overlay').hidden = true;
  const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
  if (f) open(f, f.name);
});

// The renderer asks for the headers and curl of the request it shows; the worker builds them.
$('report').addEventListener('why401-details', (e) => {
  if (!state.worker || state.file === undefined) return;
  e.preventDefault();
  state.worker.postMessage({ type: 'details', entry: e.detail, file: state.file });
});

// The renderer's "copy as curl": copy, and fall back to selecting the text.
document.addEventListener('why401-copy', async (e) => {
  e.preventDefault();
  try {
    await navigator.clipboard.writeText(e.detail);
  } catch {
    const pre = document.querySelector('.w4-curl');
    if (pre) getSelection().selectAllChildren(pre);
  }
});

// Started now, not on the first file: its engine warms up while the user picks one.
worker();

document.documentElement.dataset.ready = 'true';
