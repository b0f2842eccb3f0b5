//! Lenient field readers for HAR files written by tools that disagree with the spec.
//!
//! Real exports put numbers in strings (`"status": "401"`), `null` where the spec says
//! a number, objects where a string belongs, or drop fields entirely. A strict derive
//! would reject the whole entry for one odd field; these readers keep what they can and
//! turn the rest into `None`, so one odd field never costs the analysis of a request.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// Writes the `visit_*` methods of a lenient visitor for the JSON kinds it does
/// not read: the value is skipped (lists and objects are drained) and `$ret`
/// returned. Every lenient reader in `har` shares these.
macro_rules! skip_visits {
    ($ret:expr; $($m:ident),+ $(,)?) => { $( $crate::har::lenient::skip_visits!(@ $m $ret); )+ };
    (@visit_seq $ret:expr) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok($ret)
        }
    };
    (@visit_map $ret:expr) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            Ok($ret)
        }
    };
    (@visit_str $ret:expr) => {
        fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
    (@visit_i64 $ret:expr) => {
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
    (@visit_u64 $ret:expr) => {
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
    (@visit_f64 $ret:expr) => {
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
    (@visit_bool $ret:expr) => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
    (@visit_unit $ret:expr) => {
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
    (@visit_none $ret:expr) => {
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok($ret)
        }
    };
}
pub(crate) use skip_visits;

/// A string that is borrowed from the input when it has no escapes.
#[cfg(target_pointer_width = "64")]
pub type Str<'a> = beef::lean::Cow<'a, str>;
/// A string that is borrowed from the input when it has no escapes.
#[cfg(not(target_pointer_width = "64"))]
pub type Str<'a> = beef::Cow<'a, str>;

/// Whether a string is too long for a [`Str`]: `beef::lean::Cow` keeps its length in 32 bits
/// (it would cut a longer borrowed string, and panic on a longer owned one). Such a field, 4 GiB
/// of one string in a capture larger still, reads as absent.
pub(crate) fn too_long(len: usize) -> bool {
    u32::try_from(len).is_err()
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Option<Str<'de>>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok((!too_long(v.len())).then(|| Str::borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok((!too_long(v.len())).then(|| Str::owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        if too_long(v.len()) {
            return Ok(None);
        }
        // The capacity is kept in 32 bits too.
        Ok(Some(Str::owned(if too_long(v.capacity()) {
            v.as_str().to_owned()
        } else {
            v
        })))
    }
    // Numbers and booleans where a string belongs keep their text: a status text of
    // `401` or a header value of `0` still means something.
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(Str::owned(v.to_string())))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(Str::owned(v.to_string())))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(Str::owned(v.to_string())))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(Str::owned(v.to_string())))
    }
    skip_visits!(None; visit_unit, visit_none, visit_seq, visit_map);
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads any JSON value as an optional string (see the module docs).
pub fn opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Str<'de>>, D::Error> {
    d.deserialize_any(StrVisitor)
}

/// Reads any JSON value as a string, empty when it is not one.
pub fn str<'de, D: Deserializer<'de>>(d: D) -> Result<Str<'de>, D::Error> {
    Ok(opt_str(d)?.unwrap_or(Str::borrowed("")))
}

struct NumVisitor;

impl<'de> Visitor<'de> for NumVisitor {
    type Value = Option<f64>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v as f64))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(v.trim().parse::<f64>().ok().filter(|n| n.is_finite()))
    }
    skip_visits!(None; visit_bool, visit_unit, visit_none, visit_seq, visit_map);
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// Reads a number, a numeric string, or anything else as `None`.
pub fn num<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    d.deserialize_any(NumVisitor)
}

/// A list whose elements are each read leniently; a non-list reads as empty.
///
/// Elements keep their position so evidence pointers (`/headers/2`) stay true even
/// when an element before them was unreadable.
pub fn list<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    struct ListVisitor<T>(std::marker::PhantomData<T>);
    impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            // An element of the wrong type (a string among header objects) becomes an
            // empty element, so the positions of the others stay as in the file.
            while let Some(item) = seq.next_element::<Lenient<T>>()? {
                out.push(item.0);
            }
            // Lists live as long as the analysis; growth slack would add up.
            out.shrink_to_fit();
            Ok(out)
        }
        skip_visits!(Vec::new(); visit_map, visit_str, visit_i64, visit_u64, visit_f64, visit_bool, visit_unit, visit_none);
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }
    }
    d.deserialize_any(ListVisitor(std::marker::PhantomData))
}

/// An object read leniently: anything else reads as `T::default()`.
pub fn object<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<Lenient<T>>::deserialize(d)?
        .map(|l| l.0)
        .unwrap_or_default())
}

/// Wraps an object type so a value of the wrong JSON type reads as its default.
#[derive(Debug, Default)]
pub struct Lenient<T>(pub T);

impl<'de, T: Deserialize<'de> + Default> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // serde_json's deserialize_any dispatches on the next token; only an object
        // is handed to the derived impl, everything else is skipped.
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for V<T> {
            type Value = T;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map))
            }
            skip_visits!(T::default(); visit_seq, visit_str, visit_i64, visit_u64, visit_f64, visit_bool, visit_unit);
        }
        d.deserialize_any(V(std::marker::PhantomData)).map(Lenient)
    }
}

/// A list of strings: elements that are not strings are dropped, a non-list reads as
/// empty (for short lists of codes such as Chrome's `blockedReasons`).
pub fn str_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(d)? {
        serde_json::Value::Array(items) => items
            .into_iter()
            .filter_map(|x| match x {
                serde_json::Value::String(s) => Some(s),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    })
}
