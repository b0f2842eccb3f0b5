// The start of firebase-sign-in, against a project with email enumeration protection on (the
// default for projects made since 15 September 2023): the email mistyped, then the password, then
// the right sign-in. Firebase answers both mistakes with the same INVALID_LOGIN_CREDENTIALS and
// does not say which was wrong; the requests themselves do.
import { at, done, req } from './lab.js';

const API_KEY = 'AIzaSyLab-why401-not-a-real-key-000000';
const signIn = (label, email, password) =>
  req(label, at('firebase.test', `/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=${API_KEY}`), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-client-version': 'Chrome/JsCore/12.6.0/FirebaseCore-web' },
    body: JSON.stringify({ returnSecureToken: true, email, password, clientType: 'CLIENT_TYPE_WEB' }),
  });

await signIn('sign in, email mistyped', 'dana@exmaple.test', 'Correct-Horse-7');
await signIn('sign in, password mistyped', 'dana@example.test', 'Correct-Horse-8');
await signIn('sign in', 'dana@example.test', 'Correct-Horse-7');
await done();
