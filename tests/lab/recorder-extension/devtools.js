// Adds the recorder's panel ("lab"); the panel page does the recording (see panel.js).
(globalThis.browser || globalThis.chrome).devtools.panels.create('lab', 'icon.png', 'panel.html');
