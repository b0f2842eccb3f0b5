// A GitHub-style token endpoint: the code is wrong, and the error comes back with HTTP 200.
import { at, done, req } from './lab.js';

await req('access token', at('gh.test', '/login/oauth/access_token'), {
  method: 'POST',
  headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ client_id: 'Iv1.8a61f9b3a7aba766', code: '0c6c5ed0d1b8a4c5e6f7', redirect_uri: `${location.origin}/callback` }),
});
await done();
