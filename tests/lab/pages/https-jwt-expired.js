// The scenario jwt-expired, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './jwt-expired.js';
