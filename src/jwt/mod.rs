//! JSON Web Token decoding.
//!
//! Only unverified decoding lives here: why401 explains failures from a
//! capture and never holds the keys needed to verify.

pub mod unverified;

pub use unverified::{
    decode, decode_header, id_token_signals, inspect, looks_like_jwt, Base64Problem, DecodeError,
    Decoded, Encrypted, IdTokenSignal, IdTokenSignalKind, JsonKind, NumericDate, Part, Strength,
    Token,
};
