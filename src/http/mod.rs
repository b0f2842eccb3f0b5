//! HTTP authentication headers: the challenges a server sends
//! (`WWW-Authenticate`, `Proxy-Authenticate`) and the credentials a client
//! sends (`Authorization`, `Proxy-Authorization`), parsed leniently and
//! diagnosed for the mistakes that typically cause a 401; and cookies
//! (`Set-Cookie`, a replayed cookie store, sites of URLs) and CORS checks.
//!
//! Nothing here panics or fails on malformed input: a diagnosis tool sees
//! mostly broken headers.

pub mod authorization;
pub mod basic;
pub mod cookie_jar;
pub mod cors;
pub mod credential_chars;
pub mod set_cookie;
pub mod site;
pub mod www_authenticate;

/// Whether a header line is one of HTTP/2's pseudo-headers (`:authority`, `:method`,
/// `:path`, `:scheme`, `:status`), which exporters list with the others: the request or
/// status line, never a credential sent beside it, whatever its name holds (`:authority`,
/// the host, holds `auth`) or its value looks like.
pub fn is_pseudo_header(name: &str) -> bool {
    name.starts_with(':')
}
