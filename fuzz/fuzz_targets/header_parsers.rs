//! Every header parser on arbitrary text: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use why401::http::{authorization, basic, credential_chars, set_cookie, www_authenticate};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let _ = www_authenticate::parse(s);
    let _ = authorization::parse(s);
    let _ = authorization::diagnose(s);
    let _ = basic::decode(s, true);
    let _ = basic::decode(s, false);
    let _ = set_cookie::parse(s);
    let _ = credential_chars::whitespace_problems(s);
    let _ = credential_chars::fullwidth_chars(s);
    if let Some((a, b)) = s.split_once('\n') {
        let _ = set_cookie::domain_match(a, b);
        let _ = set_cookie::path_match(a, b);
    }
});
