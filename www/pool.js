// A worker of the analysis worker's pool (see worker.js, `loadThreaded`): it instantiates the
// engine built with threads (pkg-mt) over the analysis worker's shared memory, says it is
// ready, then runs parts of each analysis as the engine hands them out (`poolWork`, which
// never returns). Nothing here touches the network: the module came from the analysis worker.
//
// A panic in a part aborts this worker's instance; the engine's panic hook has then told the
// thread waiting for that part, which panics in its turn (the analysis worker restarts its
// engine and its pool). Anything else that stops the instance (memory running out, say) is
// reported the same way (`poolLost`), so that no analysis waits for a part that will not come.
self.onmessage = async ({ data: { url, module, memory } }) => {
  let pkg;
  try {
    pkg = await import(url);
    pkg.initSync({ module, memory });
  } catch (e) {
    self.postMessage({ ready: false, message: String((e && e.message) || e) });
    return;
  }
  self.postMessage({ ready: true });
  try {
    pkg.poolWork();
  } catch (e) {
    try {
      pkg.poolLost(String((e && e.message) || e));
    } catch {
      // The instance cannot even report it: the analysis worker's own restart ends the pool.
    }
  }
  self.close();
};
