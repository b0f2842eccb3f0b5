// An API key from another environment (a test key where the live one is expected).
import { at, done, req } from './lab.js';

await req('reports', at('api.test', '/v1/reports'), { headers: { 'x-api-key': 'lab_test_0a1b2c3d4e5f60718293a4b5c6d7e8f9' } });
await done();
