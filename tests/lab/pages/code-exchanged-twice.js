// The authorization code is exchanged twice (a double-run effect): the second gets invalid_grant.
import { done, exchange, oidcLogin } from './lab.js';

const login = await oidcLogin();
await exchange(login, 'token (code)');
await exchange(login, 'token (same code again)');
await done();
