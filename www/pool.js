// A worker of the analysis worker's pool (see engine.js, `loadThreaded`): it instantiates the
// engine built with threads (pkg-mt) over the analysis worker's shared memory, says it is
// ready (or not), then runs parts of each analysis as the engine hands them out (`poolWork`,
// which does not return). Nothing here touches the network but the module's glue, from this
// origin; the compiled module came from the analysis worker.
//
// A panic in a part aborts this worker's instance; the engine's panic hook has then told the
// thread waiting for that part, which panics in its turn (the analysis worker restarts its
// engine and its pool). Anything else that stops the instance (memory running out, say) is
// reported with no entry to blame (`poolLost`), so that no analysis waits for a part that will
// not come and the page says what happened.
self.onmessage = async ({ data: { url, module, memory } }) => {
  let pkg;
  try {
    pkg = await import(url);
    pkg.initSync({ module, memory });
  } catch (e) {
    console.error('why401: a worker of the engine could not start:', e);
    self.postMessage({ ready: false });
    return;
  }
  self.postMessage({ ready: true });
  try {
    pkg.poolWork();
  } catch (e) {
    // A panic was reported by the hook already (then this does nothing). poolLost allocates
    // nothing: the memory may be what ran out.
    console.error('why401: a worker of the engine stopped:', e);
    try {
      pkg.poolLost();
    } catch {
      // Not even that: the instance is past use.
    }
  }
  self.close();
};
