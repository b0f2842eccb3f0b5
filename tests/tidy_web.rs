//! Tidy checks for the browser code (issue 3): untrusted text never reaches an
//! HTML parser, and the page loads nothing from anywhere else.

use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Source files of the browser shells: src/wasm, www and extension (generated
/// `pkg/` directories and node_modules excluded).
fn browser_sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                if name != "pkg" && name != "node_modules" {
                    walk(&p, out);
                }
            } else if ["rs", "js", "mjs", "html", "ts"]
                .iter()
                .any(|x| name.ends_with(&format!(".{x}")))
            {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for d in ["src/wasm", "www", "extension"] {
        walk(&root().join(d), &mut out);
    }
    out
}

#[test]
fn no_html_parsing_sinks_in_browser_code() {
    // Spelled in pieces so this file does not match itself if it is ever moved.
    let sinks = [
        ["inner", "HTML"].concat(),
        ["outer", "HTML"].concat(),
        ["insertAdjacent", "HTML"].concat(),
        ["document", ".write"].concat(),
        ["set_inner", "_html"].concat(),
        ["set_outer", "_html"].concat(),
        ["insert_adjacent", "_html"].concat(),
        ["create", "ContextualFragment"].concat(),
        ["srcdoc"].concat(),
    ];
    let files = browser_sources();
    assert!(
        files.iter().any(|f| f.ends_with("render.rs")),
        "src/wasm/render.rs not found: {files:?}"
    );
    let mut bad = Vec::new();
    for f in &files {
        let text = fs::read_to_string(f).unwrap();
        for (n, line) in text.lines().enumerate() {
            for s in &sinks {
                if line.contains(s.as_str()) {
                    bad.push(format!("{}:{}: {s}", f.display(), n + 1));
                }
            }
        }
    }
    assert!(
        bad.is_empty(),
        "HTML parsing sinks found (use text nodes / set_text_content):\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_page_has_a_strict_csp_and_no_third_party_urls() {
    let html = fs::read_to_string(root().join("www/index.html")).unwrap();
    let csp = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; \
               style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
    assert!(
        html.contains(csp),
        "www/index.html lacks the CSP meta: {csp}"
    );
    for f in [
        "www/index.html",
        "www/app.js",
        "www/worker.js",
        "www/engine.js",
        "www/pool.js",
        "www/style.css",
        "src/wasm/render.css",
    ] {
        let text = fs::read_to_string(root().join(f)).unwrap();
        for scheme in ["http://", "https://", "//fonts.", "@import"] {
            assert!(
                !text.contains(scheme),
                "{f} refers to `{scheme}`: the page loads only its own files"
            );
        }
    }
}
