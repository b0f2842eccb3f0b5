// A single-page app signs in against the Firebase Authentication emulator, as its developers do
// on their machine, and calls its own API with the ID token, as Firebase's documentation shows
// (`Authorization: Bearer <ID token>`): first an API whose Admin SDK was not told of the emulator
// (no `FIREBASE_AUTH_EMULATOR_HOST`), which refuses the emulator's unsigned token, then the same
// API set up for the emulator, which accepts it.
import { at, done, req } from './lab.js';

const API_KEY = 'AIzaSyLab-why401-not-a-real-key-000000';
const signedIn =
  (
    await req('sign in', at('firebase.test', `/identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=${API_KEY}`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-client-version': 'Chrome/JsCore/12.6.0/FirebaseCore-web' },
      body: JSON.stringify({ returnSecureToken: true, email: 'dana@example.test', password: 'Correct-Horse-7', clientType: 'CLIENT_TYPE_WEB' }),
    })
  ).json || {};
const bearer = { headers: { authorization: `Bearer ${signedIn.idToken}` } };
await req('profile, API not told of the emulator', at('fb-api.test', '/v1/profile'), bearer);
await req('profile, API set up for the emulator', at('fb-api.test', '/emulated/v1/profile'), bearer);
await done();
