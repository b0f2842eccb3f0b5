// The API key travels in x-api-key: the first call has it, a second code path sends it empty
// (an unset environment variable at build time). Compare with the call that worked.
import { at, done, req } from './lab.js';

const KEY = 'lab_live_6f1c2b9e8d7a4c3b2a1f0e9d8c7b6a5f';
await req('reports', at('api.test', '/v1/reports?page=1'), { headers: { 'x-api-key': KEY } });
await req('reports again', at('api.test', '/v1/reports?page=2'), { headers: { 'x-api-key': '' } });
await done();
