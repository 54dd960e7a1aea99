/*
 * Plimsoll's check worker: runs checks away from the page so that typing
 * never waits for one (web/src/checker.rs starts it, web/src/worker.rs is
 * what it runs).
 *
 * The page's first message names its own WebAssembly module: the glue script
 * and the .wasm file, whose names carry a content hash. The worker loads the
 * same two files (from the browser's cache), and the module, seeing it runs
 * in a worker, answers check requests instead of drawing a page. Only files
 * of this site are loaded; nothing is sent anywhere.
 */
self.addEventListener(
  'message',
  async (event) => {
    try {
      const [glue, wasm] = event.data.map((path) => new URL(path, self.location.href));
      if (glue.origin !== self.location.origin || wasm.origin !== self.location.origin) {
        throw new Error('only same-origin module files are loaded');
      }
      const bindings = await import(glue.href);
      await bindings.default({ module_or_path: wasm.href });
    } catch (error) {
      // The page then checks by itself.
      self.postMessage(['failed', String(error)]);
    }
  },
  { once: true },
);
