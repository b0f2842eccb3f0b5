// A single-page app signs in to an Amazon Cognito user pool from the browser, as Amplify does:
// unsigned InitiateAuth (USER_PASSWORD_AUTH) with a mistyped password, then the right one; reads
// the user (GetUser); signs out everywhere (GlobalSignOut, which revokes the tokens); then, as an
// app that kept its tokens in storage would, asks for the user with the old access token and for
// new tokens with the old refresh token. Cognito (moto) answers each refusal with HTTP 400 and
// NotAuthorizedException in its own words.
import { at, done, req } from './lab.js';

const endpoint = at('cognito-idp.test', '/');
const clientId = document.documentElement.dataset.cognitoClient;
const USER = 'carol@example.test';

const cognito = (label, action, body) =>
  req(label, endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
      'x-amz-user-agent': 'aws-amplify/6.15.5 auth/4 framework/0',
    },
    body: JSON.stringify(body),
  });

const signIn = (label, password) =>
  cognito(label, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: USER, PASSWORD: password } });

await signIn('sign in, password mistyped', 'Correct-Horse-8');
const ok = await signIn('sign in', 'Correct-Horse-9');
const tokens = ok.json?.AuthenticationResult || {};
await cognito('who am I', 'GetUser', { AccessToken: tokens.AccessToken });
await cognito('sign out everywhere', 'GlobalSignOut', { AccessToken: tokens.AccessToken });
await cognito('who am I, old token', 'GetUser', { AccessToken: tokens.AccessToken });
await cognito('refresh, old refresh token', 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: tokens.RefreshToken } });
await done();
