//! HTTP authentication header parsing.
