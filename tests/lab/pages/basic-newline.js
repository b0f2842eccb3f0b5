// Credentials encoded with `echo alice:s3cret-42 | base64`: the password ends with a line feed.
import { at, done, req } from './lab.js';

await req('report', at('proxy.test', '/basic/report'), { headers: { authorization: `Basic ${btoa('alice:s3cret-42\n')}` } });
await done();
