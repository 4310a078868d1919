//! File system edges: reading inputs, and writing outputs so that a failure
//! never leaves half a file or clobbers the last good one.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{exit, Failure};

pub fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    fs::read(path).map_err(|e| Failure {
        code: exit::BAD_INPUT,
        message: format!("can't read {}: {e}; check the path and that the file is not open elsewhere", path.display()),
    })
}

/// Writes every `(name, bytes)` into `dir` under a temporary name, then
/// renames them all into place. Returns the final paths.
pub fn write_all_or_nothing(dir: &Path, outputs: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, Failure> {
    let fail = |what: String| Failure { code: exit::WRITE_FAILED, message: what };
    fs::create_dir_all(dir).map_err(|e| fail(format!("can't create the folder {}: {e}", dir.display())))?;
    let mut written: Vec<(PathBuf, PathBuf)> = Vec::new();
    let cleanup = |written: &[(PathBuf, PathBuf)]| {
        for (temporary, _) in written {
            let _ = fs::remove_file(temporary);
        }
    };
    for (name, bytes) in outputs {
        let target = dir.join(name);
        let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if let Err(e) = fs::write(&temporary, bytes) {
            let _ = fs::remove_file(&temporary);
            cleanup(&written);
            return Err(fail(format!("can't write {}: {e}; the previous file is untouched", target.display())));
        }
        written.push((temporary, target));
    }
    for (i, (temporary, target)) in written.iter().enumerate() {
        if let Err(e) = fs::rename(temporary, target) {
            cleanup(&written[i..]);
            return Err(fail(format!(
                "can't replace {}: {e}; close it if a spreadsheet has it open, then run again",
                target.display()
            )));
        }
    }
    Ok(written.into_iter().map(|(_, target)| target).collect())
}
