//! Scripts the big-file page tests install and read: what the page showed
//! while it worked (a progress bar, the build's progress, main-thread long
//! tasks), and its memory.

/// Installed before the files are chosen: remembers whether a progress bar
/// and the report's build progress were ever shown, and every main-thread
/// long task.
pub const WATCH: &str = r#"
const w = window.__watch = { sawProgress: false, sawBuilding: null, longest: 0, over100: 0 };
new MutationObserver(() => {
  if (document.querySelector('.progress-list progress')) w.sawProgress = true;
  const building = document.getElementById('building');
  if (building && /of [0-9,]+ numbers/.test(building.textContent)) w.sawBuilding = building.textContent;
}).observe(document.body, { childList: true, subtree: true, characterData: true });
new PerformanceObserver(list => {
  for (const e of list.getEntries()) {
    w.longest = Math.max(w.longest, e.duration);
    if (e.duration > 100) w.over100 += 1;
  }
}).observe({ type: 'longtask', buffered: false });
return true;
"#;

/// The page's JS heap and the worker's wasm memory (its `data-worker-memory`), in bytes.
pub const MEMORY: &str = r#"
const section = document.querySelector('[data-worker-memory]');
return {
  heap: performance.memory ? performance.memory.usedJSHeapSize : null,
  worker: section ? Number(section.dataset.workerMemory) : null,
};
"#;
