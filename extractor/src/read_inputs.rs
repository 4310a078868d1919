//! Reading `report`'s input files: each recognised from its first bytes
//! (so a wrong one is refused before any is read in full), then read in
//! chunks on a thread of its own, a big CSV or TSV in two parts at once
//! ([`inventory_core::read_rest`]).

use std::fs::{self, File};
use std::io::{BufRead, BufReader, IsTerminal, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use inventory_core::{FileBytes, InputData, InputKind, InputReader, LoadCounter, LoadedInput, Opened, HEAD_BYTES};

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
    let progress = LoadCounter::default();
    for path in paths {
        progress.add_total(fs::metadata(path).map_or(0, |m| m.len()));
    }
    let show = std::io::stderr().is_terminal();
    let count = paths.len();
    let results = std::thread::scope(|scope| {
        let progress = &progress;
        let mut readers: Vec<_> = others
            .into_iter()
            .map(|(i, begun)| {
                scope.spawn(move || {
                    let read = read_rest(begun, progress);
                    if let (Ok(input), true) = (&read, prepare) {
                        input.prepare();
                    }
                    vec![(i, read)]
                })
            })
            .collect();
        readers.push(scope.spawn(move || read_logs(logs, progress)));
        while show && !readers.iter().all(|r| r.is_finished()) {
            eprint!("\rreading {count} file(s): {}%", progress.percent());
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
fn read_logs(logs: Vec<(usize, Begun)>, progress: &LoadCounter) -> Vec<(usize, Result<LoadedInput, Failure>)> {
    let mut seen = None;
    let count = logs.len();
    let mut read = Vec::new();
    for (n, (i, mut begun)) in logs.into_iter().enumerate() {
        if let Begun::Streamed(reader, ..) = &mut begun {
            reader.count_once(seen.take(), n + 1 < count);
        }
        let result = read_rest(begun, progress);
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

/// Reads the rest of a file begun, counting its bytes into `progress`.
fn read_rest(begun: Begun, progress: &LoadCounter) -> Result<LoadedInput, Failure> {
    match begun {
        Begun::Streamed(reader, file, path, head) => {
            let on_disk = OnDisk {
                path,
                begun: Mutex::new(Some((file, head))),
            };
            inventory_core::read_rest(*reader, &on_disk, progress)
        }
        Begun::Whole(name, mut bytes, mut file) => {
            file.read_to_end(&mut bytes)
                .map_err(|e| cannot_read(Path::new(&name), &e))?;
            progress.add_done(bytes.len() as u64);
            let reader = InputReader::open(&name, bytes).map_err(|e| bad_input(e.to_string()))?;
            Ok(reader.finish())
        }
    }
}

/// A file on disk, read after its head: the file as begun reads on from
/// there; a part from elsewhere (the second of two) opens it again.
struct OnDisk {
    path: PathBuf,
    /// An open file and where it is.
    begun: Mutex<Option<(BufReader<File>, u64)>>,
}

impl FileBytes for OnDisk {
    type Error = Failure;

    fn line_end_after(&self, from: u64) -> Option<u64> {
        let mut file = File::open(&self.path).ok()?;
        file.seek(SeekFrom::Start(from)).ok()?;
        // A line end within a few MB, read 64 KB at a time.
        let mut line = Vec::new();
        BufReader::with_capacity(64 << 10, file.take(4 << 20))
            .read_until(b'\n', &mut line)
            .ok()?;
        let cut = from + line.len() as u64;
        (line.last() == Some(&b'\n')).then_some(cut)
    }

    fn read(&self, start: u64, end: u64, each: &mut dyn FnMut(&[u8])) -> Result<(), Failure> {
        let fail = |e: std::io::Error| cannot_read(&self.path, &e);
        let begun = self.begun.lock().map(|mut begun| begun.take()).unwrap_or(None);
        let mut file = match begun {
            Some((file, at)) if at == start => file,
            _ => {
                let mut file = File::open(&self.path).map_err(fail)?;
                file.seek(SeekFrom::Start(start)).map_err(fail)?;
                BufReader::with_capacity(CHUNK_BYTES, file)
            }
        };
        let mut at = start;
        let mut part = (&mut file).take(end - start);
        loop {
            let chunk = match part.fill_buf() {
                Ok([]) => break,
                Ok(chunk) => chunk,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(fail(e)),
            };
            let len = chunk.len();
            each(chunk);
            part.consume(len);
            at += len as u64;
        }
        // Put back, so a first part that reads on (the cut fell inside a record) goes on from here.
        if let Ok(mut begun) = self.begun.lock() {
            *begun = Some((file, at));
        }
        Ok(())
    }
}
