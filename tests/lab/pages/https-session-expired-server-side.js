// The scenario session-expired-server-side, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './session-expired-server-side.js';
