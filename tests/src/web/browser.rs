//! Headless Chromium driven through a chromedriver this test starts itself,
//! with a fresh profile and download folder, looking at `dist/` served by
//! [`StaticServer`].

use std::net::{TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use tempfile::TempDir;

use super::server::StaticServer;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
/// How long a page condition or a download may take.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// `dist/` at the workspace root, or a panic that says how to make it.
pub fn dist_dir() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("dist");
    let has_index = dist.join("index.html").is_file();
    let has_wasm = std::fs::read_dir(&dist)
        .map(|d| d.flatten().any(|e| e.path().extension().is_some_and(|x| x == "wasm")))
        .unwrap_or(false);
    assert!(
        has_index && has_wasm,
        "{} has no built page (index.html and a .wasm): run `trunk build --release` at the \
         repository root first (scripts/test does it before these tests)",
        dist.display()
    );
    dist.canonicalize().expect("dist/ exists")
}

/// One browser session: chromedriver, Chromium, the page's server and the
/// temporary profile and download folders. Everything stops when dropped.
pub struct Browser {
    pub client: Client,
    pub server: StaticServer,
    _driver: Driver,
    _profile: TempDir,
    downloads: TempDir,
}

impl Browser {
    /// Starts the server for `dist/`, chromedriver on a free port and a
    /// headless Chromium, and opens the page.
    pub async fn start() -> Browser {
        Browser::start_with(&[]).await
    }

    /// [`Browser::start`] with `extra_args` added to Chromium's command line
    /// (e.g. `--enable-precise-memory-info` for the timing measurement).
    pub async fn start_with(extra_args: &[&str]) -> Browser {
        let dist = dist_dir();
        for tool in [CHROMEDRIVER, CHROMIUM] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: scripts/setup-tools installs it"
            );
        }
        let server = StaticServer::start(&dist);
        let port = free_port();
        let mut driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            // Its own process group, so Chromium can be ended with it.
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map(Driver)
            .unwrap_or_else(|e| panic!("{CHROMEDRIVER} did not start: {e}"));
        let profile = tempfile::Builder::new()
            .prefix("page-test-profile")
            .tempdir()
            .expect("a temp dir");
        let downloads = tempfile::Builder::new()
            .prefix("page-test-downloads")
            .tempdir()
            .expect("a temp dir");
        let mut args: Vec<String> = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1400,1800",
        ]
        .iter()
        .map(|a| a.to_string())
        .collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        args.extend(extra_args.iter().map(|a| a.to_string()));
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": CHROMIUM,
                "args": args,
                "prefs": {
                    "download.default_directory": downloads.path().display().to_string(),
                    "download.prompt_for_download": false,
                    "download.directory_upgrade": true,
                    "safebrowsing.enabled": false,
                },
            },
        });
        let Value::Object(caps) = caps else {
            unreachable!("a JSON object")
        };
        // chromedriver takes a moment to listen; then one session, or a clear failure.
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.0.try_wait() {
                panic!("{CHROMEDRIVER} exited with {status}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{CHROMEDRIVER} is not listening on {port} after 20 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("no Chromium session from {CHROMEDRIVER}: {e}"));
        let browser = Browser {
            client,
            server,
            _driver: driver,
            _profile: profile,
            downloads,
        };
        browser.open().await;
        browser
    }

    /// Opens the page and waits until it is mounted.
    pub async fn open(&self) {
        let url = format!("{}/", self.server.origin());
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
        self.wait_until("the page is mounted", "return !!document.getElementById('sample-data')")
            .await;
        self.wait_until(
            "the page's worker is ready",
            "return document.documentElement.dataset.worker === 'ready'",
        )
        .await;
        self.assert_no_panic().await;
    }

    /// Closes the session and stops chromedriver.
    pub async fn close(self) {
        // Ends the session, so chromedriver quits Chromium; Drop ends the driver.
        let _ = self.client.clone().close().await;
    }

    /// Runs `script` (its arguments in `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Runs `script` like [`Browser::js`], but returns the WebDriver error
    /// (e.g. a script timeout while the page's main thread is busy) instead of panicking.
    pub async fn try_js(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client.execute(script, args).await.map_err(|e| e.to_string())
    }

    /// Polls `script` (which returns a boolean) until it is true, or panics
    /// saying what was awaited and showing what the page shows.
    pub async fn wait_until(&self, what: &str, script: &str) {
        self.wait_until_within(what, script, PATIENCE).await;
    }

    /// [`Browser::wait_until`] with its own `patience`, for big inputs. A
    /// script that fails (the page busy past WebDriver's script timeout)
    /// counts as "not yet" until `patience` runs out.
    pub async fn wait_until_within(&self, what: &str, script: &str, patience: Duration) {
        let started = Instant::now();
        let mut last_error = None;
        loop {
            match self.try_js(script, vec![]).await {
                Ok(Value::Bool(true)) => return,
                Ok(_) => {}
                Err(e) => last_error = Some(e),
            }
            if started.elapsed() > patience {
                let text = self
                    .try_js("return document.body.innerText", vec![])
                    .await
                    .unwrap_or_default();
                panic!(
                    "waited {patience:?} for {what} (last script error: {last_error:?}); the page shows:\n{}",
                    text.as_str().unwrap_or_default()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The visible text of the element `css`, or `None` if there is none.
    pub async fn text(&self, css: &str) -> Option<String> {
        let value = self
            .js(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText : null;",
                vec![json!(css)],
            )
            .await;
        value.as_str().map(str::to_string)
    }

    /// The visible texts of every element `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let value = self
            .js(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.innerText);",
                vec![json!(css)],
            )
            .await;
        serde_json::from_value(value).unwrap_or_default()
    }

    /// Clicks the element `css` the way a user does.
    pub async fn click(&self, css: &str) {
        let element = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        element.click().await.unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    /// Chooses `files` in the page's file input, as the file dialog does.
    pub async fn choose_files(&self, files: &[PathBuf]) {
        let paths: Vec<String> = files
            .iter()
            .map(|f| {
                f.canonicalize()
                    .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
                    .display()
                    .to_string()
            })
            .collect();
        let input = self
            .client
            .find(Locator::Id("file-input"))
            .await
            .expect("the file input #file-input");
        input
            .send_keys(&paths.join("\n"))
            .await
            .unwrap_or_else(|e| panic!("choose {paths:?}: {e}"));
    }

    /// Loads `files` and waits until the chips name exactly them.
    pub async fn load_files(&self, files: &[PathBuf]) {
        self.choose_files(files).await;
        let mut names: Vec<String> = files
            .iter()
            .map(|f| f.file_name().expect("a file name").to_string_lossy().into_owned())
            .collect();
        names.sort();
        let script = format!(
            "const names = [...document.querySelectorAll('#file-chips .chip-name')].map(e => e.textContent).sort(); \
             return JSON.stringify(names) === {:?} && document.querySelectorAll('.progress-list li').length === 0;",
            serde_json::to_string(&names).expect("JSON")
        );
        self.wait_until(&format!("the chips {names:?}"), &script).await;
    }

    /// Types `value` into the text input `css` as a user does, replacing its text.
    pub async fn type_into(&self, css: &str, value: &str) {
        let input = self
            .client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"));
        input.clear().await.unwrap_or_else(|e| panic!("clear {css}: {e}"));
        input
            .send_keys(value)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
        let now = self
            .js("return document.querySelector(arguments[0]).value", vec![json!(css)])
            .await;
        assert_eq!(now, json!(value), "{css} after typing");
    }

    /// Sets an input's value and fires `input` and `change`, as a date picker
    /// does (typing into a date input depends on the locale's field order).
    pub async fn set_value(&self, css: &str, value: &str) {
        let script = "const e = document.querySelector(arguments[0]); e.value = arguments[1]; \
                      e.dispatchEvent(new Event('input', { bubbles: true })); \
                      e.dispatchEvent(new Event('change', { bubbles: true })); return e.value;";
        let now = self.js(script, vec![json!(css), json!(value)]).await;
        assert_eq!(now, json!(value), "{css} did not take {value:?}");
    }

    /// Sets the as-of date (`YYYY-MM-DD`) and waits until the summary shows it.
    pub async fn set_as_of(&self, iso: &str) {
        self.set_value("#as-of", iso).await;
        let (y, md) = iso.split_at(4);
        let shown = format!("{}-{y}", &md[1..]); // MM-DD-YYYY
        let script =
            format!("const e = document.getElementById('as-of-shown'); return !!e && e.textContent === {shown:?};");
        self.wait_until(&format!("the summary as of {shown}"), &script).await;
    }

    /// Clicks `#button` and returns the bytes of the download `file_name`
    /// once it is completely written.
    pub async fn download(&self, button: &str, file_name: &str) -> Vec<u8> {
        let target = self.downloads.path().join(file_name);
        // A second download of the same name would be saved as "name (1).csv".
        let _ = std::fs::remove_file(&target);
        self.click(&format!("#{button}")).await;
        let started = Instant::now();
        let mut last_len = None;
        loop {
            let partial = std::fs::read_dir(self.downloads.path())
                .map(|d| {
                    d.flatten()
                        .any(|e| e.file_name().to_string_lossy().ends_with(".crdownload"))
                })
                .unwrap_or(false);
            let len = std::fs::metadata(&target).ok().map(|m| m.len());
            if !partial && len.is_some() && len == last_len {
                return std::fs::read(&target).unwrap_or_else(|e| panic!("{}: {e}", target.display()));
            }
            last_len = len;
            if started.elapsed() > PATIENCE {
                let listing: Vec<_> = std::fs::read_dir(self.downloads.path())
                    .map(|d| d.flatten().map(|e| e.file_name()).collect())
                    .unwrap_or_default();
                panic!("no complete download {file_name} after {PATIENCE:?}; the folder holds {listing:?}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Fails if the page's crash panel is showing.
    /// Chooses `file` alone and returns the one refusal the page shows for it.
    pub async fn refusal_of(&self, file: &Path) -> String {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.choose_files(&[file.to_path_buf()]).await;
        let script = format!(
            "return [...document.querySelectorAll('.refusal')].some(e => e.innerText.includes({}));",
            json!(format!("Refused: {name}"))
        );
        self.wait_until(&format!("the refusal of {name}"), &script).await;
        let refusals = self.texts(".refusal").await;
        assert_eq!(
            refusals.len(),
            1,
            "{name}: one refusal for the last batch: {refusals:?}"
        );
        refusals.into_iter().next().unwrap_or_default()
    }

    pub async fn assert_no_panic(&self) {
        let shown = self
            .js(
                "const p = document.getElementById('panic'); return !!p && !p.hidden;",
                vec![],
            )
            .await;
        if shown == Value::Bool(true) {
            panic!("the page crashed: {}", self.text("#panic").await.unwrap_or_default());
        }
    }
}

/// The chromedriver process, ended with the Chromium it started when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        // After a failed assertion the session was never closed: end the
        // driver's process group (chromedriver and its Chromium, by id), then reap it.
        if let Ok(None) = self.0.try_wait() {
            let group = format!("-{}", self.0.id());
            let _ = Command::new("kill")
                .args(["-KILL", "--", &group])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// The peak resident memory (VmHWM) of the biggest Chromium renderer this
    /// session started, in bytes: the page and its worker run in one. Linux
    /// only; `None` when /proc says nothing.
    pub fn renderer_peak_memory(&self) -> Option<u64> {
        let group = self._driver.0.id().to_string();
        let mut peak = None;
        for entry in std::fs::read_dir("/proc").ok()?.flatten() {
            let dir = entry.path();
            let Ok(stat) = std::fs::read_to_string(dir.join("stat")) else {
                continue;
            };
            // Fields after the command's closing parenthesis: state ppid pgrp …
            let Some((_, rest)) = stat.rsplit_once(')') else {
                continue;
            };
            if rest.split_whitespace().nth(2) != Some(group.as_str()) {
                continue;
            }
            let cmdline = std::fs::read(dir.join("cmdline")).unwrap_or_default();
            if !String::from_utf8_lossy(&cmdline).contains("--type=renderer") {
                continue;
            }
            let status = std::fs::read_to_string(dir.join("status")).unwrap_or_default();
            let kb = status
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            if let Some(kb) = kb {
                peak = peak.max(Some(kb * 1024));
            }
        }
        peak
    }
}
