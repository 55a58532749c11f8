/**
 * The harness transport is Playwright's binding, which carries JSON. Electron's
 * IPC uses structured clone, so a Uint8Array crosses as a Uint8Array; here it
 * is tagged and base64-encoded on one side and decoded on the other, so the
 * same router and schemas see the same types. Runs in the page (bundled into
 * the init script) and in Node: no imports, only globals both have.
 */
export const BYTES_TAG = '__zhangdunBytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Uint8Array (and Node Buffers) → `{ [BYTES_TAG]: base64 }`, everywhere in a JSON-like value. */
export function encodeBytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return { [BYTES_TAG]: toBase64(value) };
  if (Array.isArray(value)) return value.map(encodeBytes);
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeBytes(v)]));
  return value;
}

/** The inverse: every tagged object becomes a Uint8Array of this realm. */
export function decodeBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeBytes);
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    const tagged = value[BYTES_TAG];
    if (keys.length === 1 && typeof tagged === 'string') return fromBase64(tagged);
    return Object.fromEntries(keys.map((k) => [k, decodeBytes(value[k])]));
  }
  return value;
}

/** How many byte arrays a value carries, and their total length. */
export function countBytes(value: unknown): { arrays: number; bytes: number } {
  if (value instanceof Uint8Array) return { arrays: 1, bytes: value.byteLength };
  const children = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  return children.map(countBytes).reduce((a, b) => ({ arrays: a.arrays + b.arrays, bytes: a.bytes + b.bytes }), { arrays: 0, bytes: 0 });
}
