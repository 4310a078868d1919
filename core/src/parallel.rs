//! Two pieces of work at once natively (the machine has two cores and the
//! report's big steps are independent); one after the other on wasm32, which
//! has no threads. Results never depend on which.

/// Runs `a` and `b`, on two threads where there are threads.
pub(crate) fn both<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|scope| {
            let other = scope.spawn(b);
            let mine = a();
            (
                mine,
                other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            )
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}
