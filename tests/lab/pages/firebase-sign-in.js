// A single-page app signs in with Firebase Authentication against Google's emulator, making the
// requests the Firebase JS SDK makes after `connectAuthEmulator()` (its REST calls, headers and
// bodies; the SDK itself is not bundled here): the email mistyped, then the password; then
// signed in, it reads the account, changes the password (which ends the ID tokens issued before)
// and asks for the account again with the ID token it had kept from before the change. An
// administrator then disables the account (a lab-only call), and the app refreshes its session;
// last, it tries a refresh token the project never issued (one kept from another environment). The emulator answers each refusal
// with HTTP 400 and its code in `error.message`, as Firebase does.
import { at, done, req } from './lab.js';

const API_KEY = 'AIzaSyLab-why401-not-a-real-key-000000';
const identity = (method) => at('firebase.test', `/identitytoolkit.googleapis.com/v1/accounts:${method}?key=${API_KEY}`);
const SDK_HEADERS = { 'x-client-version': 'Chrome/JsCore/12.6.0/FirebaseCore-web', 'x-firebase-gmpid': '1:000000000000:web:0000000000000000000000' };

const call = (label, method, body) =>
  req(label, identity(method), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...SDK_HEADERS },
    body: JSON.stringify(body),
  });

const refresh = (label, refreshToken) =>
  req(label, at('firebase.test', `/securetoken.googleapis.com/v1/token?key=${API_KEY}`), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...SDK_HEADERS },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }).toString(),
  });

const signIn = (label, email, password) =>
  call(label, 'signInWithPassword', { returnSecureToken: true, email, password, clientType: 'CLIENT_TYPE_WEB' });

await signIn('sign in, email mistyped', 'dana@exmaple.test', 'Correct-Horse-7');
await signIn('sign in, password mistyped', 'dana@example.test', 'Correct-Horse-8');
const first = (await signIn('sign in', 'dana@example.test', 'Correct-Horse-7')).json || {};
await call('who am I', 'lookup', { idToken: first.idToken });
// Firebase counts in whole seconds: a password changed in the second the token was issued in
// does not end it. A user changes it later than that.
await new Promise((r) => setTimeout(r, 1500));
const changed = (await call('change password', 'update', { idToken: first.idToken, password: 'Battery-Staple-7', returnSecureToken: true })).json || {};
await call('who am I, ID token from before the change', 'lookup', { idToken: first.idToken });
await req('administrator disables the account', at('firebase.test', '/lab/disable-user'), { method: 'POST' });
await refresh('refresh the session', changed.refreshToken || '');
await refresh('refresh, token from another environment', 'AMf-vBxLabOtherProjectRefreshToken0000000000000000000000000000');
await done();
