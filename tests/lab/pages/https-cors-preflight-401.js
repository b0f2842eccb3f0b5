// The scenario cors-preflight-401, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './cors-preflight-401.js';
