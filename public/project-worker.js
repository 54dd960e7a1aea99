/*
 * Plimsoll's project worker: checks a Dockerfile with the files around it
 * (project-worker/ in the repository; web/src/checker.rs starts it the first
 * time a file is added beside the Dockerfile). Loads the module Trunk built
 * for it, from this site only; nothing is sent anywhere.
 */
importScripts('./plimsoll-project-worker.js');
wasm_bindgen({ module_or_path: './plimsoll-project-worker_bg.wasm' }).catch((error) => {
  // The page then checks the Dockerfile alone.
  self.postMessage(['failed', String(error)]);
});
