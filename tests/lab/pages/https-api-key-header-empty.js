// The scenario api-key-header-empty, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './api-key-header-empty.js';
