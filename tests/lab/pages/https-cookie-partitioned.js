// https-cookie-set-by-api with Partitioned (CHIPS) on the cookie: the fix it is given.
import './https-cookie-set-by-api.js';
