// The scenario no-cors-requests-with-cookies, with the page loaded over https (nginx: TLS and HTTP/2); lab.js's
// at() keeps every request on https.
import './no-cors-requests-with-cookies.js';
