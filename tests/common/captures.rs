//! Every capture the repository has, for tests that check a promise on all of them.

use std::fs;
use std::path::{Path, PathBuf};

pub fn hars(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            hars(&p, out);
        } else if p.extension().is_some_and(|x| x == "har") {
            out.push(p);
        }
    }
}

/// Every capture the project has: hand-written fixtures, lab recordings, corpus HARs.
pub fn captures() -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let mut files = Vec::new();
    for d in ["fixtures", "lab/captures", "corpora/har"] {
        hars(&root.join(d), &mut files);
    }
    (root, files)
}
