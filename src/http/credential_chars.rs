//! Invisible and look-alike characters in credentials: the whitespace, line
//! breaks, zero-width characters and full-width forms that copy-paste and
//! `echo | base64` smuggle into tokens, passwords, API keys and cookies.
//!
//! None of these are allowed in a token68 ([RFC 9110 §11.2]) and servers
//! compare secrets byte for byte, so any of them makes an otherwise correct
//! credential fail.
//!
//! Findings carry positions and code points only, never the text around
//! them, because that text is the secret.
//!
//! # Example values
//!
//! ```text
//! "ghp_abc\n"            trailing LINE FEED (echo without -n)
//! "\u{FEFF}eyJhbGciOi"   leading ZERO WIDTH NO-BREAK SPACE (BOM from a file)
//! "abc\u{00A0}def"       NO-BREAK SPACE inside (copied from a web page)
//! "ａｂｃ"                FULLWIDTH forms (typed with an East Asian IME)
//! ```
//!
//! [RFC 9110 §11.2]: https://www.rfc-editor.org/rfc/rfc9110#section-11.2

/// Where, relative to the credential, a whitespace character sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Where {
    /// Before the first visible character of the value.
    Leading,
    /// After the last visible character of the value.
    Trailing,
    /// Between the auth-scheme and the credentials (only from
    /// [`crate::http::authorization::diagnose`]).
    AfterScheme,
    /// Inside the credential itself.
    Inside,
}

/// A whitespace or invisible character that does not belong in a credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WhitespaceKind {
    /// U+0020 SPACE.
    Space,
    /// U+0009 CHARACTER TABULATION.
    Tab,
    /// U+000D CARRIAGE RETURN.
    CarriageReturn,
    /// U+000A LINE FEED.
    LineFeed,
    /// U+00A0 NO-BREAK SPACE, typical of text copied from web pages.
    NoBreakSpace,
    /// U+200B ZERO WIDTH SPACE.
    ZeroWidthSpace,
    /// U+200C ZERO WIDTH NON-JOINER.
    ZeroWidthNonJoiner,
    /// U+200D ZERO WIDTH JOINER.
    ZeroWidthJoiner,
    /// U+2060 WORD JOINER.
    WordJoiner,
    /// U+FEFF ZERO WIDTH NO-BREAK SPACE, the byte order mark of a UTF-8 file.
    ByteOrderMark,
}

impl WhitespaceKind {
    /// Classifies `c`, or `None` if it is not one of the tracked characters.
    pub fn of(c: char) -> Option<Self> {
        Some(match c {
            ' ' => Self::Space,
            '\t' => Self::Tab,
            '\r' => Self::CarriageReturn,
            '\n' => Self::LineFeed,
            '\u{00A0}' => Self::NoBreakSpace,
            '\u{200B}' => Self::ZeroWidthSpace,
            '\u{200C}' => Self::ZeroWidthNonJoiner,
            '\u{200D}' => Self::ZeroWidthJoiner,
            '\u{2060}' => Self::WordJoiner,
            '\u{FEFF}' => Self::ByteOrderMark,
            _ => return None,
        })
    }

    /// The Unicode code point.
    pub fn code_point(self) -> u32 {
        match self {
            Self::Space => 0x20,
            Self::Tab => 0x09,
            Self::CarriageReturn => 0x0D,
            Self::LineFeed => 0x0A,
            Self::NoBreakSpace => 0xA0,
            Self::ZeroWidthSpace => 0x200B,
            Self::ZeroWidthNonJoiner => 0x200C,
            Self::ZeroWidthJoiner => 0x200D,
            Self::WordJoiner => 0x2060,
            Self::ByteOrderMark => 0xFEFF,
        }
    }

    /// The Unicode character name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Space => "SPACE",
            Self::Tab => "CHARACTER TABULATION",
            Self::CarriageReturn => "CARRIAGE RETURN",
            Self::LineFeed => "LINE FEED",
            Self::NoBreakSpace => "NO-BREAK SPACE",
            Self::ZeroWidthSpace => "ZERO WIDTH SPACE",
            Self::ZeroWidthNonJoiner => "ZERO WIDTH NON-JOINER",
            Self::ZeroWidthJoiner => "ZERO WIDTH JOINER",
            Self::WordJoiner => "WORD JOINER",
            Self::ByteOrderMark => "ZERO WIDTH NO-BREAK SPACE (BOM)",
        }
    }

    /// Whether the character is invisible when printed (zero-width or BOM).
    pub fn is_invisible(self) -> bool {
        matches!(
            self,
            Self::ZeroWidthSpace
                | Self::ZeroWidthNonJoiner
                | Self::ZeroWidthJoiner
                | Self::WordJoiner
                | Self::ByteOrderMark
        )
    }
}

/// A run of identical whitespace characters found in a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WhitespaceProblem {
    /// Where the run sits relative to the credential.
    pub where_: Where,
    /// Which character the run consists of.
    pub kind: WhitespaceKind,
    /// 0-based index, in characters (not bytes), of the run's first character.
    pub position: usize,
    /// How many characters the run has.
    pub count: usize,
}

/// A full-width form (U+FF01–U+FF5E) or U+3000 IDEOGRAPHIC SPACE in a value.
///
/// Only the code point and position are kept: the character is usually a
/// look-alike of one character of the secret.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FullWidthChar {
    /// 0-based index, in characters (not bytes), in the analysed value.
    pub position: usize,
    /// The Unicode code point.
    pub code_point: u32,
}

impl FullWidthChar {
    /// A generic name for messages (deliberately not the character's own
    /// name, which would spell out part of the secret).
    pub fn name(&self) -> &'static str {
        if self.code_point == 0x3000 {
            "IDEOGRAPHIC SPACE"
        } else {
            "FULLWIDTH FORM of an ASCII character"
        }
    }
}

/// Whether `c` is a full-width ASCII variant or the ideographic space.
pub fn is_fullwidth(c: char) -> bool {
    matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}')
}

/// Whether `c` should be trimmed around a value: tracked whitespace or the
/// ideographic space.
pub(crate) fn is_blank(c: char) -> bool {
    WhitespaceKind::of(c).is_some() || c == '\u{3000}'
}

/// Leading and trailing whitespace of any tracked kind, plus tabs, line
/// breaks, NO-BREAK SPACE and zero-width characters inside `s`.
///
/// Plain spaces inside are not reported: they are legitimate in passwords and
/// the Bearer-specific check lives in
/// [`crate::http::authorization::Problem::SplitBySpaces`].
pub fn whitespace_problems(s: &str) -> Vec<WhitespaceProblem> {
    let total = s.chars().count();
    let lead = s.chars().take_while(|&c| is_blank(c)).count();
    let trail = if lead == total {
        0
    } else {
        s.chars().rev().take_while(|&c| is_blank(c)).count()
    };
    group(s.chars().enumerate().filter_map(|(i, c)| {
        let kind = WhitespaceKind::of(c)?;
        let where_ = if i < lead {
            Where::Leading
        } else if i >= total - trail {
            Where::Trailing
        } else if kind == WhitespaceKind::Space {
            return None;
        } else {
            Where::Inside
        };
        Some((i, kind, where_))
    }))
}

/// Every full-width form and ideographic space in `s`.
pub fn fullwidth_chars(s: &str) -> Vec<FullWidthChar> {
    s.chars()
        .enumerate()
        .filter(|&(_, c)| is_fullwidth(c))
        .map(|(position, c)| FullWidthChar {
            position,
            code_point: c as u32,
        })
        .collect()
}

/// Merges consecutive identical characters in the same place into one run.
pub(crate) fn group(
    items: impl Iterator<Item = (usize, WhitespaceKind, Where)>,
) -> Vec<WhitespaceProblem> {
    let mut out: Vec<WhitespaceProblem> = Vec::new();
    for (position, kind, where_) in items {
        if let Some(last) = out.last_mut() {
            if last.kind == kind && last.where_ == where_ && last.position + last.count == position
            {
                last.count += 1;
                continue;
            }
        }
        out.push(WhitespaceProblem {
            where_,
            kind,
            position,
            count: 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use WhitespaceKind as K;

    fn ws(where_: Where, kind: WhitespaceKind, position: usize, count: usize) -> WhitespaceProblem {
        WhitespaceProblem {
            where_,
            kind,
            position,
            count,
        }
    }

    #[test]
    fn clean_values() {
        for s in [
            "",
            "abc",
            "open sesame",
            "a b c",
            "eyJhbGciOiJIUzI1NiJ9.e30.x",
        ] {
            assert_eq!(whitespace_problems(s), vec![], "{s:?}");
            assert_eq!(fullwidth_chars(s), vec![], "{s:?}");
        }
    }

    #[test]
    fn table() {
        let cases: &[(&str, Vec<WhitespaceProblem>)] = &[
            ("abc\n", vec![ws(Where::Trailing, K::LineFeed, 3, 1)]),
            (
                "abc\r\n",
                vec![
                    ws(Where::Trailing, K::CarriageReturn, 3, 1),
                    ws(Where::Trailing, K::LineFeed, 4, 1),
                ],
            ),
            ("  abc", vec![ws(Where::Leading, K::Space, 0, 2)]),
            (
                "\u{FEFF}abc",
                vec![ws(Where::Leading, K::ByteOrderMark, 0, 1)],
            ),
            ("ab\tc", vec![ws(Where::Inside, K::Tab, 2, 1)]),
            (
                "ab\u{00A0}c",
                vec![ws(Where::Inside, K::NoBreakSpace, 2, 1)],
            ),
            (
                "ab\u{200B}\u{200B}c",
                vec![ws(Where::Inside, K::ZeroWidthSpace, 2, 2)],
            ),
            (
                "ab\u{200C}c",
                vec![ws(Where::Inside, K::ZeroWidthNonJoiner, 2, 1)],
            ),
            (
                "ab\u{200D}c",
                vec![ws(Where::Inside, K::ZeroWidthJoiner, 2, 1)],
            ),
            ("ab\u{2060}c", vec![ws(Where::Inside, K::WordJoiner, 2, 1)]),
            // Positions count characters, not bytes.
            (
                "ü\u{00A0}",
                vec![ws(Where::Trailing, K::NoBreakSpace, 1, 1)],
            ),
            ("   ", vec![ws(Where::Leading, K::Space, 0, 3)]),
            (
                " a b ",
                vec![
                    ws(Where::Leading, K::Space, 0, 1),
                    ws(Where::Trailing, K::Space, 4, 1),
                ],
            ),
        ];
        for (s, expected) in cases {
            assert_eq!(&whitespace_problems(s), expected, "{s:?}");
        }
    }

    #[test]
    fn kind_metadata() {
        assert_eq!(K::NoBreakSpace.code_point(), 0xA0);
        assert_eq!(K::of('\u{FEFF}'), Some(K::ByteOrderMark));
        assert_eq!(K::of('\u{FEFF}').map(K::code_point), Some(0xFEFF));
        assert_eq!(K::of('x'), None);
        assert_eq!(K::LineFeed.name(), "LINE FEED");
        assert!(K::WordJoiner.is_invisible());
        assert!(!K::Tab.is_invisible());
        for c in [
            ' ', '\t', '\r', '\n', '\u{A0}', '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}',
            '\u{FEFF}',
        ] {
            assert_eq!(K::of(c).map(K::code_point), Some(c as u32));
        }
    }

    #[test]
    fn fullwidth() {
        let found = fullwidth_chars("ab\u{FF21}c\u{3000}\u{FF5E}\u{FF5F}\u{FF00}");
        assert_eq!(
            found,
            vec![
                FullWidthChar {
                    position: 2,
                    code_point: 0xFF21
                },
                FullWidthChar {
                    position: 4,
                    code_point: 0x3000
                },
                FullWidthChar {
                    position: 5,
                    code_point: 0xFF5E
                },
            ]
        );
        assert_eq!(found[1].name(), "IDEOGRAPHIC SPACE");
        assert!(
            !found[0].name().contains("LATIN"),
            "must not spell the character"
        );
    }
}
