//! why401: explains why a request failed authentication.
pub mod http;
pub mod jwt;
pub mod time;
