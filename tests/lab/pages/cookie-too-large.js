// A signed-in session whose cookies grew: 12 more chunks of 3.5 KB (as NextAuth and other
// frameworks split a large session token into `.0`, `.1`, … cookies). The next request is
// refused before it reaches the application: over http by the Node.js server itself (431, its
// 16 KB limit); over https by nginx, which closes the HTTP/2 connection.
import { done, req } from './lab.js';

await req('login', '/session/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"user":"alice"}' });
await req('me', '/api/me?attempt=1');
const chunk = 'x'.repeat(3500);
for (let i = 0; i < 12; i++) document.cookie = `session-token.${i}=${chunk}${i}; path=/; samesite=lax`;
await req('me again', '/api/me?attempt=2');
await done();
