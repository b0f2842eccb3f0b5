// The password was typed with a Japanese IME in full-width mode (ｓ３ｃｒｅｔ－４２).
import { at, base64Utf8, done, req } from './lab.js';

await req('report', at('proxy.test', '/basic/report'), { headers: { authorization: `Basic ${base64Utf8('alice:ｓ３ｃｒｅｔ－４２')}` } });
await done();
