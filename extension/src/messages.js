// Messages between the panel and the background service worker, typed on their `type` field.
// The panel asks; the background (which holds the optional `cookies` permission) answers.
// Nothing here leaves the browser: runtime messaging stays inside the extension.

/** Panel -> background: read the cookie jar for these request URLs. `{type, urls: string[]}` */
export const COOKIES_GET = 'why401/cookies.get';
/** Background -> panel: `{type, jars: {[url]: CookieView[]}}`, one list per requested URL. */
export const COOKIES_RESULT = 'why401/cookies.result';
/** Panel -> background: does the extension hold `cookies` + these origins? `{type, origins}` */
export const CONSENT_CHECK = 'why401/consent.check';
/** Background -> panel: `{type, granted: boolean}`. */
export const CONSENT_RESULT = 'why401/consent.result';
/** Name of the port the panel opens for deep mode; closing it (or the panel) detaches. */
export const DEEP_PORT = 'why401/deep';
/** Panel -> background over DEEP_PORT: attach to the inspected tab. `{type, tabId}` */
export const DEEP_START = 'why401/deep.start';
/** Background -> panel: `{type}` attached; events follow. */
export const DEEP_STARTED = 'why401/deep.started';
/** Background -> panel: `{type, method, params}`, one DevTools protocol event. */
export const DEEP_EVENT = 'why401/deep.event';
/** Background -> panel: `{type, reason}` detached (the user cancelled the infobar, the tab closed, or attaching failed). */
export const DEEP_STOPPED = 'why401/deep.stopped';
/** Background -> panel when a request cannot be served: `{type, code, message}`. */
export const ERROR = 'why401/error';

/** Error codes in ERROR messages. */
export const ErrorCode = Object.freeze({
  NO_PERMISSION: 'no-permission',
  BAD_MESSAGE: 'bad-message',
  FAILED: 'failed',
});

/** Builds a message; the panel and the background never write `{type: ...}` literals by hand. */
export const msg = {
  cookiesGet: (urls) => ({ type: COOKIES_GET, urls }),
  cookiesResult: (jars) => ({ type: COOKIES_RESULT, jars }),
  consentCheck: (origins) => ({ type: CONSENT_CHECK, origins }),
  consentResult: (granted) => ({ type: CONSENT_RESULT, granted }),
  error: (code, message) => ({ type: ERROR, code, message }),
  deepStart: (tabId) => ({ type: DEEP_START, tabId }),
  deepStarted: () => ({ type: DEEP_STARTED }),
  deepEvent: (method, params) => ({ type: DEEP_EVENT, method, params }),
  deepStopped: (reason) => ({ type: DEEP_STOPPED, reason }),
};
