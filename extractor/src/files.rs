//! File system edges: reading inputs, and writing outputs so that a failure
//! never leaves half a file or clobbers the last good one.

use std::fs;
use std::path::{Path, PathBuf};

use crate::{exit, Failure};

fn file_name(path: &Path) -> String {
    path.file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
}

pub fn read(path: &Path) -> Result<Vec<u8>, Failure> {
    fs::read(path).map_err(|e| Failure {
        code: exit::BAD_INPUT,
        message: format!(
            "can't read {}: {e}; check the path and that the file is not open elsewhere",
            path.display()
        ),
    })
}

/// Writes every `(name, bytes)` into `dir` under a temporary name, then
/// renames them all into place. Returns the final paths.
pub fn write_all_or_nothing(dir: &Path, outputs: &[(&str, &[u8])]) -> Result<Vec<PathBuf>, Failure> {
    let fail = |what: String| Failure {
        code: exit::WRITE_FAILED,
        message: what,
    };
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
            return Err(fail(format!(
                "can't write {}: {e}; the previous file is untouched",
                target.display()
            )));
        }
        written.push((temporary, target));
    }
    if let Err(failure) = replace_all(&written) {
        cleanup(&written);
        return Err(failure);
    }
    Ok(written.into_iter().map(|(_, target)| target).collect())
}

/// Moves every `(temporary, target)` into place: each old target is moved
/// aside, then the new one in; on any failure the old ones are put back, so
/// the folder holds either all new files or all old ones. The temporary files
/// that were not moved are left for the caller to remove.
fn replace_all(written: &[(PathBuf, PathBuf)]) -> Result<(), Failure> {
    let fail = |what: String| Failure {
        code: exit::WRITE_FAILED,
        message: what,
    };
    let mut replaced: Vec<(PathBuf, Option<PathBuf>)> = Vec::new();
    for (temporary, target) in written {
        let backup = target.with_file_name(format!(".{}.{}.old", file_name(target), std::process::id()));
        let had_old = target.exists();
        let moved = (!had_old || fs::rename(target, &backup).is_ok()) && fs::rename(temporary, target).is_ok();
        if !moved {
            if had_old && !target.exists() {
                let _ = fs::rename(&backup, target);
            }
            for (done, old) in replaced.iter().rev() {
                let _ = fs::remove_file(done);
                if let Some(old) = old {
                    let _ = fs::rename(old, done);
                }
            }
            return Err(fail(format!(
                "can't replace {}; close it if a spreadsheet has it open, then run again (the previous files are untouched)",
                target.display()
            )));
        }
        replaced.push((target.clone(), had_old.then_some(backup)));
    }
    for (_, old) in &replaced {
        if let Some(old) = old {
            let _ = fs::remove_file(old);
        }
    }
    Ok(())
}

/// Output files being streamed: each is written under a temporary name in
/// the output folder and renamed into place by [`Staged::commit`] only when
/// all are complete. Dropped without a commit (an error, a panic), the
/// temporary files are removed and the previous outputs stay untouched.
pub struct Staged {
    files: Vec<(PathBuf, PathBuf)>,
    committed: bool,
}

impl Staged {
    /// Creates the folder and one empty temporary file per name.
    pub fn create(dir: &Path, names: &[&str]) -> Result<(Staged, Vec<fs::File>), Failure> {
        let fail = |what: String| Failure {
            code: exit::WRITE_FAILED,
            message: what,
        };
        fs::create_dir_all(dir).map_err(|e| fail(format!("can't create the folder {}: {e}", dir.display())))?;
        let mut staged = Staged {
            files: Vec::new(),
            committed: false,
        };
        let mut handles = Vec::new();
        for name in names {
            let target = dir.join(name);
            let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
            let file = fs::File::create(&temporary).map_err(|e| {
                fail(format!(
                    "can't write {}: {e}; check the folder is writable (the previous file is untouched)",
                    target.display()
                ))
            })?;
            staged.files.push((temporary, target));
            handles.push(file);
        }
        Ok((staged, handles))
    }

    /// Renames every file into place (all or nothing); returns the final paths.
    pub fn commit(mut self) -> Result<Vec<PathBuf>, Failure> {
        replace_all(&self.files)?;
        self.committed = true;
        Ok(self.files.iter().map(|(_, target)| target.clone()).collect())
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.committed {
            for (temporary, _) in &self.files {
                let _ = fs::remove_file(temporary);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_rename_puts_every_old_file_back() {
        let dir = std::env::temp_dir().join(format!("phone-inventory-files-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(dir.join("b.csv")).unwrap();
        fs::write(dir.join("a.csv"), "old a").unwrap();
        fs::write(dir.join("b.csv").join("inside"), "x").unwrap();
        // A non-empty folder where b.csv's old copy would be moved: that move fails.
        let blocker = dir.join(format!(".b.csv.{}.old", std::process::id()));
        fs::create_dir_all(&blocker).unwrap();
        fs::write(blocker.join("inside"), "x").unwrap();

        let result = write_all_or_nothing(&dir, &[("a.csv", b"new a"), ("b.csv", b"new b")]);
        assert_eq!(result.err().map(|f| f.code), Some(exit::WRITE_FAILED));
        assert_eq!(fs::read_to_string(dir.join("a.csv")).unwrap(), "old a");
        assert!(dir.join("b.csv").join("inside").exists());
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                format!(".b.csv.{}.old", std::process::id()),
                "a.csv".into(),
                "b.csv".into()
            ]
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
