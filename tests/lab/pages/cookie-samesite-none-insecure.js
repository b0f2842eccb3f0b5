// A cross-site login answer sets SameSite=None without Secure: the browser refuses it.
import { at, done, req } from './lab.js';

await req('login', at('api.test', '/session/none'), { method: 'POST', credentials: 'include' });
await req('me', at('api.test', '/session/me'), { credentials: 'include' });
await done();
