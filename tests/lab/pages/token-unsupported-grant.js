// The resource-owner password grant, which the provider (oidc-provider) does not offer.
import { done, token } from './lab.js';

await token('password grant', { grant_type: 'password', client_id: 'spa', username: 'alice', password: 's3cret-42', scope: 'openid' });
await done();
