// Firefox's recording of https-cookie-set-by-api (its ground truth differs: no failure).
import './https-cookie-set-by-api.js';
