// The scenario cors-credentials-not-allowed, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './cors-credentials-not-allowed.js';
