// The scenario cookie-too-large, with the page loaded over https: nginx (HTTP/2) in front of the
// application closes the connection instead of answering.
import './cookie-too-large.js';
