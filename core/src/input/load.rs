//! Reading whole files already in memory: one in one go ([`load`]), or
//! several at once natively, one thread each and a big one in two parts
//! ([`load_all`], as the command reads files from disk).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};

use super::{InputError, InputReader, LoadedInput, Opened, HEAD_BYTES};

/// The bytes of text [`load_all`] has read, and will read in all, over every
/// file. Counted from the reading threads; read it from anywhere.
#[derive(Debug, Default)]
pub struct LoadCounter {
    done: AtomicU64,
    total: AtomicU64,
}

impl LoadCounter {
    /// The part read so far, 0 to 100 (0 until a file is open).
    pub fn percent(&self) -> u64 {
        self.done.load(Relaxed) * 100 / self.total.load(Relaxed).max(1)
    }
}

/// Reads several inputs, all at once natively (one thread each), counting
/// into `progress`; results in the order given.
pub fn load_all(mut files: Vec<(String, Vec<u8>)>, progress: &LoadCounter) -> Vec<Result<LoadedInput, InputError>> {
    if files.len() <= 1 {
        return files
            .into_iter()
            .map(|(name, bytes)| load_counting(&name, bytes, progress))
            .collect();
    }
    let rest = files.split_off(1);
    let (name, bytes) = files.pop().unwrap_or_default();
    let (first, mut others) = crate::parallel::both(
        move || load_counting(&name, bytes, progress),
        move || load_all(rest, progress),
    );
    others.insert(0, first);
    others
}

/// A file read in chunks and bigger than this is best read in two parts at
/// once natively ([`InputReader::fork`]): the command does, and so does [`load_all`].
pub const SPLIT_BYTES: u64 = 8 << 20;

/// Where to cut `bytes` for [`InputReader::fork`]: just after the first line
/// end (LF) at or after `from`, when there is one before the end.
fn cut_after_line_end(bytes: &[u8], from: usize) -> Option<usize> {
    let cut = from + memchr::memchr(b'\n', bytes.get(from..)?)? + 1;
    (cut < bytes.len()).then_some(cut)
}

fn load_counting(name: &str, bytes: Vec<u8>, progress: &LoadCounter) -> Result<LoadedInput, InputError> {
    let size = bytes.len() as u64;
    progress.total.fetch_add(size, Relaxed);
    let head = bytes.len().min(HEAD_BYTES);
    let two_parts = match size > SPLIT_BYTES {
        true => match InputReader::begin(name, size, &bytes[..head])? {
            Opened::Reader(reader) => {
                let fork = reader.fork();
                let cut = cut_after_line_end(&bytes, head + (bytes.len() - head) / 2);
                fork.zip(cut).map(|(later, cut)| (reader, later, cut))
            }
            Opened::Whole => None,
        },
        false => None,
    };
    let Some((reader, later, cut)) = two_parts else {
        let mut reader = InputReader::open(name, bytes)?;
        let counted = read_counting(&mut reader, progress);
        progress.done.fetch_add(size.saturating_sub(counted), Relaxed);
        return Ok(reader.finish());
    };
    let feed = |mut reader: InputReader, part: &[u8]| {
        let mut counted = 0;
        for chunk in part.chunks(1 << 20) {
            reader.push(chunk);
            counted += read_counting(&mut reader, progress);
        }
        (reader, counted)
    };
    let ((mut reader, first), (later, second)) =
        crate::parallel::both(|| feed(reader, &bytes[head..cut]), || feed(later, &bytes[cut..]));
    if reader.join(later).is_err() {
        // The cut fell inside a record: the first part reads on.
        reader.push(&bytes[cut..]);
    }
    // What is left of the file: its head, and the last rows read by `finish`.
    progress.done.fetch_add(size.saturating_sub(first + second), Relaxed);
    Ok(reader.finish())
}

/// Reads the rows of what `reader` has been given, counting into `progress`
/// the bytes it reads; returns them.
fn read_counting(reader: &mut InputReader, progress: &LoadCounter) -> u64 {
    let start = reader.progress().0;
    let mut counted = start;
    while !reader.read_rows(20_000) && !reader.wants_input() {
        let now = reader.progress().0;
        progress.done.fetch_add(now.saturating_sub(counted), Relaxed);
        counted = now.max(counted);
    }
    let now = reader.progress().0.max(counted);
    progress.done.fetch_add(now - counted, Relaxed);
    now - start
}

/// Reads a whole input in one go.
pub fn load(file: &str, bytes: Vec<u8>) -> Result<LoadedInput, InputError> {
    Ok(InputReader::open(file, bytes)?.finish())
}
