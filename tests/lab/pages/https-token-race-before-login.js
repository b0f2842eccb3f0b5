// The scenario token-race-before-login, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './token-race-before-login.js';
