//! The redactor on arbitrary text, around a planted secret: never a panic, and the
//! secret never survives where the policy says it is a credential.
#![no_main]

use libfuzzer_sys::fuzz_target;
use why401::redact;

const SECRET: &str = "Zq7PlantedFuzzSecret0123456789";

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else { return };
    let key = redact::FingerprintKey::from_random([7; 32]);
    let replace = |v: &str| redact::secret_keyed(v, Some(&key));
    // Arbitrary text through every entry point: no panic.
    let _ = redact::secret_keyed(s, Some(&key));
    let _ = redact::header_value_with("Authorization", s, &replace);
    let _ = redact::header_value_with("Set-Cookie", s, &replace);
    let _ = redact::url_with(s, &replace);
    let _ = redact::body_with("application/json", s, &replace);
    let _ = redact::text_with(s, &replace);
    // A planted credential in places the policy covers, with fuzzed text around it.
    // (Only text without quotes or separators, which could end the planted value early.)
    // (Text that holds the secret itself, as a cookie name for instance, is not a leak.)
    if s.contains(SECRET) || s.chars().any(|c| c.is_control() || "\"'\\&;=#?%+ ,:<>{}[]()`".contains(c)) {
        return;
    }
    for (name, value) in [
        ("Authorization", format!("Bearer {SECRET}")),
        ("Cookie", format!("{s}={SECRET}")),
        ("X-Api-Key", SECRET.to_owned()),
    ] {
        let out = redact::header_value_with(name, &value, &replace);
        assert!(!out.contains(SECRET), "{name}: {out}");
    }
    let url = format!("https://{s}.test/{s}?access_token={SECRET}&x={s}");
    let out = redact::url_with(&url, &replace);
    assert!(!out.contains(SECRET), "{out}");
    let body = format!("{{\"{s}\":1,\"refresh_token\":\"{SECRET}\"}}");
    let out = redact::body_with("application/json", &body, &replace).unwrap_or(body);
    assert!(!out.contains(SECRET), "{out}");
});
