// Extension strings live in _locales/<lang>/messages.json, the format browsers use for the
// manifest. chrome.i18n follows the browser's language only, so for the panel's language switch
// the catalogs are read from the extension itself (a chrome-extension:// URL, allowed by
// `connect-src 'self'`).

export const LANGS = ['en', 'ja'];

/** `ja-JP` -> `ja`; anything else -> `en`. */
export function pickLang(uiLanguage) {
  return String(uiLanguage || '').toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** Loads one catalog: `{key: {message, placeholders?}}` -> `t(key, ...subs)`. */
export async function loadCatalog(lang, fetchUrl) {
  const res = await fetch(fetchUrl(`_locales/${lang}/messages.json`));
  return translator(await res.json());
}

/** `$1`..`$9` are substituted by position, as chrome.i18n.getMessage does. */
export function translator(catalog) {
  return (key, ...subs) => {
    const m = catalog[key];
    if (!m) return key;
    return m.message.replace(/\$(\d)/g, (_, n) => (subs[Number(n) - 1] ?? '').toString());
  };
}
