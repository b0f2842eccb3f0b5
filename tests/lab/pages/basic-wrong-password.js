// nginx auth_basic: the right user, the wrong password.
import { at, done, req } from './lab.js';

await req('report', at('proxy.test', '/basic/report'), { headers: { authorization: `Basic ${btoa('alice:s3cret-24')}` } });
await done();
