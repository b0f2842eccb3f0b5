// A confidential client's secret is wrong at the token endpoint (client_secret_post).
import { done, token } from './lab.js';

await token('client credentials', { grant_type: 'client_credentials', client_id: 'reports-backend', client_secret: 'correct-horse-battery-stable', scope: 'read' });
await done();
