// Exports from the panel: the file is made in memory and saved through the browser's download
// of a blob: URL. Nothing is uploaded.

export function download(doc, filename, text, mime) {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoke later: the download reads the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `why401-report-2026-11-22T10-00-00.md` */
export function exportName(kind, ext, date = new Date()) {
  return `why401-${kind}-${date.toISOString().slice(0, 19).replace(/:/g, '-')}.${ext}`;
}
