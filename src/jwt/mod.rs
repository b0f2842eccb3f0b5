//! JSON Web Token decoding.
