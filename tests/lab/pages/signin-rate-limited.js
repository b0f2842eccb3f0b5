// A sign-in retried four times in a row with a wrong password; nginx's limit_req (three a
// minute) answers the fourth with 429 before it reaches the application.
import { at, done, req } from './lab.js';

for (let i = 1; i <= 4; i++) {
  await req(`sign-in ${i}`, at('proxy.test', `/signin/login?try=${i}`), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'username=alice&password=s3cret-24',
  });
}
await done();
