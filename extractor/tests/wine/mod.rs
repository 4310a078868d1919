//! Running the Windows build (`phone-inventory.exe`, `x86_64-pc-windows-gnu`)
//! under Wine, for `tests/windows.rs` here and the release-bundle test in
//! `tests/tests/bundle.rs` (which includes this file by path).
//!
//! One throwaway Wine prefix per test process, in the temp folder, with
//! `WINEDEBUG=-all`. Debian's Wine 8 lacks `bcryptprimitives.dll`, whose
//! `ProcessPrng` Rust's standard library imports (the .exe would stop with
//! c0000135 before `main`), so the prefix gets the few-line stand-in in
//! `bcryptprimitives.c`, built here with MinGW. The .exe itself is unchanged.
//!
//! Without `wine64` or the .exe a test prints why and passes, unless
//! `PHONE_INVENTORY_REQUIRE_WINE=1` (scripts/test sets it): then it fails.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Set by scripts/test: a missing Wine or .exe is a failure, not a skip.
pub const REQUIRE: &str = "PHONE_INVENTORY_REQUIRE_WINE";
/// The .exe to test instead of the release build in `target/`.
pub const EXE_VARIABLE: &str = "PHONE_INVENTORY_WINDOWS_EXE";
const SHIM_SOURCE: &str = include_str!("bcryptprimitives.c");
const HOLDER_SOURCE: &str = include_str!("hold_open.c");
const MINGW: &str = "x86_64-w64-mingw32-gcc";

/// A ready Wine prefix.
pub struct Wine {
    program: PathBuf,
    prefix: PathBuf,
    /// `hold_open.exe`: holds a file open as a spreadsheet does.
    pub holder: PathBuf,
}

/// Skips the calling test (prints `why` and returns `None`), or fails it
/// when [`REQUIRE`] is set.
fn unavailable<T>(why: String) -> Option<T> {
    if std::env::var_os(REQUIRE).is_some_and(|v| v == "1") {
        panic!("{why} ({REQUIRE}=1, so this is a failure; scripts/setup-tools installs Wine)");
    }
    eprintln!("note: skipped, {why}; scripts/test installs it and runs this test");
    None
}

/// The Wine prefix for this test process, made on first use; `None` (after
/// printing why) when Wine or MinGW is missing.
pub fn wine() -> Option<&'static Wine> {
    static WINE: OnceLock<Result<Wine, String>> = OnceLock::new();
    match WINE.get_or_init(prepare) {
        Ok(wine) => Some(wine),
        Err(why) => unavailable(why.clone()),
    }
}

/// The release `phone-inventory.exe` (or [`EXE_VARIABLE`]'s), with Wine ready;
/// `None` (after printing why) when either is missing.
pub fn wine_and_exe() -> Option<(&'static Wine, PathBuf)> {
    let exe = match std::env::var_os(EXE_VARIABLE) {
        Some(path) => PathBuf::from(path),
        None => workspace_target()
            .join("x86_64-pc-windows-gnu")
            .join("release")
            .join("phone-inventory.exe"),
    };
    if !exe.is_file() {
        return unavailable(format!(
            "{} is missing: build it with `cargo build --release --target x86_64-pc-windows-gnu -p phone-inventory`",
            exe.display()
        ));
    }
    Some((wine()?, exe))
}

/// `target/`: the test binary is `target/<profile>/deps/<test>-<hash>`.
pub fn workspace_target() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("target/<profile>/deps/<test>")
        .to_path_buf()
}

/// `wine64` on the PATH, or where Debian's `wine64` package puts it.
fn find_wine() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join("wine64"))
                .find(|f| f.is_file())
        })
        .unwrap_or_default();
    on_path.or_else(|| Some(PathBuf::from("/usr/lib/wine/wine64")).filter(|f| f.is_file()))
}

fn prepare() -> Result<Wine, String> {
    let program = find_wine().ok_or("wine64 is not installed (Debian: apt-get install wine64)")?;
    remove_stale_prefixes();
    let prefix = std::env::temp_dir().join(format!("phone-inventory-wine-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&prefix);
    std::fs::create_dir_all(&prefix).map_err(|e| format!("can't create {}: {e}", prefix.display()))?;
    let holder = prefix.join("hold_open.exe");
    let wine = Wine {
        program,
        prefix,
        holder,
    };
    // Make the prefix (a few seconds, once), then add the ProcessPrng stand-in to its system32.
    let boot = wine
        .base_command()
        .arg("wineboot")
        .arg("--init")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    match boot {
        Ok(status) if status.success() => {}
        other => return Err(format!("`wine64 wineboot --init` failed: {other:?}")),
    }
    let system32 = wine.prefix.join("drive_c").join("windows").join("system32");
    mingw(
        &wine.prefix,
        "bcryptprimitives.c",
        SHIM_SOURCE,
        &system32.join("bcryptprimitives.dll"),
        &["-shared"],
    )?;
    mingw(&wine.prefix, "hold_open.c", HOLDER_SOURCE, &wine.holder, &["-municode"])?;
    Ok(wine)
}

/// Builds `source` (named `name`) with MinGW into `output`.
fn mingw(dir: &Path, name: &str, source: &str, output: &Path, flags: &[&str]) -> Result<(), String> {
    let file = dir.join(name);
    std::fs::write(&file, source).map_err(|e| format!("{}: {e}", file.display()))?;
    let built = Command::new(MINGW)
        .args(["-O2", "-s", "-static-libgcc"])
        .args(flags)
        .arg("-o")
        .arg(output)
        .arg(&file)
        .arg("-ladvapi32")
        .output();
    match built {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!(
            "{MINGW} failed on {name}: {}",
            String::from_utf8_lossy(&output.stderr)
        )),
        Err(e) => Err(format!(
            "{MINGW} is not installed ({e}); Debian: gcc-mingw-w64-x86-64-posix"
        )),
    }
}

/// Prefixes left by earlier test processes that have ended.
fn remove_stale_prefixes() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = name.strip_prefix("phone-inventory-wine-") else {
            continue;
        };
        if pid.parse::<u32>().is_ok() && !Path::new("/proc").join(pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

impl Wine {
    fn base_command(&self) -> Command {
        let mut command = Command::new(&self.program);
        command
            .env("WINEPREFIX", &self.prefix)
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko installer prompts in a fresh prefix.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .stdin(Stdio::null());
        command
    }

    /// `exe` under Wine, with the prefix set; add arguments, `current_dir`, env.
    pub fn command(&self, exe: &Path) -> Command {
        let mut command = self.base_command();
        command.arg(exe);
        command
    }

    /// `exe` with `args` under Wine on a terminal: `script` (util-linux) gives
    /// it a pseudo-terminal in a UTF-8 locale, so the program's standard
    /// output is a Windows console, which Wine shows on that terminal. Its
    /// output then holds the terminal's escape sequences and line ends.
    pub fn console_command(&self, exe: &Path, args: &[&str]) -> Command {
        let quote = |s: &str| format!("'{}'", s.replace('\'', "'\\''"));
        let program = self.program.display().to_string();
        let mut line = vec![quote(&program), quote(&exe.display().to_string())];
        line.extend(args.iter().map(|a| quote(a)));
        let mut script = Command::new("script");
        script.args(["--quiet", "--return", "--command", &line.join(" "), "/dev/null"]);
        for (key, value) in self.base_command().get_envs() {
            if let Some(value) = value {
                script.env(key, value);
            }
        }
        script.env("LANG", "C.UTF-8").env_remove("LC_ALL").stdin(Stdio::null());
        script
    }

    /// The prefix folder (for a test that wants to look inside).
    pub fn prefix(&self) -> &Path {
        &self.prefix
    }
}

/// A Linux path as Windows sees it under Wine: the drive `Z:` is `/`, and the
/// separators are backslashes.
pub fn windows_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).expect("an absolute path");
    format!("Z:{}", absolute.display().to_string().replace('/', "\\"))
}
