// nginx auth_basic, the right user and password sent without base64 (`Basic alice:s3cret-42`).
import { at, done, req } from './lab.js';

await req('report', at('proxy.test', '/basic/report'), { headers: { authorization: 'Basic alice:s3cret-42' } });
await done();
