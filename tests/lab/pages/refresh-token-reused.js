// Refresh-token rotation: the first refresh returns a new refresh token; the app (two tabs, or a
// retry) uses the old one again: invalid_grant, and the provider revokes the grant.
import { done, exchange, oidcLogin, token } from './lab.js';

const login = await oidcLogin();
const t1 = await exchange(login);
const r2 = await token('refresh 1', { grant_type: 'refresh_token', client_id: 'spa', refresh_token: t1.refresh_token });
await token('refresh 2 (old token)', { grant_type: 'refresh_token', client_id: 'spa', refresh_token: t1.refresh_token });
void r2;
await done();
