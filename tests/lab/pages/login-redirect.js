// An API call without a session is redirected to the HTML sign-in page; fetch follows it.
import { done, req } from './lab.js';

await req('account', '/api/account', { headers: { accept: 'application/json' } });
await done();
