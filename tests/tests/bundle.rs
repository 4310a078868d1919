//! The release bundles that `scripts/package` writes into `target/package/`,
//! each unpacked into an empty folder and checked against its `SHA256SUMS`:
//! the page served by a plain static server (Python's `http.server`) under a
//! sub-path and driven in headless Chromium as `page.rs` does; the Windows
//! `.exe` run from its unpacked folder under Wine; the Linux binary.
//! Each gives the golden fixtures' expected bytes.
//!
//! They need the bundles, `dist/` (for the browser helper), chromedriver and
//! Wine, so plain `cargo test` skips them; scripts/test runs scripts/package, then
//! `cargo test --locked -p inventory-tests --test bundle -- --ignored --test-threads=1`

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use inventory_core::{ASSESSMENT_FILE, INVENTORY_FILE, SUMMARY_FILE};
use inventory_tests::web::{assert_same_bytes, sections::GOLDEN_INPUTS, target_dir, Browser};
use inventory_tests::{expected, fixture};

#[path = "../../extractor/tests/wine/mod.rs"]
mod wine;

const AS_OF: &str = "2026-11-24";

/// The one bundle in `target/package/` whose name starts with `prefix` and ends with `suffix`.
fn bundle(prefix: &str, suffix: &str) -> PathBuf {
    let dir = target_dir().join("package");
    let found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}; run scripts/package first", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .filter(|p| p.file_name().unwrap().to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "one {prefix}*{suffix} in {}: {found:?}", dir.display());
    found.into_iter().next().unwrap()
}

/// Unpacks `archive` into an empty folder, checks its `SHA256SUMS`, and
/// returns the folder and the bundle's one top folder in it.
fn unpack(archive: &Path) -> (tempfile::TempDir, PathBuf) {
    let empty = tempfile::Builder::new().prefix("bundle-test").tempdir().unwrap();
    let name = archive.file_name().unwrap().to_string_lossy().into_owned();
    let status = if name.ends_with(".zip") {
        Command::new("unzip")
            .arg("-q")
            .arg(archive)
            .arg("-d")
            .arg(empty.path())
            .status()
    } else {
        Command::new("tar")
            .arg("-xzf")
            .arg(archive)
            .arg("-C")
            .arg(empty.path())
            .status()
    };
    assert!(status.expect("unzip and tar are installed").success(), "unpack {name}");
    let top: Vec<PathBuf> = std::fs::read_dir(empty.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(top.len(), 1, "{name} unpacks into one folder: {top:?}");
    let folder = top.into_iter().next().unwrap();
    let stem = name.trim_end_matches(".zip").trim_end_matches(".tar.gz");
    assert_eq!(
        folder.file_name().unwrap().to_string_lossy(),
        stem,
        "the folder is named as the bundle"
    );
    let check = Command::new("sha256sum")
        .args(["--check", "--strict", "--quiet", "SHA256SUMS"])
        .current_dir(&folder)
        .status();
    assert!(check.unwrap().success(), "{name}: SHA256SUMS");
    let listed = std::fs::read_to_string(folder.join("SHA256SUMS"))
        .unwrap()
        .lines()
        .count();
    let files = walk(&folder).len() - 1;
    assert_eq!(listed, files, "{name}: SHA256SUMS lists every file");
    (empty, folder)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        if entry.path().is_dir() {
            files.extend(walk(&entry.path()));
        } else {
            files.push(entry.path());
        }
    }
    files
}

fn golden_files() -> Vec<PathBuf> {
    GOLDEN_INPUTS.iter().map(|n| fixture("golden").join(n)).collect()
}

/// `python3 -m http.server` on a free port, stopped when dropped.
struct PlainServer(Child, u16);

impl PlainServer {
    fn start(root: &Path) -> PlainServer {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("python3")
            .args(["-m", "http.server", "--bind", "127.0.0.1", "--directory"])
            .arg(root)
            .arg(port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "python3 -m http.server is not listening"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        PlainServer(child, port)
    }
}

impl Drop for PlainServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
#[ignore = "needs target/package (scripts/package), dist/ and chromedriver: run by scripts/test"]
fn the_page_bundle_on_a_plain_static_server_under_a_sub_path_gives_the_golden_downloads() {
    let (_unpacked, folder) = unpack(&bundle("phone-inventory-page-", ".zip"));
    for file in [
        "README.md",
        "web.config",
        "nginx.conf",
        "site/index.html",
        "site/worker.js",
    ] {
        assert!(folder.join(file).is_file(), "the page bundle has {file}");
    }
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    assert!(readme.contains("Content-Security-Policy: default-src 'self'") && readme.contains("Cache-Control"));
    // The site's files under a sub-path of a server's root.
    let root = tempfile::Builder::new().prefix("bundle-www").tempdir().unwrap();
    let site = root.path().join("tools").join("phone-inventory");
    std::fs::create_dir_all(site.parent().unwrap()).unwrap();
    std::fs::rename(folder.join("site"), &site).unwrap();
    let server = PlainServer::start(root.path());
    let url = format!("http://127.0.0.1:{}/tools/phone-inventory/", server.1);

    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async {
            let b = Browser::start().await;
            b.client.goto(&url).await.unwrap_or_else(|e| panic!("open {url}: {e}"));
            b.wait_until(
                "the bundle's page is mounted",
                "return !!document.getElementById('sample-data')",
            )
            .await;
            b.wait_until(
                "its worker is ready",
                "return document.documentElement.dataset.worker === 'ready'",
            )
            .await;
            let at = b.js("return location.href", vec![]).await;
            assert_eq!(
                at.as_str(),
                Some(url.as_str()),
                "the page is the bundle's, under the sub-path"
            );
            b.load_files(&golden_files()).await;
            b.set_as_of(AS_OF).await;
            let inventory = b.download("download-inventory", INVENTORY_FILE).await;
            let assessment = b.download("download-assessment", ASSESSMENT_FILE).await;
            let summary = b.download("download-summary", SUMMARY_FILE).await;
            assert_same_bytes(
                &inventory,
                &expected(INVENTORY_FILE),
                "the bundle page's inventory vs expected/",
            );
            assert_same_bytes(
                &assessment,
                &expected(ASSESSMENT_FILE),
                "the bundle page's assessment vs expected/",
            );
            assert_same_bytes(
                &summary,
                &expected(SUMMARY_FILE),
                "the bundle page's summary vs expected/",
            );
            b.assert_no_panic().await;
            b.close().await;
        });
}

/// Runs `report` on the golden files with `command` (the bundle's program)
/// and returns the outputs; `path` turns a path into the program's form.
fn report(mut command: Command, path: impl Fn(&Path) -> String, out: &Path) -> (Vec<u8>, Vec<u8>) {
    let output = command
        .arg("report")
        .args(golden_files().iter().map(|f| path(f)))
        .args(["--as-of", AS_OF, "--out-dir", &path(out)])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        std::fs::read(out.join(INVENTORY_FILE)).unwrap(),
        std::fs::read(out.join(ASSESSMENT_FILE)).unwrap(),
    )
}

#[test]
#[ignore = "needs target/package (scripts/package) and Wine: run by scripts/test"]
fn the_windows_bundle_runs_from_its_unpacked_folder_under_wine() {
    let (_unpacked, folder) = unpack(&bundle("phone-inventory-", "-x86_64-pc-windows-gnu.zip"));
    let mut names: Vec<String> = walk(&folder)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, ["README.md", "SHA256SUMS", "phone-inventory.exe"]);
    let readme = std::fs::read_to_string(folder.join("README.md")).unwrap();
    for text in [
        "Windows Server 2016",
        "PHONE_INVENTORY_DB_PASSWORD",
        "extract --server",
        "report inputs\\",
        "| 12 |",
    ] {
        assert!(readme.contains(text), "the Windows README mentions {text}");
    }
    let Some(wine) = wine::wine() else { return };
    // From its own folder, by its bare name, as an admin runs `.\phone-inventory.exe`.
    let mut version = wine.command(Path::new("phone-inventory.exe"));
    let version = version.current_dir(&folder).arg("--version").output().unwrap();
    let version = String::from_utf8_lossy(&version.stdout).into_owned();
    assert!(version.starts_with("phone-inventory "), "{version}");
    let out = tempfile::Builder::new().prefix("bundle-windows-out").tempdir().unwrap();
    let mut command = wine.command(Path::new("phone-inventory.exe"));
    command.current_dir(&folder);
    let (inventory, assessment) = report(command, wine::windows_path, out.path());
    assert_same_bytes(
        &inventory,
        &expected(INVENTORY_FILE),
        "the .exe's inventory vs expected/",
    );
    assert_same_bytes(
        &assessment,
        &expected(ASSESSMENT_FILE),
        "the .exe's assessment vs expected/",
    );
}

#[test]
#[ignore = "needs target/package (scripts/package): run by scripts/test"]
fn the_linux_bundle_runs_from_its_unpacked_folder() {
    let (_unpacked, folder) = unpack(&bundle("phone-inventory-", "-x86_64-unknown-linux-gnu.tar.gz"));
    let mut names: Vec<String> = walk(&folder)
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into())
        .collect();
    names.sort();
    assert_eq!(names, ["README.md", "SHA256SUMS", "phone-inventory"]);
    let out = tempfile::Builder::new().prefix("bundle-linux-out").tempdir().unwrap();
    let (inventory, assessment) = report(
        Command::new(folder.join("phone-inventory")),
        |p| p.display().to_string(),
        out.path(),
    );
    assert_same_bytes(
        &inventory,
        &expected(INVENTORY_FILE),
        "the Linux build's inventory vs expected/",
    );
    assert_same_bytes(
        &assessment,
        &expected(ASSESSMENT_FILE),
        "the Linux build's assessment vs expected/",
    );
}
