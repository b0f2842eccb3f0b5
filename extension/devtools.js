// The DevTools page: an invisible document DevTools loads for each inspected tab. It only adds
// the why401 panel; the panel does the work once the user opens it.
const api = globalThis.chrome;

api.devtools.panels.create(
  api.i18n.getMessage('panelTitle') || 'why401',
  // Chrome wants a path relative to the extension root; Firefox accepts the same.
  'icons/icon-32.png',
  'panel.html',
);
