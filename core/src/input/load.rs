//! Reading a file after its head ([`read_rest`], a big one in two parts at
//! once), from disk (the command) or memory; and whole files already in
//! memory: one in one go ([`load`]), or several at once natively, one thread
//! each ([`load_all`], reading as the command does).

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

    /// Counts a file's bytes into the total, before it is read.
    pub fn add_total(&self, bytes: u64) {
        self.total.fetch_add(bytes, Relaxed);
    }

    /// Counts bytes read by other means than [`read_rest`] (a file read whole).
    pub fn add_done(&self, bytes: u64) {
        self.done.fetch_add(bytes, Relaxed);
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
/// once natively ([`InputReader::fork`]): [`read_rest`] does.
pub const SPLIT_BYTES: u64 = 8 << 20;

/// A file's bytes by position, for [`read_rest`]: the command's file on
/// disk, or [`load_all`]'s bytes in memory.
pub trait FileBytes: Sync {
    /// What can go wrong reading (nothing, in memory).
    type Error: Send;
    /// The position just after the first line end (LF) at or after `from`,
    /// when one comes soon (a few MB).
    fn line_end_after(&self, from: u64) -> Option<u64>;
    /// Hands `each` the bytes from `start` to `end`, in order, in chunks of any size.
    fn read(&self, start: u64, end: u64, each: &mut dyn FnMut(&[u8])) -> Result<(), Self::Error>;
}

/// Reads the rest of a file begun with [`InputReader::begin`] (and pushed
/// its head), counting into `progress`. A CSV or TSV over [`SPLIT_BYTES`] is
/// read in two parts at once natively, cut at the first line end past its
/// middle: a reader [`InputReader::fork`]ed reads the second part, and the
/// first reader [`InputReader::join`]s it, or reads on over it when the cut
/// fell inside a record. Give `progress` the file's size first
/// ([`LoadCounter::add_total`]).
pub fn read_rest<F: FileBytes>(
    mut reader: InputReader,
    bytes: &F,
    progress: &LoadCounter,
) -> Result<LoadedInput, F::Error> {
    let (head, size) = (reader.pushed(), reader.progress().1);
    let later = match size > SPLIT_BYTES {
        true => {
            let cut = bytes.line_end_after(head + (size - head) / 2).filter(|&cut| cut < size);
            reader.fork().zip(cut)
        }
        false => None,
    };
    let counted = match later {
        Some((mut later, cut)) => {
            let (first, second) = crate::parallel::both(
                || read_part(&mut reader, bytes, head, cut, progress),
                move || read_part(&mut later, bytes, cut, size, progress).map(|counted| (later, counted)),
            );
            let first = first?;
            let (later, second) = second?;
            match reader.join(later) {
                Ok(()) => first + second,
                Err(_) => {
                    // The cut fell inside a record: the first part reads on, and counts those bytes again.
                    progress.done.fetch_sub(second, Relaxed);
                    first + read_part(&mut reader, bytes, cut, size, progress)?
                }
            }
        }
        None => read_part(&mut reader, bytes, head, size, progress)?,
    };
    // What is left of the file: its head, and the last rows read by `finish`.
    progress.done.fetch_add(size.saturating_sub(counted), Relaxed);
    Ok(reader.finish())
}

/// Pushes `reader` the bytes from `start` to `end`, reading their rows as
/// they come; returns the bytes read, as counted into `progress`.
fn read_part<F: FileBytes>(
    reader: &mut InputReader,
    bytes: &F,
    start: u64,
    end: u64,
    progress: &LoadCounter,
) -> Result<u64, F::Error> {
    let mut counted = 0;
    bytes.read(start, end, &mut |chunk| {
        reader.push(chunk);
        counted += read_counting(reader, progress);
    })?;
    Ok(counted)
}

/// A file's bytes in memory.
struct InMemory<'a>(&'a [u8]);

impl FileBytes for InMemory<'_> {
    type Error = std::convert::Infallible;

    fn line_end_after(&self, from: u64) -> Option<u64> {
        let from = usize::try_from(from).ok()?;
        Some((from + memchr::memchr(b'\n', self.0.get(from..)?)? + 1) as u64)
    }

    fn read(&self, start: u64, end: u64, each: &mut dyn FnMut(&[u8])) -> Result<(), Self::Error> {
        // Positions come from this file's size, so they fit in memory.
        let part = &self.0[start as usize..end as usize];
        part.chunks(1 << 20).for_each(each);
        Ok(())
    }
}

fn load_counting(name: &str, bytes: Vec<u8>, progress: &LoadCounter) -> Result<LoadedInput, InputError> {
    let size = bytes.len() as u64;
    progress.add_total(size);
    let head = bytes.len().min(HEAD_BYTES);
    match InputReader::begin(name, size, &bytes[..head])? {
        Opened::Reader(reader) => match read_rest(reader, &InMemory(&bytes), progress) {
            Ok(loaded) => Ok(loaded),
            Err(never) => match never {},
        },
        Opened::Whole => {
            let loaded = InputReader::open(name, bytes)?.finish();
            progress.add_done(size);
            Ok(loaded)
        }
    }
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
