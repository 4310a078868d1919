//! Reading `report`'s input files: each recognised from its first bytes
//! (so a wrong one is refused before any is read in full), then read in
//! chunks on a thread of its own, a CSV or TSV over [`SPLIT_BYTES`] in two
//! parts at once.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::Duration;

use inventory_core::{InputData, InputError, InputKind, InputReader, LoadedInput, Opened, HEAD_BYTES, SPLIT_BYTES};

use crate::{exit, Failure};

/// Bytes the command reads from a file at a time, through a buffered reader.
const CHUNK_BYTES: usize = 1 << 20;

/// A file recognised from its first bytes, the rest still to read.
enum Begun {
    /// The reader, the file after its head, its path and the head's length.
    Streamed(Box<InputReader>, BufReader<File>, PathBuf, u64),
    Whole(String, Vec<u8>, BufReader<File>),
}

/// Reads the inputs with a progress line on a terminal. Every file is first
/// recognised from its first bytes, so a wrong one is refused before any is
/// read in full (the first refusal in the order given is the one reported);
/// then each is read in chunks on a thread of its own, the CSV and TSV ones
/// row by row as the chunks arrive (workbooks and JSON documents whole).
/// Message logs are read one after another on one thread, each leaving out
/// the messages whose sid a log before it had; only a log that another
/// follows keeps its sids (8 bytes a message).
/// With `prepare`, each file's thread also builds what the report will
/// need of it ([`LoadedInput::prepare`]: the assignments' user matcher), while
/// other files are still read.
pub(crate) fn load_in_parallel(paths: &[PathBuf], prepare: bool) -> Result<Vec<LoadedInput>, Failure> {
    let begun = paths.iter().map(|p| begin(p)).collect::<Result<Vec<_>, Failure>>()?;
    let is_log = |b: &Begun| matches!(b, Begun::Streamed(r, ..) if r.kind() == InputKind::MessageLog);
    type Numbered = Vec<(usize, Begun)>;
    let (logs, others): (Numbered, Numbered) = begun.into_iter().enumerate().partition(|(_, b)| is_log(b));
    let (done, total) = (AtomicU64::new(0), AtomicU64::new(0));
    for path in paths {
        total.fetch_add(fs::metadata(path).map_or(0, |m| m.len()), Relaxed);
    }
    let show = std::io::stderr().is_terminal();
    let count = paths.len();
    let results = std::thread::scope(|scope| {
        let done = &done;
        let mut readers: Vec<_> = others
            .into_iter()
            .map(|(i, begun)| {
                scope.spawn(move || {
                    let read = read_rest(begun, done);
                    if let (Ok(input), true) = (&read, prepare) {
                        input.prepare();
                    }
                    vec![(i, read)]
                })
            })
            .collect();
        readers.push(scope.spawn(move || read_logs(logs, done)));
        while show && !readers.iter().all(|r| r.is_finished()) {
            let percent = done.load(Relaxed) * 100 / total.load(Relaxed).max(1);
            eprint!("\rreading {count} file(s): {percent}%");
            std::thread::sleep(Duration::from_millis(100));
        }
        if show {
            eprint!("\r\x1b[K");
        }
        let mut all: Vec<(usize, Result<LoadedInput, Failure>)> = readers
            .into_iter()
            .flat_map(|r| r.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
            .collect();
        all.sort_by_key(|(i, _)| *i);
        all
    });
    results.into_iter().map(|(_, result)| result).collect()
}

/// Reads message logs one after another, each counting only messages whose
/// sid no log before it had.
fn read_logs(logs: Vec<(usize, Begun)>, done: &AtomicU64) -> Vec<(usize, Result<LoadedInput, Failure>)> {
    let mut seen = None;
    let count = logs.len();
    let mut read = Vec::new();
    for (n, (i, mut begun)) in logs.into_iter().enumerate() {
        if let Begun::Streamed(reader, ..) = &mut begun {
            reader.count_once(seen.take(), n + 1 < count);
        }
        let result = read_rest(begun, done);
        if let Ok(LoadedInput {
            data: InputData::MessageLog(log),
            ..
        }) = &result
        {
            seen = Some(Arc::clone(&log.sids));
        }
        read.push((i, result));
    }
    read
}

fn bad_input(message: String) -> Failure {
    Failure {
        code: exit::BAD_INPUT,
        message,
    }
}

fn cannot_read(path: &Path, e: &std::io::Error) -> Failure {
    bad_input(format!(
        "can't read {}: {e}; check the path and that the file is not open elsewhere",
        path.display()
    ))
}

/// Opens a file and recognises it from its first [`HEAD_BYTES`].
fn begin(path: &Path) -> Result<Begun, Failure> {
    let file = File::open(path).map_err(|e| cannot_read(path, &e))?;
    let size = file.metadata().map_err(|e| cannot_read(path, &e))?.len();
    let mut file = BufReader::with_capacity(CHUNK_BYTES, file);
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut file)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|e| cannot_read(path, &e))?;
    // A file that grew or shrank since its size was read: trust what was read.
    let size = if (head.len() as u64) < size.min(HEAD_BYTES as u64) {
        head.len() as u64
    } else {
        size.max(head.len() as u64)
    };
    let name = path.display().to_string();
    match InputReader::begin(&name, size, &head) {
        Ok(Opened::Reader(reader)) => {
            let head = head.len() as u64;
            Ok(Begun::Streamed(Box::new(reader), file, path.to_path_buf(), head))
        }
        Ok(Opened::Whole) => Ok(Begun::Whole(name, head, file)),
        Err(e) => Err(bad_input(e.to_string())),
    }
}

/// Reads the rest of a file begun, counting its bytes into `done`.
fn read_rest(begun: Begun, done: &AtomicU64) -> Result<LoadedInput, Failure> {
    let fail = |e: InputError| bad_input(e.to_string());
    let (mut reader, mut file, path, head) = match begun {
        Begun::Streamed(reader, file, path, head) => (reader, file, path, head),
        Begun::Whole(name, mut bytes, mut file) => {
            file.read_to_end(&mut bytes)
                .map_err(|e| cannot_read(Path::new(&name), &e))?;
            done.fetch_add(bytes.len() as u64, Relaxed);
            return Ok(InputReader::open(&name, bytes).map_err(fail)?.finish());
        }
    };
    let size = reader.progress().1;
    let later = match size > SPLIT_BYTES {
        true => reader.fork().zip(line_end_near(&path, head + (size - head) / 2, size)),
        false => None,
    };
    if let Some((later, cut)) = later {
        let read_later = |mut later: InputReader| -> Result<(InputReader, u64), Failure> {
            let mut file = File::open(&path).map_err(|e| cannot_read(&path, &e))?;
            file.seek(SeekFrom::Start(cut)).map_err(|e| cannot_read(&path, &e))?;
            let counted = feed(&mut later, BufReader::with_capacity(CHUNK_BYTES, file), done)?;
            Ok((later, counted))
        };
        let (first, second) = std::thread::scope(|scope| {
            let second = scope.spawn(|| read_later(later));
            let first = feed(&mut reader, (&mut file).take(cut - head), done);
            (
                first,
                second.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            )
        });
        first?;
        let (later, counted) = second?;
        match reader.join(later) {
            Ok(()) => return Ok(reader.finish()),
            // The cut fell inside a record: the first part reads on, and counts those bytes again.
            Err(_) => {
                done.fetch_sub(counted, Relaxed);
            }
        }
    }
    feed(&mut reader, file, done)?;
    Ok(reader.finish())
}

/// The position just after the first line end (LF) at or after `from`,
/// when one comes within a few MB and before the file's end.
fn line_end_near(path: &Path, from: u64, size: u64) -> Option<u64> {
    let mut file = File::open(path).ok()?;
    file.seek(SeekFrom::Start(from)).ok()?;
    let mut near = Vec::new();
    file.take(4 << 20).read_to_end(&mut near).ok()?;
    let cut = from + near.iter().position(|&b| b == b'\n')? as u64 + 1;
    (cut < size).then_some(cut)
}

/// Pushes the rest of `file` to `reader`, reading each chunk's rows and
/// counting its bytes into `done`; returns the bytes counted.
fn feed(reader: &mut InputReader, mut file: impl BufRead, done: &AtomicU64) -> Result<u64, Failure> {
    let mut counted = 0;
    loop {
        let chunk = match file.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(cannot_read(Path::new(reader.file()), &e)),
        };
        let len = chunk.len();
        reader.feed(chunk);
        file.consume(len);
        let now = reader.progress().0;
        done.fetch_add(now.saturating_sub(counted), Relaxed);
        counted = now.max(counted);
    }
    Ok(counted)
}
