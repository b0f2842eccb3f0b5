// Building DOM from untrusted data (URLs, header values, cookie names from the inspected page):
// text always goes through text nodes and attributes through setAttribute, never through a property that parses HTML.

/**
 * `h('span', {class: 'x', dataset: {entry: 3}, onclick}, 'text', child)` -> element.
 * Strings become text nodes; null/false children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'checked' || k === 'disabled' || k === 'hidden' || k === 'value') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/**
 * Sets an element's text (as a text node) unless it already reads so: setting the same text
 * again still puts a new text node in, and a live panel redraws several times a second.
 */
export function setText(el, text) {
  if (el.textContent === text) return false;
  el.textContent = text;
  return true;
}

/** Sets an attribute (`null`: removes it) unless it already reads so, as `setText` does. */
export function setAttr(el, name, value) {
  if (el.getAttribute(name) === value) return false;
  if (value === null) el.removeAttribute(name);
  else el.setAttribute(name, value);
  return true;
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** Adds a stylesheet link once (the shared renderer's CSS, shipped only with the wasm package). */
export function addStylesheet(doc, href) {
  if (doc.querySelector(`link[rel="stylesheet"][href="${href}"]`)) return;
  const link = doc.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  doc.head.append(link);
}
