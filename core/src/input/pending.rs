//! Text pushed to a reader and not yet read, kept in one buffer: what is
//! read is dropped when more comes, so memory follows the chunk size, not
//! the file's. The CSV and JSON Lines readers share it.

#[derive(Default)]
pub(crate) struct Pending {
    /// The text, read up to `at`.
    pub text: Vec<u8>,
    pub at: usize,
}

impl Pending {
    /// The buffer to append the next piece of text to (the decoder writes
    /// into it directly), what is read dropped first.
    pub fn buffer_for_more(&mut self) -> &mut Vec<u8> {
        if self.at > 0 {
            self.text.drain(..self.at);
            self.at = 0;
        }
        &mut self.text
    }

    /// The text not yet read.
    pub fn rest(&self) -> &[u8] {
        &self.text[self.at..]
    }

    /// Bytes of text pushed and not yet read.
    pub fn buffered(&self) -> usize {
        self.text.len() - self.at
    }
}
