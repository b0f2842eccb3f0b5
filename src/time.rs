//! Timestamp parsing and formatting without a clock.
//!
//! Every function here is pure: the current time always comes from the caller,
//! because this code also runs in wasm32 where there is no trustworthy system
//! clock, and because a HAR must be judged against the time it was captured,
//! not the time it is analysed.

/// Days since 1970-01-01 for a proleptic Gregorian date.
///
/// Howard Hinnant's `days_from_civil`; exact for every `i64` year that does
/// not overflow, so callers never need a calendar table.
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn is_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Validated wall-clock fields to epoch milliseconds, or `None` if any field
/// is out of range. Second 60 is allowed because RFC 3339 permits leap
/// seconds; it simply rolls into the next minute.
fn to_epoch_ms(y: i64, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> Option<i64> {
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(y, mo) {
        return None;
    }
    if h > 23 || mi > 59 || s > 60 || ms > 999 {
        return None;
    }
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + i64::from(h) * 3600 + i64::from(mi) * 60 + i64::from(s);
    secs.checked_mul(1000)?.checked_add(i64::from(ms))
}

/// Parses exactly `n` ASCII digits.
fn digits(b: &[u8], n: usize) -> Option<u32> {
    if b.len() != n {
        return None;
    }
    let mut v: u32 = 0;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        v = v * 10 + u32::from(c - b'0');
    }
    Some(v)
}

/// Parses a UTC offset (`Z`, `+09:00`, `+0900`, `+09`) into signed minutes.
fn parse_offset(b: &[u8]) -> Option<i64> {
    match b {
        [b'Z' | b'z'] => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] => {
            let (h, m) = match rest.len() {
                2 => (digits(rest, 2)?, 0),
                4 => (digits(&rest[..2], 2)?, digits(&rest[2..], 2)?), // boundary: bytes, length checked
                5 if rest[2] == b':' => (digits(&rest[..2], 2)?, digits(&rest[3..], 2)?), // boundary: bytes, length checked
                _ => return None,
            };
            if h > 23 || m > 59 {
                return None;
            }
            let mins = i64::from(h * 60 + m);
            Some(if *sign == b'-' { -mins } else { mins })
        }
        _ => None,
    }
}

/// Parses an ISO 8601 / RFC 3339 timestamp, as found in HAR `startedDateTime`,
/// to Unix epoch milliseconds.
///
/// Accepts what Chrome, Firefox, Safari, Fiddler, Charles, mitmproxy and
/// Playwright write: `2024-01-02T03:04:05.678Z`, `...05.678+01:00`,
/// 7-digit (.NET) and 6-digit (Python) fractions, no fraction, no seconds,
/// lowercase `t`/`z`, a space instead of `T`, and `+0900`/`+09` offsets.
/// Fractions beyond milliseconds are truncated, as ECMAScript `Date.parse`
/// does, so the value matches what browser devtools display.
///
/// Returns `None` for anything else, including timestamps without an offset:
/// a local time from an unknown machine cannot be placed on the timeline, and
/// guessing UTC would silently shift expiry comparisons by hours.
pub fn parse_iso8601(s: &str) -> Option<i64> {
    let b = s.trim().as_bytes();
    if b.len() < 16 {
        return None;
    }
    let y = digits(&b[0..4], 4)?; // boundary: bytes, length checked
    if b[4] != b'-' || b[7] != b'-' || b[13] != b':' {
        return None;
    }
    let mo = digits(&b[5..7], 2)?; // boundary: bytes, length checked
    let d = digits(&b[8..10], 2)?; // boundary: bytes, length checked
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let h = digits(&b[11..13], 2)?; // boundary: bytes, length checked
    let mi = digits(&b[14..16], 2)?; // boundary: bytes, length checked
    let mut rest = &b[16..]; // boundary: bytes, length checked
    let mut sec = 0;
    let mut ms = 0;
    if let [b':', tail @ ..] = rest {
        sec = digits(tail.get(..2)?, 2)?;
        rest = &tail[2..]; // boundary: bytes, length checked
        if let [b'.' | b',', tail @ ..] = rest {
            let n = tail.iter().take_while(|c| c.is_ascii_digit()).count();
            if n == 0 {
                return None;
            }
            for (i, &c) in tail[..n].iter().take(3).enumerate() {
                ms += u32::from(c - b'0') * [100, 10, 1][i];
            }
            rest = &tail[n..];
        }
    }
    let offset_min = parse_offset(rest)?;
    let local = to_epoch_ms(i64::from(y), mo, d, h, mi, sec, ms)?;
    local.checked_sub(offset_min * 60_000)
}

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn month_from_name(s: &str) -> Option<u32> {
    // Full names ("November") turn up in hand-written Expires values.
    let key = s.get(..3)?;
    let idx = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(key))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][idx];
    let named = |name: &str| s.eq_ignore_ascii_case(name);
    (s.len() == 3 || named(full) || (named("sept") && idx == 8)).then_some(idx as u32 + 1)
}

fn is_weekday(s: &str) -> bool {
    [
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
    .iter()
    .any(|day| day.eq_ignore_ascii_case(s))
}

/// Year field of an HTTP date; two-digit years follow RFC 6265 §5.1.1
/// (70–99 → 19xx, 00–69 → 20xx) because, without a clock, RFC 9110's
/// "50 years in the future" rule cannot be applied.
fn parse_year(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    match b.len() {
        2 => {
            let y = i64::from(digits(b, 2)?);
            Some(if y >= 70 { 1900 + y } else { 2000 + y })
        }
        4 => Some(i64::from(digits(b, 4)?)),
        _ => None,
    }
}

fn parse_day(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    match b.len() {
        1 => digits(b, 1),
        2 => digits(b, 2),
        _ => None,
    }
}

fn parse_hms(s: &str) -> Option<(u32, u32, u32)> {
    let mut it = s.split(':');
    let h = parse_day(it.next()?)?;
    let m = digits(it.next()?.as_bytes(), 2)?;
    let sec = match it.next() {
        Some(x) => digits(x.as_bytes(), 2)?,
        None => 0,
    };
    if it.next().is_some() {
        return None;
    }
    Some((h, m, sec))
}

/// Zone token of an HTTP date in minutes east of UTC. HTTP dates are always
/// GMT, but real servers also send `UTC`, `-0000` or `+0000`.
fn parse_http_zone(s: &str) -> Option<i64> {
    match s.to_ascii_uppercase().as_str() {
        "GMT" | "UTC" | "UT" | "Z" => Some(0),
        _ => parse_offset(s.as_bytes()),
    }
}

/// Parses an HTTP date (`Date`, `Expires`, `Last-Modified`, cookie `expires`)
/// to Unix epoch milliseconds.
///
/// Accepts the three RFC 9110 §5.6.7 forms — IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`), obsolete RFC 850
/// (`Sunday, 06-Nov-94 08:49:37 GMT`) and asctime (`Sun Nov  6 08:49:37 1994`)
/// — plus the Netscape cookie form (`Wed, 21-Oct-2015 07:28:00 GMT`), extra
/// whitespace, `UTC`/`-0000`/`+0000` zones and a missing zone (read as GMT).
/// The weekday is ignored rather than checked, since servers that get it
/// wrong still mean the date they wrote.
pub fn parse_http_date(s: &str) -> Option<i64> {
    imf_fixdate(s).or_else(|| any_http_date(s))
}

/// [`parse_http_date`] of any of its forms.
fn any_http_date(s: &str) -> Option<i64> {
    let cleaned = s.replace(',', " ");
    let mut toks: Vec<&str> = cleaned.split_ascii_whitespace().collect();
    if toks.first().is_some_and(|t| is_weekday(t)) {
        toks.remove(0);
    }
    let (y, mo, d, time, zone): (i64, u32, u32, &str, Option<&str>) = match toks.as_slice() {
        // RFC 850 / cookie: 06-Nov-94 08:49:37 GMT
        [dmy, time, rest @ ..] if dmy.contains('-') => {
            let mut p = dmy.split('-');
            let d = parse_day(p.next()?)?;
            let mo = month_from_name(p.next()?)?;
            let y = parse_year(p.next()?)?;
            if p.next().is_some() || rest.len() > 1 {
                return None;
            }
            (y, mo, d, time, rest.first().copied())
        }
        // asctime: Nov 6 08:49:37 1994
        [mon, day, time, year, rest @ ..] if month_from_name(mon).is_some() => {
            if rest.len() > 1 {
                return None;
            }
            (
                parse_year(year)?,
                month_from_name(mon)?,
                parse_day(day)?,
                time,
                rest.first().copied(),
            )
        }
        // IMF-fixdate: 06 Nov 1994 08:49:37 GMT
        [day, mon, year, time, rest @ ..] => {
            if rest.len() > 1 {
                return None;
            }
            (
                parse_year(year)?,
                month_from_name(mon)?,
                parse_day(day)?,
                time,
                rest.first().copied(),
            )
        }
        _ => return None,
    };
    let (h, mi, sec) = parse_hms(time)?;
    let offset = match zone {
        Some(z) => parse_http_zone(z)?,
        None => 0,
    };
    to_epoch_ms(y, mo, d, h, mi, sec, 0)?.checked_sub(offset * 60_000)
}

/// IMF-fixdate as servers write it (`Sun, 06 Nov 1994 08:49:37 GMT`), read in place: what
/// [`parse_http_date`] finds in it, without the copies its other forms take (every response's
/// `Date` is read). `None` for anything else, which the general path reads (or refuses).
fn imf_fixdate(s: &str) -> Option<i64> {
    let b: &[u8; 29] = s.as_bytes().try_into().ok()?;
    let number = |at: usize, len: usize| digits(b.get(at..at + len)?, len);
    let laid_out = b[3] == b','
        && [4, 7, 11, 16].iter().all(|&at| b[at] == b' ')
        && b[19] == b':'
        && b[22] == b':'
        && b.ends_with(b" GMT");
    // The general path's own tests of the names, on the same words.
    if !laid_out || !is_weekday(s.get(..3)?) {
        return None;
    }
    let month = month_from_name(s.get(8..11)?)?;
    let (d, y) = (number(5, 2)?, number(12, 4)?);
    let (h, mi, sec) = (number(17, 2)?, number(20, 2)?, number(23, 2)?);
    to_epoch_ms(i64::from(y), month, d, h, mi, sec, 0)
}

/// Formats Unix epoch milliseconds as an RFC 3339 UTC timestamp with
/// millisecond precision, e.g. `2024-01-02T03:04:05.678Z`.
///
/// Years outside 0000–9999 use the ECMAScript expanded form (`+275760-…`,
/// `-000001-…`) so that no input produces an ambiguous or truncated string.
pub fn format_iso8601(ms: i64) -> String {
    // Euclidean division so instants before 1970 still count milliseconds
    // forward from the start of their second.
    let secs = ms.div_euclid(1000);
    let milli = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if let Ok(y @ 0..=9999) = u32::try_from(y) {
        // Most instants: each digit in its place, without `format!`'s machinery (each finding
        // that shows an instant formats it, several thousand where every request failed).
        let mut out = *b"0000-00-00T00:00:00.000Z";
        let sod = sod as u32; // 0 to 86,399
        for (at, value, width) in [
            (0, y, 4),
            (5, m, 2),
            (8, d, 2),
            (11, sod / 3600, 2),
            (14, sod / 60 % 60, 2),
            (17, sod % 60, 2),
            (20, milli as u32, 3),
        ] {
            let mut v = value;
            for i in (at..at + width).rev() {
                out[i] = b'0' + (v % 10) as u8;
                v /= 10;
            }
        }
        return std::str::from_utf8(&out).map_or_else(|_| String::new(), str::to_owned);
    }
    let year = if y < 0 {
        format!("-{:06}", y.unsigned_abs())
    } else {
        format!("+{y:06}")
    };
    format!(
        "{year}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
        sod / 3600,
        (sod / 60) % 60,
        sod % 60
    )
}

/// The two most significant adjacent units of a duration, truncated.
fn split_duration(secs: i64) -> (bool, [(u64, usize); 2]) {
    let neg = secs < 0;
    let a = secs.unsigned_abs();
    let parts = [a / 86_400, (a / 3600) % 24, (a / 60) % 60, a % 60];
    let first = parts.iter().position(|&v| v != 0).unwrap_or(3);
    let second = (first + 1).min(3);
    let pair = if second == first {
        [(parts[first], first), (0, first)]
    } else {
        [(parts[first], first), (parts[second], second)]
    };
    (neg, pair)
}

fn humanize(secs: i64, units: [&str; 4], sep: &str) -> String {
    let (neg, [(v1, u1), (v2, u2)]) = split_duration(secs);
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(&format!("{v1}{sep}{}", units[u1]));
    if u2 != u1 && v2 != 0 {
        out.push_str(&format!(
            "{}{v2}{sep}{}",
            if sep.is_empty() { "" } else { " " },
            units[u2]
        ));
    }
    out
}

/// Human-readable duration with the two most significant units, truncated:
/// `"2 h 13 min"`, `"45 s"`, `"3 d 4 h"`. Negative durations get a leading
/// `-`; callers phrase "ago"/"in" themselves.
pub fn humanize_duration_secs(secs: i64) -> String {
    humanize(secs, ["d", "h", "min", "s"], " ")
}

/// Japanese variant of [`humanize_duration_secs`]: `"2時間13分"`, `"45秒"`,
/// `"3日4時間"`.
pub fn humanize_duration_secs_ja(secs: i64) -> String {
    humanize(secs, ["日", "時間", "分", "秒"], "")
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: i64 = 1_704_164_645_678; // 2024-01-02T03:04:05.678Z

    #[test]
    fn civil_round_trip_over_wide_range() {
        for z in (-800_000..800_000).step_by(37) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn iso_browser_and_proxy_forms() {
        let cases = [
            ("2024-01-02T03:04:05.678Z", T),      // Chrome, Safari, Playwright
            ("2024-01-02T04:04:05.678+01:00", T), // Firefox
            ("2024-01-02T12:04:05.6780000+09:00", T), // Fiddler (7 digits)
            ("2024-01-02T12:04:05.678+09:00", T), // Charles
            ("2024-01-02T03:04:05.678901+00:00", T), // mitmproxy
            ("2024-01-02t03:04:05.678z", T),      // lowercase
            ("2024-01-02 03:04:05.678Z", T),      // RFC 3339 space
            ("2024-01-02T03:04:05Z", T - 678),    // no fraction
            ("2024-01-02T03:04Z", T - 5678),      // no seconds
            ("2024-01-01T22:04:05.678-05:00", T), // negative offset
            ("2024-01-01T22:04:05.678-0500", T),  // basic offset
            ("2024-01-01T22:04:05.678-05", T),    // hour-only offset
            ("  2024-01-02T03:04:05.678Z\n", T),  // surrounding space
            ("2024-01-02T03:04:05.6Z", T - 78),   // short fraction
            ("2024-01-02T03:04:05,678Z", T),      // ISO comma
        ];
        for (s, want) in cases {
            assert_eq!(parse_iso8601(s), Some(want), "{s}");
        }
    }

    #[test]
    fn iso_fraction_is_truncated_not_rounded() {
        assert_eq!(parse_iso8601("2024-01-02T03:04:05.6789999Z"), Some(T));
        assert_eq!(parse_iso8601("1969-12-31T23:59:59.9999Z"), Some(-1));
    }

    #[test]
    fn iso_rejects_garbage() {
        for s in [
            "",
            "garbage",
            "2024-01-02",
            "2024-01-02T03:04:05.678",   // no offset
            "2024-13-02T03:04:05Z",      // month
            "2023-02-29T00:00:00Z",      // not leap
            "2024-01-32T00:00:00Z",      // day
            "2024-01-02T24:00:00Z",      // hour
            "2024-01-02T03:60:00Z",      // minute
            "2024-01-02T03:04:05.Z",     // empty fraction
            "2024-01-02T03:04:05+25:00", // offset
            "2024-01-02T03:04:05+01:60", // offset minutes
            "2024-01-02T03:04:05Zjunk",  // trailing
            "2024-01-02X03:04:05Z",      // separator
            "２０２４-01-02T03:04:05Z",  // non-ASCII digits
            "2024-1-2T3:4:5Z",           // unpadded
        ] {
            assert_eq!(parse_iso8601(s), None, "{s:?}");
        }
    }

    #[test]
    fn iso_leap_years_and_2038() {
        assert_eq!(
            parse_iso8601("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
        assert_eq!(parse_iso8601("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        assert_eq!(parse_iso8601("1900-02-29T00:00:00Z"), None);
        // One second past the signed 32-bit time_t limit.
        assert_eq!(
            parse_iso8601("2038-01-19T03:14:08Z"),
            Some(2_147_483_648_000)
        );
        assert_eq!(
            parse_iso8601("2106-02-07T06:28:16Z"),
            Some(4_294_967_296_000)
        );
        assert_eq!(
            parse_iso8601("9999-12-31T23:59:59.999Z"),
            Some(253_402_300_799_999)
        );
        assert_eq!(parse_iso8601("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(
            parse_iso8601("0000-01-01T00:00:00Z"),
            Some(-62_167_219_200_000)
        );
        // Leap second rolls forward instead of being rejected.
        assert_eq!(
            parse_iso8601("2016-12-31T23:59:60Z"),
            parse_iso8601("2017-01-01T00:00:00Z")
        );
    }

    #[test]
    fn http_date_forms() {
        let want = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        for s in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun,  06   Nov 1994   08:49:37   GMT ",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 -0000",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sun, 06 Nov 1994 08:49:37",
            "sun, 06 nov 1994 08:49:37 gmt",
            "Mon, 06 Nov 1994 08:49:37 GMT", // wrong weekday, same instant
            "06 Nov 1994 08:49:37 GMT",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06-Nov-1994 08:49:37 GMT",
            "Sun, 06 November 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 09:49:37 +0100",
        ] {
            assert_eq!(parse_http_date(s), Some(want), "{s:?}");
        }
        assert_eq!(
            parse_http_date("Wed, 21-Oct-2015 07:28:00 GMT"),
            Some(1_445_412_480_000)
        );
        assert_eq!(parse_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(0));
        assert_eq!(
            parse_http_date("Tue, 19 Jan 2038 03:14:08 GMT"),
            Some(2_147_483_648_000)
        );
        assert_eq!(
            parse_http_date("Thu, 01-Jan-37 00:00:00 GMT"),
            parse_http_date("Thu, 01 Jan 2037 00:00:00 GMT")
        );
        assert_eq!(parse_http_date("Thu, 01-Jan-70 00:00:00 GMT"), Some(0));
    }

    #[test]
    fn http_date_rejects_garbage() {
        for s in [
            "",
            "0",
            "-1",
            "never",
            "Sun, 32 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 PST8",
            "Sun, 06 Nov 1994 08:49:37 GMT extra",
            "Sun, 06 Nov 994 08:49:37 GMT",
            "Sun, 29 Feb 1900 00:00:00 GMT",
            "Sun, 06-Nov-94-1 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(s), None, "{s:?}");
        }
    }

    #[test]
    fn imf_fixdate_read_in_place_is_what_the_general_path_reads() {
        let read = [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "sun, 06 nov 1994 08:49:37 GMT",
            "MON, 29 FEB 2024 23:59:59 GMT",
            "Thu, 01 Jan 1970 00:00:00 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            // The weekday is not checked against the date, by either.
            "Wed, 06 Nov 1994 08:49:37 GMT",
        ];
        for s in read {
            assert!(imf_fixdate(s).is_some(), "{s}");
            assert_eq!(imf_fixdate(s), any_http_date(s), "{s}");
        }
        // Left to the general path: it reads some of these and refuses others.
        let left = [
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 gmt",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 GMT ",
            "Xyz, 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Now 1994 08:49:37 GMT",
            "Sun, 30 Feb 2024 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:00:00 GMT",
            "Sun, 06 Nov 19a4 08:49:37 GMT",
            "Sun; 06 Nov 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08.49:37 GMT",
            "Sü, 06 Nov 1994 08:49:37 GMT",
        ];
        for s in left {
            assert_eq!(imf_fixdate(s), None, "{s}");
        }
        // Laid out as IMF-fixdate, numbers at their edges: both read them alike.
        for s in [
            "Sun, 00 Nov 1994 08:49:37 GMT",
            "Sun, 31 Nov 1994 08:49:37 GMT",
            "Sun, 29 Feb 1900 08:49:37 GMT",
            "Sun, 29 Feb 2000 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:60 GMT",
            "Sun, 06 Nov 1994 08:60:00 GMT",
            "Sun, 06 Nov 1994 23:59:59 GMT",
            "Sun, 01 Jan 0000 00:00:00 GMT",
        ] {
            assert_eq!(imf_fixdate(s), any_http_date(s), "{s}");
        }
        assert!(parse_http_date(left[0]).is_some() && parse_http_date(left[2]).is_some());
    }

    #[test]
    fn format_round_trips_and_negative_ms() {
        assert_eq!(format_iso8601(T), "2024-01-02T03:04:05.678Z");
        assert_eq!(format_iso8601(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(format_iso8601(-1), "1969-12-31T23:59:59.999Z");
        assert_eq!(format_iso8601(-1000), "1969-12-31T23:59:59.000Z");
        assert_eq!(format_iso8601(-1001), "1969-12-31T23:59:58.999Z");
        assert_eq!(
            format_iso8601(2_147_483_648_000),
            "2038-01-19T03:14:08.000Z"
        );
        assert_eq!(
            format_iso8601(1_709_164_800_000),
            "2024-02-29T00:00:00.000Z"
        );
        assert_eq!(
            format_iso8601(8_640_000_000_000_000),
            "+275760-09-13T00:00:00.000Z"
        );
        assert_eq!(
            format_iso8601(-62_198_755_200_000),
            "-000001-01-01T00:00:00.000Z"
        );
        // Extremes must not overflow or panic.
        let _ = format_iso8601(i64::MAX);
        let _ = format_iso8601(i64::MIN);
        for ms in (-5_000_000_000_000i64..5_000_000_000_000).step_by(7_777_777_777) {
            assert_eq!(parse_iso8601(&format_iso8601(ms)), Some(ms), "{ms}");
        }
        // The digits written in place are what `format!` writes, across years 0 to 9999 and
        // their edges (each field's widest and narrowest value).
        let by_format = |ms: i64| {
            let (secs, milli) = (ms.div_euclid(1000), ms.rem_euclid(1000));
            let (days, sod) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
            let (y, m, d) = civil_from_days(days);
            format!(
                "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{milli:03}Z",
                sod / 3600,
                (sod / 60) % 60,
                sod % 60
            )
        };
        let year_0 = -62_167_219_200_000i64;
        let year_10000 = 253_402_300_800_000i64;
        let edges = [year_0, year_0 + 1, year_0 + 86_399_999, year_10000 - 1];
        let steps = (year_0..year_10000).step_by(3_333_333_333_337);
        for ms in edges.into_iter().chain(steps) {
            assert_eq!(format_iso8601(ms), by_format(ms), "{ms}");
        }
        assert_eq!(format_iso8601(year_0 - 1), "-000001-12-31T23:59:59.999Z");
        assert_eq!(format_iso8601(year_10000), "+010000-01-01T00:00:00.000Z");
    }

    #[test]
    fn humanize_en_and_ja() {
        let cases = [
            (0, "0 s", "0秒"),
            (45, "45 s", "45秒"),
            (60, "1 min", "1分"),
            (65, "1 min 5 s", "1分5秒"),
            (2 * 3600 + 13 * 60 + 20, "2 h 13 min", "2時間13分"),
            (3600, "1 h", "1時間"),
            (3 * 86_400 + 4 * 3600 + 59, "3 d 4 h", "3日4時間"),
            (3 * 86_400 + 5 * 60, "3 d", "3日"),
            (-45, "-45 s", "-45秒"),
            (-(2 * 3600 + 13 * 60), "-2 h 13 min", "-2時間13分"),
        ];
        for (s, en, ja) in cases {
            assert_eq!(humanize_duration_secs(s), en);
            assert_eq!(humanize_duration_secs_ja(s), ja);
        }
        let _ = humanize_duration_secs(i64::MIN);
        let _ = humanize_duration_secs_ja(i64::MAX);
    }

    #[test]
    fn never_panics_on_prefixes_and_multibyte_input() {
        for src in [
            "2024-01-02T04:04:05.6789012+01:00",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "２０２４年１月２日 ０３:０４",
            "é-é-éTé:é:é.éZ",
        ] {
            for (i, _) in src.char_indices() {
                let _ = parse_iso8601(&src[..i]);
                let _ = parse_http_date(&src[..i]);
                let _ = parse_iso8601(&src[i..]);
                let _ = parse_http_date(&src[i..]);
            }
        }
    }
}
