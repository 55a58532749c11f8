/**
 * Turns a stored document name into one that is safe to create on Windows,
 * macOS and Linux inside a chosen folder: never a path, never a reserved device
 * name, never empty.
 */
const RESERVED = /^(con|prn|aux|nul|com[1-9¹²³]|lpt[1-9¹²³])(\..*)?$/i;
const MAX_BYTES = 200;

export function sanitizeFileName(name: string): string {
  let out = name
    .normalize('NFC')
    // Control characters and the characters Windows forbids, path separators included.
    .replace(/[\p{Cc}<>:"/\\|?*]/gu, '_')
    .replace(/[. ]+$/u, '')
    .trim();
  if (out === '' || out === '.' || out === '..' || /^\.+$/.test(out)) out = 'document';
  if (RESERVED.test(out)) out = `_${out}`;
  // Keep within common file-system limits, cutting whole characters and keeping the extension.
  if (Buffer.byteLength(out, 'utf8') > MAX_BYTES) {
    const dot = out.lastIndexOf('.');
    const ext = dot > 0 && out.length - dot <= 10 ? out.slice(dot) : '';
    let stem = ext ? out.slice(0, dot) : out;
    while (Buffer.byteLength(stem + ext, 'utf8') > MAX_BYTES) stem = Array.from(stem).slice(0, -1).join('');
    out = stem + ext;
  }
  return out;
}
