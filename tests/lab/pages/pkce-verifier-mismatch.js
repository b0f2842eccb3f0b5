// The code is exchanged with a code_verifier that does not match the code_challenge.
import { done, exchange, oidcLogin } from './lab.js';

const login = await oidcLogin();
await exchange(login, 'token (wrong verifier)', 'x'.repeat(43));
await done();
