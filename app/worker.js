// Starts the page's worker (app/src/bin/worker/main.rs). A file of the page, like
// boot.js, so no inline script is needed. Trunk names the worker's files
// after its binary, without a hash.
importScripts("./inventory-worker.js");
wasm_bindgen({ module_or_path: "./inventory-worker_bg.wasm" }).catch((error) => {
  self.postMessage({ failed: "the worker could not start: " + String(error) });
});
