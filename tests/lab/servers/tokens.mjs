// The lab's signing key (shared by the OpenID provider and the resource servers) and tokens the
// scenarios need that a provider would not issue on demand: an access token that expired an hour
// ago (what an SPA finds in localStorage the next morning), an unsigned one (alg "none"), and a
// valid one for scenarios that are about the network path rather than the login flow.
import { SignJWT, exportJWK, generateKeyPair, createLocalJWKSet, base64url } from 'jose';

export async function createKeys() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'lab-key-1';
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'RS256', use: 'sig' };
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { privateKey, privateJwk, publicJwk, jwks: createLocalJWKSet({ keys: [publicJwk] }), kid };
}

/**
 * A JWT access token as oidc-provider would issue it (typ at+jwt, RS256, same claims), with
 * chosen times. kind: valid | expired | none | ahead | skewed | millis | millis-exp.
 */
export async function mintAccessToken(keys, { issuer, audience, kind = 'valid', scope = 'read write' }) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'alice', client_id: 'spa', scope, jti: `lab-${kind}-${now}` };
  if (kind === 'none') {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'at+jwt' }));
    const body = base64url.encode(JSON.stringify({ ...claims, iss: issuer, aud: audience, iat: now, exp: now + 600 }));
    return `${header}.${body}.`;
  }
  // "ahead": minted by an issuer whose clock runs five minutes fast, with `nbf` as Entra ID
  // writes it (= iat): the API's clock says the token is not valid yet.
  // "skewed": issued ten minutes ago for fifteen minutes, by the clock of a server that runs ten
  // minutes ahead of the browser's (see api.test's /skewed/ path): expired by the server's
  // clock, five minutes to go by the browser's.
  // "millis": minted by code that wrote JavaScript's Date.now() (milliseconds) into iat, nbf
  // and exp; "millis-exp": only exp in milliseconds (`exp: Date.now() + 600_000`).
  const ms = now * 1000;
  const times = {
    expired: [now - 7200, now - 3600],
    ahead: [now + 300, now + 900],
    skewed: [now - 600, now + 300],
    millis: [ms, ms + 600_000],
    'millis-exp': [now, ms + 600_000],
  };
  const [iat, exp] = times[kind] ?? [now, now + 600];
  const jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: keys.kid })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(iat)
    .setExpirationTime(exp);
  if (kind === 'ahead' || kind === 'millis') jwt.setNotBefore(iat);
  return jwt.sign(keys.privateKey);
}
