//! The `why401` command-line tool.

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use why401::analysis::draft_read;
use why401::redact::FingerprintKey;
use why401::{har, render, rules, Lang, Options};

const USAGE: &str = "\
why401 — explain why requests in a HAR capture failed authentication

USAGE:
    why401 [OPTIONS] <FILE.har | ->
    why401 rules                 list the rules
    why401 explain <RULE-ID>     print a rule's documentation
    why401 sanitize <FILE.har | ->
                                 print the HAR with secrets replaced by fingerprints
                                 (the receipt of what was replaced goes to stderr)

OPTIONS:
    -f, --format <text|json|markdown>   output format (default: text)
    -l, --lang <en|ja>                  language (default: from LC_ALL/LC_MESSAGES/LANG)
        --now <RFC3339>                 time to use when an entry has no start time
        --leeway <SECONDS>              clock-skew tolerance (default: 60)
        --rule <RULE-ID>                run only this rule (repeatable)
        --show-secrets                  print credentials in clear (redacted by default)
        --link-key <TEXT>               fingerprint secrets with this key instead of a random one,
                                        to link several reports or sanitized files; check a token
                                        you hold: printf %s TOKEN | openssl dgst -sha256 -hmac TEXT
        --color <auto|always|never>     colour (default: auto; NO_COLOR is respected)
        --threads <N>                   analyse a large capture on at most N threads
                                        (default: one per core; 1 for one thread)
    -h, --help                          this help
    -V, --version                       version

EXIT STATUS:
    0  no authentication failure found
    1  authentication failures found
    2  the input could not be read at all, or the report could not be written
    3  the input was read only in part (cut off, or broken JSON): the report covers what was
       read, and says where reading stopped
";

/// A report to print: its findings not yet put into words (they are, a few at a time, on every
/// core, as the JSON or the text is written), or written already (the Markdown, which quotes the
/// file).
enum Rendered {
    Drafted(Box<why401::analysis::Drafted>),
    Written(Result<(), String>),
}

enum Format {
    Text,
    Json,
    Markdown,
}

struct Args {
    format: Format,
    color: Option<bool>,
    opts: Options,
}

/// See Cargo.toml: the analysis makes many small allocations and jemalloc serves them faster
/// than glibc, for about the same memory.
#[cfg(all(feature = "jemalloc", not(target_arch = "wasm32")))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's settings (its `malloc_conf`, read once at start): pages freed are kept for reuse,
/// and handed back over about 100 ms (jemalloc's decay, worked as it allocates). Handing each
/// back at once (decay 0) held the peak of a capture where every request failed about 4 MB
/// lower, but with two threads running, each page handed back stops the other core to flush its
/// address cache (a TLB shootdown): putting the findings into words, which frees the drafts on
/// both cores, took 19.6 ms instead of 13.1, and the whole run about 8% longer.
///
/// Its memory comes in the system's pages (4 KiB), not huge ones (2 MiB). With `thp:always`
/// (Linux's `transparent_hugepage` set to `madvise`, as Debian's is) a large capture's model
/// faulted in fewer pages, but every mapping of jemalloc's went huge, its own bookkeeping
/// included: a run with nothing to read held 10.7 MiB instead of 4.9. Measured side by side
/// (30 runs of each, interleaved), `thp:always` against this:
///
/// | Bench file | Best run | Median | Peak RSS |
/// |---|---|---|---|
/// | Chrome-shaped (150 MB) | 138.0 against 145.6 ms | 146.6 against 153.9 ms | 179.2 against 172.6 MiB |
/// | Every request failing (45 MB) | 99.0 against 102.9 ms | 108.6 against 115.9 ms | 86.0 against 76.6 MiB |
///
/// Huge pages were about 5% faster, but the Chrome-shaped file's memory beyond the input was
/// 0.25 of its size, on issue 13's line, against 0.20 without. Their zeroing also made the
/// slowest runs slower (the Chrome-shaped file's 90th percentile, 198 against 179 ms).
#[cfg(all(feature = "jemalloc", not(target_arch = "wasm32")))]
#[unsafe(export_name = "_rjem_malloc_conf")]
static JEMALLOC_CONF: &[u8; 36] = b"dirty_decay_ms:100,muzzy_decay_ms:0\0";

/// Hands the pages the analysis freed back to the system (every arena's: the analysis frees on
/// every core), as `why401::memory` asks. One `madvise` per run of free pages, instead of
/// jemalloc's decay over the next 100 ms (see [`JEMALLOC_CONF`]).
#[cfg(all(feature = "jemalloc", not(target_arch = "wasm32")))]
fn give_back_freed_pages() {
    // `MALLCTL_ARENAS_ALL` (4096): every arena.
    const PURGE: &[u8] = b"arena.4096.purge\0";
    // SAFETY: a NUL-terminated name, and this command reads and writes nothing (null pointers,
    // length 0). An error leaves the pages to jemalloc's decay.
    let _ = unsafe {
        tikv_jemalloc_sys::mallctl(
            PURGE.as_ptr().cast(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            0,
        )
    };
}

fn main() -> ExitCode {
    #[cfg(all(feature = "jemalloc", not(target_arch = "wasm32")))]
    why401::memory::on_freed_much(give_back_freed_pages);
    match run() {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("why401: {msg}");
            ExitCode::from(2)
        }
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

fn run() -> Result<ExitCode, String> {
    let mut argv = std::env::args().skip(1);
    let lang = Lang::from_locale_vars(&[env("LC_ALL"), env("LC_MESSAGES"), env("LANG")]);
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .ok();
    let mut args = Args {
        format: Format::Text,
        color: None,
        opts: Options {
            lang,
            now_ms,
            ..Options::default()
        },
    };
    let mut positionals: Vec<String> = Vec::new();
    while let Some(a) = argv.next() {
        let mut value = |name: &str| {
            argv.next()
                .ok_or_else(|| format!("{name} needs a value\n\n{USAGE}"))
        };
        match a.as_str() {
            "-h" | "--help" => {
                print(USAGE)?;
                return Ok(ExitCode::SUCCESS);
            }
            "-V" | "--version" => {
                print(&format!("why401 {}\n", env!("CARGO_PKG_VERSION")))?;
                return Ok(ExitCode::SUCCESS);
            }
            "-f" | "--format" => {
                args.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "markdown" | "md" => Format::Markdown,
                    other => {
                        return Err(format!("unknown format `{other}` (text, json, markdown)"))
                    }
                }
            }
            "-l" | "--lang" => {
                let v = value("--lang")?;
                args.opts.lang =
                    Lang::parse(&v).ok_or_else(|| format!("unknown language `{v}` (en, ja)"))?;
            }
            "--now" => {
                let v = value("--now")?;
                args.opts.now_ms = Some(
                    why401::time::parse_iso8601(&v)
                        .ok_or_else(|| format!("--now: `{v}` is not an RFC 3339 time"))?,
                );
            }
            "--leeway" => {
                let v = value("--leeway")?;
                args.opts.leeway_secs = v
                    .parse()
                    .map_err(|_| format!("--leeway: `{v}` is not a number of seconds"))?;
            }
            "--rule" => {
                let v = value("--rule")?;
                if rules::by_id(&v).is_none() {
                    return Err(format!("no rule named `{v}` (see `why401 rules`)"));
                }
                args.opts.rules.get_or_insert_with(Vec::new).push(v);
            }
            "--show-secrets" => args.opts.show_secrets = true,
            "--threads" => {
                let v = value("--threads")?;
                let n: usize = v
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--threads: `{v}` is not a positive number"))?;
                why401::parallel::set_max_threads(n);
            }
            "--link-key" => {
                let v = value("--link-key")?;
                if v.is_empty() {
                    return Err("--link-key needs a non-empty text".into());
                }
                args.opts.fingerprint_key = Some(FingerprintKey::from_passphrase(&v));
            }
            "--color" => {
                args.color = match value("--color")?.as_str() {
                    "always" => Some(true),
                    "never" => Some(false),
                    "auto" => None,
                    other => {
                        return Err(format!("unknown --color `{other}` (auto, always, never)"))
                    }
                }
            }
            "-" => positionals.push(a),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`\n\n{USAGE}")),
            _ => positionals.push(a),
        }
    }
    // Every report draws its own fingerprint key unless the user gave one.
    if args.opts.fingerprint_key.is_none() {
        args.opts.fingerprint_key = Some(random_key()?);
    }
    // Options may stand anywhere, before or after a subcommand (`--lang ja rules`,
    // `rules --lang ja`). A file that has a subcommand's name is given as `./rules`.
    let lang = args.opts.lang;
    match positionals.first().map(String::as_str) {
        Some("rules") => {
            let mut out = String::new();
            for r in rules::ALL {
                let m = r.meta();
                let title = why401::messages::summary(lang, m.id);
                out.push_str(&format!(
                    "{:<28} {:<8} {}\n",
                    m.id,
                    why401::messages::ui(lang, m.severity.as_str()),
                    title
                ));
            }
            print(&out)?;
            return Ok(ExitCode::SUCCESS);
        }
        Some("explain") => {
            let id = positionals
                .get(1)
                .ok_or("explain needs a rule id (see `why401 rules`)")?;
            let rule = rules::by_id(id)
                .ok_or_else(|| format!("no rule named `{id}` (see `why401 rules`)"))?;
            print(&why401::docs::rule_markdown(rule, lang))?;
            return Ok(ExitCode::SUCCESS);
        }
        Some("sanitize") => {
            let file = positionals
                .get(1)
                .ok_or("sanitize needs a HAR file (or - for standard input)")?;
            let (text, _) = har::prepare(read_input(file)?);
            let (out, receipt) = why401::sanitize::har_text_keyed(&text, args.opts.fingerprint_key)
                .map_err(|e| format!("{file}: {e}"))?;
            to_stdout("writing the sanitized HAR", |o| {
                o.write_all(out.as_bytes())?;
                o.write_all(b"\n")
            })?;
            eprint!("{}", receipt.to_text(lang));
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    if positionals.len() > 1 {
        return Err(format!("only one input file is accepted\n\n{USAGE}"));
    }
    let file = positionals
        .pop()
        .ok_or_else(|| format!("no input file\n\n{USAGE}"))?;
    // A file that takes more than a second gets a progress line on a terminal.
    let mut progress = std::io::stderr()
        .is_terminal()
        .then(|| Progress::start(std::time::Instant::now()));
    let mut input = Input::open(&file)?;
    let color = args.color.unwrap_or_else(|| {
        std::io::stdout().is_terminal() && env("NO_COLOR").is_none_or(|v| v.is_empty())
    });
    let writing = format!("{file}: writing the report");
    // A bug that panics on one entry costs that entry (reported as a `skipped`
    // parse issue), not the whole analysis (see why401::guard). The findings are put into
    // words as the report is written, after this: see render::json_drafted.
    let outcome = har::parse_in_place_then_exit(input.bytes_mut(), |read, issues| {
        let drafted =
            why401::guard::with_retries(&args.opts, |opts| draft_read(read, issues.clone(), opts))
                .map_err(|bug| scrubbed_bug(&bug, &read.har, &args.opts))?;
        Ok::<_, String>(drafted.map(|drafted| {
            let (_, input, failures) = drafted.head();
            let (no_failures, incomplete) = ending(input, failures);
            let rendered = match args.format {
                // The Markdown quotes each failing request's lines, read again from the file:
                // it is written now, while the file is there.
                Format::Markdown => {
                    drop(progress.take());
                    let written = to_stdout(&writing, |out| {
                        render::markdown_drafted(&drafted, &read.har, &args.opts, out)
                    });
                    // The process ends soon: the operating system reclaims the report at once.
                    std::mem::forget(drafted);
                    Rendered::Written(written)
                }
                Format::Json | Format::Text => Rendered::Drafted(Box::new(drafted)),
            };
            (rendered, no_failures, incomplete)
        }))
    })
    .map_err(|bug| bug_message(&file, &bug))?;
    drop(progress);
    let (rendered, no_failures, incomplete) =
        outcome.map_err(|e: why401::InputError| format!("{file}: {e}"))?;
    match rendered {
        Rendered::Written(written) => written?,
        // The report owns what it shows: the file is read no more, and its pages are given
        // back while the report is written.
        Rendered::Drafted(drafted) => input.release_while(|| {
            to_stdout(&writing, |out| {
                let written = match args.format {
                    Format::Json => render::json_drafted(&drafted, &mut *out)
                        .and_then(|()| out.write_all(b"\n")),
                    _ => render::text_drafted(&drafted, &args.opts, color, &mut *out),
                };
                // The process ends now: the operating system reclaims the report at once.
                std::mem::forget(drafted);
                written
            })
        })?,
    }
    if let Some(why) = incomplete {
        // A cut file must not pass a CI check as "no failures".
        eprintln!("why401: {file}: read only in part ({why}); the report covers what was read");
        return Ok(ExitCode::from(3));
    }
    Ok(if no_failures {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The message of the panic that every retry of the analysis met, scrubbed of the capture's
/// credentials as findings are: it may quote the capture (a slice out of bounds quotes the text
/// it sliced). Should collecting the credentials panic too, the message is not shown.
fn scrubbed_bug(bug: &str, har: &why401::har::Har<'_>, opts: &why401::Options) -> String {
    why401::guard::quietly(|| opts.for_capture(har).scrub(bug).into_owned()).unwrap_or_else(|_| {
        "(its message is not shown: it could not be checked for the capture's credentials)".into()
    })
}

/// What the CLI says when every retry of the analysis panicked: the panic's message (scrubbed,
/// [`scrubbed_bug`]) may still quote the capture, so its control characters are escaped before
/// they reach the terminal.
fn bug_message(file: &str, bug: &str) -> String {
    format!(
        "{file}: why401 failed (a bug; please report it): {}",
        why401::value::escape_controls(bug)
    )
}

/// Whether a report has no failures, and why it covers only part of the file (a file cut
/// short): what the exit code says.
fn ending(
    input: &why401::analysis::InputInfo,
    failures: &[why401::Failure],
) -> (bool, Option<String>) {
    let incomplete = (input.parse_issues.iter())
        .find(|i| i.kind == "invalid-json")
        .map(|i| i.to_string());
    (failures.is_empty(), incomplete)
}

/// The bytes to analyse: a file mapped copy-on-write, or read into memory (standard input,
/// or a file that cannot be mapped). Mapped, the file's pages stay the page cache's: nothing
/// is copied, and they are not the analysis' own memory (a 1 GB capture costs the analysis
/// what it builds, not another gigabyte).
enum Input {
    #[cfg(not(target_arch = "wasm32"))]
    Mapped(memmap2::MmapMut),
    Read(Vec<u8>),
}

impl Input {
    fn open(file: &str) -> Result<Input, String> {
        // (The CLI is built for WebAssembly only by the tests of the wasm boundary.)
        #[cfg(not(target_arch = "wasm32"))]
        if file != "-" {
            let f = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
            if f.metadata().is_ok_and(|m| m.is_file() && m.len() > 0) {
                why401::progress::start(why401::progress::Phase::Reading, 0);
                // SAFETY: the mapping is private (copy-on-write): what the reader changes in
                // place (a BOM, a repaired value) never reaches the file. The file is a
                // capture the user handed over, not one being written: if another process
                // truncated it while it is read, the process could fault, as any program
                // that maps its input (ripgrep, for one) could.
                if let Ok(map) = unsafe { memmap2::MmapOptions::new().map_copy(&f) } {
                    return Ok(Input::Mapped(map));
                }
            }
        }
        read_input(file).map(Input::Read)
    }

    /// Runs `meanwhile` and lets a large mapped file's pages go ([`release_in_halves`]); for a
    /// file read into memory, or a mapped one too small for two threads ([`RELEASE_PER_THREAD`]),
    /// nothing goes early, and the pages go with `self`.
    fn release_while<R>(self, meanwhile: impl FnOnce() -> R) -> R {
        match &self {
            #[cfg(unix)]
            Input::Mapped(map)
                if why401::parallel::threads_for(map.len(), RELEASE_PER_THREAD) > 1 =>
            {
                // SAFETY: `self` is owned here, so nothing borrows the mapped text (the report
                // owns what it shows); `meanwhile` cannot either, and the mapping goes when this
                // returns.
                unsafe { release_in_halves(map, meanwhile) }
            }
            _ => meanwhile(),
        }
    }

    fn bytes_mut(&mut self) -> &mut [u8] {
        match self {
            #[cfg(not(target_arch = "wasm32"))]
            Input::Mapped(map) => map,
            Input::Read(bytes) => bytes,
        }
    }
}

/// Bytes of a mapped file per thread that lets its pages go ([`Input::release_while`]).
#[cfg(unix)]
const RELEASE_PER_THREAD: usize = 32 << 20;

/// Runs `meanwhile` while another thread gives the second half of `map`'s pages back to the
/// system (`madvise(MADV_DONTNEED)`), then gives back the first half; with no thread to be had,
/// this one gives back both. Unmapping the Chrome-shaped bench file (150 MB) took one core
/// 4.5 ms at exit; given back on two, 2.7 ms, partly while the report is written, and the
/// unmapping then finds no pages.
///
/// A page given back is the file's again when next read: what was written into the mapping
/// (the reader's repairs in place) is gone.
///
/// # Safety
///
/// No reference into `map`'s bytes is alive during the call, and `meanwhile` makes none: the
/// bytes change under them.
#[cfg(unix)]
unsafe fn release_in_halves<R>(map: &memmap2::MmapMut, meanwhile: impl FnOnce() -> R) -> R {
    let release = |from: usize, len: usize| {
        // SAFETY: the caller's: nothing reads these bytes while they change. An error leaves
        // the pages to the unmapping.
        let _ =
            unsafe { map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, from, len) };
    };
    let half = map.len() / 2;
    std::thread::scope(|s| {
        let helper =
            std::thread::Builder::new().spawn_scoped(s, || release(half, map.len() - half));
        let done = meanwhile();
        if helper.is_err() {
            release(half, map.len() - half);
        }
        release(0, half);
        done
    })
}

fn read_input(file: &str) -> Result<Vec<u8>, String> {
    use why401::progress::{self, Phase};
    if file == "-" {
        let mut buf = Vec::new();
        progress::start(Phase::Reading, 0);
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("reading standard input: {e}"))?;
        Ok(buf)
    } else {
        // Read in pieces so that a progress line can say how far the reading is.
        let mut f = std::fs::File::open(file).map_err(|e| format!("{file}: {e}"))?;
        let size = f.metadata().map_or(0, |m| m.len() as usize);
        progress::start(Phase::Reading, size);
        // Straight into the buffer, 4 MiB at a time: no second copy of the file.
        let mut buf = Vec::with_capacity(size + 1);
        loop {
            let n = (&mut f)
                .take(1 << 22)
                .read_to_end(&mut buf)
                .map_err(|e| format!("{file}: {e}"))?;
            if n == 0 {
                break;
            }
            progress::at(buf.len());
        }
        Ok(buf)
    }
}

/// The progress line on standard error: drawn from a second thread once the analysis has
/// taken a second, redrawn ten times a second, erased when dropped (before the report is
/// printed). Only counts and sizes, never anything read from the capture.
struct Progress {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<bool>>,
}

impl Progress {
    fn start(t0: std::time::Instant) -> Progress {
        use std::sync::atomic::{AtomicBool, Ordering};
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut drawn = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::park_timeout(std::time::Duration::from_millis(100));
                if t0.elapsed() < std::time::Duration::from_secs(1) || flag.load(Ordering::Relaxed)
                {
                    continue;
                }
                let line = progress_line(why401::progress::get(), t0.elapsed());
                let _ = write!(std::io::stderr().lock(), "\r\x1b[K{line}");
                drawn = true;
            }
            drawn
        });
        Progress {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            // Woken now: a small file's report is not held back by the redraw interval.
            t.thread().unpark();
            if t.join().unwrap_or(false) {
                let _ = write!(std::io::stderr().lock(), "\r\x1b[K");
            }
        }
    }
}

/// `why401: reading 45% (450 of 1,000 MB) · 3 s`, `checking 60% (72,000 of 120,000 entries)`.
fn progress_line(
    (phase, done, total): (why401::progress::Phase, usize, usize),
    elapsed: std::time::Duration,
) -> String {
    use why401::progress::Phase;
    let pct = |d: usize, t: usize| (d * 100).checked_div(t).unwrap_or(0);
    let what = match phase {
        Phase::Reading if total > 0 => format!(
            "reading {}% ({} of {} MB)",
            pct(done, total),
            done / 1_000_000,
            total / 1_000_000
        ),
        Phase::Reading => format!("reading ({} MB)", done / 1_000_000),
        Phase::Parsing => format!("reading entries ({})", thousands(done)),
        Phase::Preparing => format!(
            "preparing {}% ({} of {} entries)",
            pct(done, total),
            thousands(done),
            thousands(total)
        ),
        Phase::Checking => format!(
            "checking {}% ({} of {} entries)",
            pct(done, total),
            thousands(done),
            thousands(total)
        ),
        Phase::Relating => "relating requests to each other".to_owned(),
        Phase::Idle => "writing the report".to_owned(),
    };
    format!("why401: {what} · {} s", elapsed.as_secs())
}

/// `1234567` -> `1,234,567` (the core's grouping).
fn thousands(n: usize) -> String {
    why401::value::group_thousands(n as u64)
}

/// `s` on standard output (see [`to_stdout`]).
fn print(s: &str) -> Result<(), String> {
    to_stdout("writing to standard output", |out| {
        out.write_all(s.as_bytes())
    })
}

/// What `write` writes, on standard output, flushed. A closed pipe (`why401 x.har | head`) is
/// not worth a message; anything else (a full disk) is an error, said as `what: why`.
fn to_stdout(
    what: &str,
    write: impl FnOnce(&mut std::io::BufWriter<std::io::StdoutLock<'static>>) -> std::io::Result<()>,
) -> Result<(), String> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(format!("{what}: {e}")),
        _ => Ok(()),
    }
}

/// A fresh fingerprint key from the operating system.
#[cfg(not(target_arch = "wasm32"))]
fn random_key() -> Result<FingerprintKey, String> {
    let mut bytes = [0u8; 32];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no random key for fingerprints: {e}"))?;
    Ok(FingerprintKey::from_random(bytes))
}

/// The CLI is not built for the browser (the page and the panel draw their keys
/// with `crypto.getRandomValues`); this only keeps `cargo test --target wasm32` compiling.
#[cfg(target_arch = "wasm32")]
fn random_key() -> Result<FingerprintKey, String> {
    Err("the command-line tool does not run in a browser".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use why401::progress::Phase;

    #[test]
    fn a_bug_s_message_reaches_the_terminal_escaped() {
        let said = bug_message(
            "a.har",
            "byte index 3 is not a char boundary of `\u{1b}]0;owned\u{7}x`",
        );
        assert!(said.starts_with("a.har: why401 failed (a bug"), "{said}");
        assert!(said.contains("not a char boundary"), "{said}");
        assert!(
            !said.contains('\u{1b}') && !said.contains('\u{7}'),
            "{said:?}"
        );
    }

    #[test]
    fn a_bug_s_message_quotes_no_credential_of_the_capture() {
        let token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLW9mLWFsaWNl";
        let har = format!(
            r#"{{"log":{{"entries":[{{"request":{{"method":"GET","url":"https://api.test/a",
            "headers":[{{"name":"Authorization","value":"Bearer {token}"}}]}},
            "response":{{"status":401,"headers":[]}}}}]}}}}"#
        );
        let bug = format!("byte index 9 is not a char boundary of `Bearer {token}`");
        let said = why401::har::parse_bytes(har.clone().into_bytes(), |read, _| {
            scrubbed_bug(&bug, &read.har, &why401::Options::default())
        });
        assert!(said.contains("not a char boundary"), "{said}");
        assert!(!said.contains(token), "{said}");
        // Asked to show secrets, the user sees the message as it was.
        let shown = why401::Options {
            show_secrets: true,
            ..why401::Options::default()
        };
        let said = why401::har::parse_bytes(har.into_bytes(), |read, _| {
            scrubbed_bug(&bug, &read.har, &shown)
        });
        assert_eq!(said, bug);
    }

    #[cfg(unix)]
    #[test]
    fn a_mapped_file_given_back_in_halves_reads_as_the_file_again() {
        // What the reader writes in place (copy-on-write) is in both halves; given back, every
        // page is the file's again: the system was asked for the whole mapping, and the answer
        // of `meanwhile` comes back.
        let file = std::env::temp_dir().join(format!("why401-release-{}", std::process::id()));
        let bytes: Vec<u8> = (0..5 * 4096 + 123).map(|i| (i % 251) as u8).collect();
        std::fs::write(&file, &bytes).unwrap();
        let f = std::fs::File::open(&file).unwrap();
        // SAFETY: a private mapping of a file this test alone writes.
        let mut map = unsafe { memmap2::MmapOptions::new().map_copy(&f) }.unwrap();
        let last = map.len() - 1;
        for at in [0, 10, map.len() / 2 - 1, map.len() / 2 + 1, last] {
            map[at] ^= 0xFF;
        }
        assert!(map[..] != bytes[..]);
        // SAFETY: no reference into the mapping is alive during the call.
        let answer = unsafe { release_in_halves(&map, || 42) };
        assert_eq!(answer, 42);
        assert!(map[..] == bytes[..], "every page is the file's again");
        std::fs::remove_file(&file).ok();
    }

    #[test]
    fn the_progress_line_says_what_is_under_way_in_counts_and_sizes() {
        let s = std::time::Duration::from_secs(3);
        assert_eq!(
            progress_line((Phase::Reading, 450_000_000, 1_000_000_000), s),
            "why401: reading 45% (450 of 1000 MB) · 3 s"
        );
        assert_eq!(
            progress_line((Phase::Parsing, 1_234_567, 0), s),
            "why401: reading entries (1,234,567) · 3 s"
        );
        assert_eq!(
            progress_line((Phase::Checking, 72_000, 120_000), s),
            "why401: checking 60% (72,000 of 120,000 entries) · 3 s"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}
