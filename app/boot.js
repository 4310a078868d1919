// Starts the page's wasm. A separate file rather than Trunk's inline script,
// so the Content-Security-Policy can forbid inline scripts. Trunk names the
// hashed files in <meta name="app-js"> and <meta name="app-wasm">.
const url = (name) => document.querySelector(`meta[name="${name}"]`).content;

function fail(error) {
  const panel = document.getElementById("panic");
  const text = document.getElementById("panic-message");
  if (text) text.textContent = String(error && error.message ? error.message : error);
  if (panel) panel.hidden = false;
  const booting = document.getElementById("booting");
  if (booting) booting.remove();
}

try {
  const bindings = await import(url("app-js"));
  await bindings.default({ module_or_path: url("app-wasm") });
} catch (error) {
  console.error(error);
  fail(error);
}
