//! Asking the processor for memory a few steps before it is read. Deriving a
//! million numbers reads their rows of three files in an order none of the
//! files is in, and without this, each row is a wait on main memory.

/// Starts fetching `value`'s cache line; a no-op where there is no such hint.
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it never faults and never writes, and
    // `value` is a live reference in any case.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((value as *const T).cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = value;
}

/// [`prefetch`] of the bytes a string's text starts with.
#[inline(always)]
pub(crate) fn prefetch_text(text: &str) {
    if let Some(first) = text.as_bytes().first() {
        prefetch(first);
    }
}
