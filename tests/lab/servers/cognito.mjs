// cognito-idp.test: Amazon Cognito's user pool API as `moto` implements it (PyPI `moto`, the
// library AWS SDK users test against; its server mode speaks the same JSON protocol as AWS), run
// as a child on a loopback port from the lab's Python environment (`LAB_PYTHON`, set up by
// `./build.sh lab` from tests/lab/requirements.txt). The page calls it as Amplify and the AWS SDK
// do: unsigned `InitiateAuth`, `GetUser` and `GlobalSignOut`, with moto's own answers
// (`NotAuthorizedException`, "Incorrect username or password.", "Refresh Token has been
// revoked"). The pool, its app client (no secret, as a browser app's) and one user are made here
// through moto's admin API, which wants a SigV4-shaped Authorization header to know the service
// (moto checks no signature).
//
// The lab's Node server fronts it on cognito-idp.test (`front`): moto picks the service of a
// request by its signature, its X-Amz-Target or its host, and a CORS preflight has none of these
// (moto handed it to its S3 and failed with a 500), so the front answers preflights as AWS's
// endpoint does and passes every other request to moto as it came.
import http from 'node:http';
import { freePort, poll, startProcess, stopProcess } from '../lib/util.mjs';

export const COGNITO_USER = { name: 'carol@example.test', password: 'Correct-Horse-9' };

/**
 * @param {object} o
 * @param {(line: string) => void} [o.log]
 * @returns {Promise<{ port: number, clientId: string, front: import('node:http').RequestListener, stop: () => Promise<void> }>}
 */
export async function startCognito({ log = () => {} } = {}) {
  const port = await freePort();
  const child = startProcess(process.env.LAB_PYTHON, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], { log });
  const base = `http://127.0.0.1:${port}/`;
  await poll('moto server', async () => {
    try {
      return (await fetch(`${base}moto-api/`)).ok;
    } catch {
      return false;
    }
  });
  const admin = async (action, body) => {
    const r = await fetch(base, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
        authorization: 'AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=host, Signature=0',
      },
      body: JSON.stringify(body),
    });
    const json = await r.json();
    if (!r.ok) throw new Error(`moto ${action}: ${r.status} ${JSON.stringify(json)}`);
    return json;
  };
  const pool = await admin('CreateUserPool', { PoolName: 'lab' });
  const poolId = pool.UserPool.Id;
  const client = await admin('CreateUserPoolClient', {
    UserPoolId: poolId,
    ClientName: 'lab-spa',
    GenerateSecret: false,
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  await admin('AdminCreateUser', { UserPoolId: poolId, Username: COGNITO_USER.name, MessageAction: 'SUPPRESS' });
  await admin('AdminSetUserPassword', { UserPoolId: poolId, Username: COGNITO_USER.name, Password: COGNITO_USER.password, Permanent: true });
  return { port, clientId: client.UserPoolClient.ClientId, front: front(port), stop: () => stopProcess(child) };
}

/** A handler for cognito-idp.test on the lab's Node server: preflights answered, the rest to moto. */
function front(motoPort) {
  return (req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(200, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] || '',
        'access-control-max-age': '300',
        'content-length': '0',
      });
      return res.end();
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: motoPort, method: req.method, path: req.url, headers: req.headers },
      (r) => {
        const headers = { ...r.headers };
        if (req.headers.origin) headers['access-control-allow-origin'] ??= '*';
        res.writeHead(r.statusCode, headers);
        r.pipe(res);
      },
    );
    upstream.on('error', (e) => (res.headersSent ? res.destroy(e) : res.writeHead(502).end(`moto: ${e.message}\n`)));
    req.pipe(upstream);
  };
}
