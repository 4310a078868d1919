//! Asking the processor for memory a few steps before it is read. Deriving a
//! million numbers reads their rows of three files in an order none of the
//! files is in, and the assessment reads the rows in its own order; without
//! this, each row is a wait on main memory.

/// Starts fetching the cache line of `address`; a no-op where there is no
/// such hint. Any address will do: a prefetch never faults.
#[inline(always)]
fn prefetch_address(address: *const u8) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is a hint: it never faults, never writes, and reads
    // nothing the program sees.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(address.cast());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = address;
}

/// Starts fetching the first cache line of `value`.
#[inline(always)]
pub(crate) fn prefetch<T>(value: &T) {
    prefetch_address((value as *const T).cast());
}

/// Starts fetching every cache line of `value`, for a struct bigger than one.
#[inline(always)]
pub(crate) fn prefetch_whole<T>(value: &T) {
    let start = (value as *const T).cast::<u8>();
    for offset in (0..std::mem::size_of::<T>()).step_by(64) {
        prefetch_address(start.wrapping_add(offset));
    }
}

/// Starts fetching the first bytes of a string's text.
#[inline(always)]
pub(crate) fn prefetch_text(text: &str) {
    prefetch_address(text.as_ptr());
}
