// The engine (the wasm core) for the page's analysis worker (www/worker.js) and the browser
// bench: instance `n` of the module (0 first; a fresh instance after a panic trapped the last,
// loaded from a URL of its own so that its glue is fresh too), with its memory, which the
// worker writes a file into, `threads()`, the number of threads it runs on, and `poolTasks()`,
// the parts of analyses its pool's workers ran.
// Nothing here touches the network but the module's own files, from this origin.

/**
 * Threads the engine runs on: in a cross-origin isolated page (www/_headers) on a machine of
 * several cores, the engine built with threads (pkg-mt) shares its memory with a pool of
 * workers (www/pool.js), up to 8 threads in all. Elsewhere (a file opened from disk, a host
 * that does not send the headers, a build without pkg-mt) the engine runs on this thread.
 */
export const THREADS = self.crossOriginIsolated ? Math.min(navigator.hardwareConcurrency || 1, 8) : 1;
/** The pool of the current instance of the engine. */
let pool = [];
/** The threaded engine's compiled module, compiled once for every instance and worker. */
let threadedModule = null;
/** The threaded engine could not be loaded here: a restart does not try again. */
let threadedFailed = false;

/** Ends the pool's workers. */
function endPool() {
  for (const w of pool) w.terminate();
  pool = [];
}

export async function loadEngine(n) {
  // An earlier instance's pool (it trapped, or its file is done with) goes with it.
  endPool();
  if (THREADS > 1 && !threadedFailed) {
    try {
      return await loadThreaded(n);
    } catch {
      // No pkg-mt, or a browser that will not share the memory: one thread.
      endPool();
      threadedFailed = true;
    }
  }
  const pkg = await import(n ? `./pkg/why401.js?instance=${n}` : './pkg/why401.js');
  // The engine's memory, which `readInto` writes a file into.
  const { memory } = await pkg.default();
  return { ...pkg, memory, threads: () => 1, poolTasks: () => 0 };
}

/** The engine with threads and its pool: THREADS - 1 workers, each told the module and the
 * memory. Waits until each has answered (ready, or not), at most a few seconds; the engine
 * counts the workers that started (`poolThreads`), so a slow one costs only its share. */
async function loadThreaded(n) {
  const url = new URL(n ? `./pkg-mt/why401.js?instance=${n}` : './pkg-mt/why401.js', self.location.href);
  threadedModule ||= WebAssembly.compileStreaming(fetch(new URL('./pkg-mt/why401_bg.wasm', self.location.href)));
  const module = await threadedModule.catch((e) => {
    threadedModule = null;
    throw e;
  });
  const pkg = await import(url.href);
  const { memory } = await pkg.default({ module_or_path: module });
  pool = Array.from({ length: THREADS - 1 }, () => new Worker('./pool.js', { type: 'module' }));
  await Promise.all(
    pool.map(
      (w) =>
        new Promise((resolve) => {
          const timer = setTimeout(resolve, 5000);
          w.onmessage = w.onerror = () => {
            clearTimeout(timer);
            resolve();
          };
          w.postMessage({ url: url.href, module, memory });
        }),
    ),
  );
  return { ...pkg, memory, threads: () => pkg.poolThreads() };
}
