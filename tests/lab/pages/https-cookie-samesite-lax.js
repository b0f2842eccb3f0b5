// The scenario cookie-samesite-lax, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './cookie-samesite-lax.js';
