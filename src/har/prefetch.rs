//! Asking the processor for an entry's parts before a loop over the entries reaches it.
//!
//! Once read, a large capture's entries are far more than the processor's caches hold, and each
//! pass over them after the reading (each entry's rules, collecting the credentials) waited on
//! memory at every entry: for the entry, then for what it points to (its header lines, cookies,
//! URL and body, most of them text in the file), each address known only once the load before
//! it had arrived. A pass that goes through the entries in order calls [`ahead`] at each one,
//! which asks for the parts of the entries a few places on, in stages that follow the
//! pointers: the entry itself four places ahead, what it points to two places ahead (its lists,
//! URL, body), and what those lists point to one place ahead (the names and values of its
//! header lines, the values of the cookies its request sent). By the time the pass gets there,
//! they have arrived.
//!
//! On the Chrome-shaped bench file (15,846 entries), with the two passes asking: one thread,
//! 240.2 to 225.6 ms; two threads, 133.0 to 124.7 ms (best of 9 and of 11 interleaved runs).
//! The pass that indexes the requests that worked by origin (`diff::compare_failures`), which
//! reads only each one's method and URL, gained nothing from it and does not ask.
//!
//! A prefetch is a hint: it reads nothing the program sees, and an address it cannot read
//! is ignored, never a fault. Only on x86-64 (SSE's `prefetcht0`, which every x86-64
//! processor has); elsewhere [`ahead`] does nothing (WebAssembly has no such instruction).

use super::Entry;

/// How far ahead each stage asks: the entry's own memory, what it points to, and what that
/// points to. A stage can only ask for what the stage before it has brought in.
const STAGES: [(usize, Stage); 3] = [(4, Stage::Entry), (2, Stage::Parts), (1, Stage::Lines)];

#[derive(Clone, Copy)]
enum Stage {
    /// The entry itself (a few hundred bytes).
    Entry,
    /// Its lists of header lines and cookies, its method, URL, media type and body's start.
    Parts,
    /// The names and values of its kept header lines, and the values of the cookies its
    /// request sent.
    Lines,
}

/// Asks for the parts of the entries after the one at `at`, in a pass over them in order;
/// `entry(i)` is the pass's `i`th entry, if it has one.
#[inline]
pub fn ahead<'e, 'a: 'e>(at: usize, mut entry: impl FnMut(usize) -> Option<&'e Entry<'a>>) {
    if !ENABLED {
        return;
    }
    for (distance, stage) in STAGES {
        if let Some(e) = at.checked_add(distance).and_then(&mut entry) {
            parts(e, stage);
        }
    }
}

/// A cache line's size, in bytes (x86-64's).
const LINE: usize = 64;

/// Whether this target has a prefetch instruction.
const ENABLED: bool = cfg!(all(target_arch = "x86_64", target_feature = "sse"));

fn parts(e: &Entry<'_>, stage: Stage) {
    match stage {
        Stage::Entry => {
            // Every cache line it is in, from the one its first byte is in.
            let start = std::ptr::from_ref(e).cast::<u8>();
            let first = start.wrapping_sub(start as usize % LINE);
            let lines = (start as usize % LINE + size_of::<Entry<'_>>()).div_ceil(LINE);
            for line in 0..lines {
                hint(first.wrapping_add(line * LINE));
            }
        }
        Stage::Parts => {
            let request = &e.request;
            hint(request.method.as_ptr());
            hint(request.url.as_ptr());
            hint(request.headers.kept.as_ptr());
            hint(request.cookies.as_ptr());
            if let Some(response) = &e.response {
                hint(response.headers.kept.as_ptr());
                hint(response.cookies.as_ptr());
                hint(response.content.mime_type.as_ptr());
                if let Some(text) = &response.content.text {
                    hint(text.get().as_ptr());
                }
            }
        }
        Stage::Lines => {
            let response = e.response.as_ref();
            let lines = e
                .request
                .headers
                .kept
                .iter()
                .chain(response.into_iter().flat_map(|r| r.headers.kept.iter()));
            for line in lines {
                hint(line.name.as_ptr());
                hint(line.value.as_ptr());
            }
            for cookie in &e.request.cookies {
                hint(cookie.value.as_ptr());
            }
        }
    }
}

/// Asks for the cache line that holds `at`.
#[inline(always)]
fn hint<T>(at: *const T) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    // SAFETY: `prefetcht0` (SSE, enabled: the `cfg`) reads nothing the program sees and does not
    // fault, whatever the address.
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(at.cast());
    }
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = at;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_ahead_at_each_stage_for_every_kind_of_entry() {
        // Entries with and without an answer, body, lines or cookies, and the pass's end.
        let text = r#"{"log":{"entries":[
            {"request":{"method":"GET","url":"https://a.test/"}},
            {"request":{"method":"GET","url":"https://a.test/","headers":[{"name":"Cookie","value":"a=1"}],
              "cookies":[{"name":"a","value":"1"}]},
             "response":{"status":200,"headers":[{"name":"Set-Cookie","value":"b=2"}],
              "cookies":[{"name":"b","value":"2"}],"content":{"mimeType":"text/plain","text":"hi"}}},
            {"request":{}, "response":{"status":401}}]}}"#;
        let read = super::super::parse(text);
        let entries = &read.har.entries;
        assert_eq!(entries.len(), 3);
        let mut asked = Vec::new();
        for at in 0..entries.len() + 2 {
            ahead(at, |i| {
                asked.push(i);
                entries.get(i).map(|e| &**e)
            });
        }
        // Each stage asks at its own distance, at every place of the pass.
        if ENABLED {
            assert_eq!(asked[..6], [4, 2, 1, 5, 3, 2]); // boundary: a list of numbers
            assert_eq!(asked.len(), 3 * (entries.len() + 2));
        } else {
            assert!(asked.is_empty());
        }
    }
}
