//! Work on a very large file split over two threads, natively. A file of
//! 300,000 RUNs takes seconds to check and a real Dockerfile a millisecond,
//! which a thread would not pay for; the page's WebAssembly has one thread.

/// Files with at least this many instructions are worked on by two threads
/// where there are two cores.
const TWO_FROM: usize = 2_000;

/// Whether work on a file of `instructions` instructions is worth a second
/// thread.
pub(crate) fn worth_two(instructions: usize) -> bool {
    !cfg!(target_family = "wasm")
        && instructions >= TWO_FROM
        && std::thread::available_parallelism().is_ok_and(|cores| cores.get() > 1)
}

/// `(first(), second())`, `second` on another thread when `two`.
pub(crate) fn join<A: Send, B: Send>(
    two: bool,
    first: impl FnOnce() -> A,
    second: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !two {
        return (first(), second());
    }
    std::thread::scope(|scope| {
        let helper = scope.spawn(crate::report::in_callers_language(second));
        let first = first();
        match helper.join() {
            Ok(second) => (first, second),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
