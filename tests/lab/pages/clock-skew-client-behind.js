// The device's clock runs ten minutes behind the server's. The token (issued ten minutes ago for
// fifteen, by the server's clock) still has five minutes to go by the browser's clock, so the
// app sends it; the server, whose Date header says what its clock says, has seen it expire.
import { at, bearer, done, req, storedToken } from './lab.js';

const token = await storedToken('skewed');
await req('orders', at('api.test', '/skewed/v1/orders'), { headers: bearer(token) });
await done();
