//! Counted byte positions in untrusted text are where panics come from
//! (`&value[..8]` inside `é` took the DevTools panel down). In `src/`, a range
//! index whose bound is counted (a number, or a subtraction) must either go
//! through `why401::text` or say on its line why it is safe
//! (`// boundary: …`: bytes, ASCII delimiters, `char_indices`, …).

use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The bracketed range indexes of a line of code (`x[a..b]`), comments stripped.
fn range_indexes(code: &str) -> Vec<&str> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for (i, _) in code.match_indices('[') {
        let indexed =
            i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || b"_)]".contains(&bytes[i - 1]));
        if !indexed {
            continue;
        }
        let mut depth = 0;
        for (j, c) in code[i..].char_indices() {
            match c {
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        let inner = &code[i + 1..i + j];
                        if inner.contains("..") {
                            out.push(inner);
                        }
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// A bound counted rather than found: a digit (`..8`, `i + 3` excepted below) or a subtraction.
fn counted(index: &str) -> bool {
    index.contains(" - ")
        || index
            .split("..")
            .any(|b| b.trim().chars().next().is_some_and(|c| c.is_ascii_digit()))
}

#[test]
fn counted_slices_of_text_go_through_the_vetted_helpers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    let mut bad = Vec::new();
    for f in &files {
        if f.ends_with("src/text.rs") {
            continue;
        }
        let text = fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            let (code, comment) = line.split_once("//").unwrap_or((line, ""));
            // The reason on the line itself, or alone on the line above (rustfmt moves long ones).
            let above = n.checked_sub(1).map_or("", |p| lines[p].trim());
            if comment.trim_start().starts_with("boundary:")
                || above.starts_with("// boundary:")
                || code.trim().is_empty()
            {
                continue;
            }
            for index in range_indexes(code) {
                if counted(index) {
                    bad.push(format!(
                        "{}:{}: [{index}]",
                        f.strip_prefix(root).unwrap().display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "counted range indexes without `// boundary: why` (use why401::text::head/tail):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_check_sees_the_pattern_that_panicked() {
    assert!(counted("..8"));
    assert!(counted("host.len() - domain.len().."));
    assert!(!counted("..end"));
    assert_eq!(range_indexes("let s = &value[..8];"), vec!["..8"]);
    assert!(range_indexes("match x { [a, ..] => 1 }").is_empty() || !counted("a, .."));
}
