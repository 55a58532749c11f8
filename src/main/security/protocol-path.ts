/**
 * Maps an app:// URL to a file inside the built renderer bundle, or refuses.
 * This is the only thing standing between a page-controlled URL and the file
 * system, so it is deliberately narrow: it reads the raw URL string itself
 * (a URL parser would silently collapse `..` and `%2e%2e` and hide the attempt),
 * accepts a small character set per path segment, and finally resolves
 * symlinks and checks the real path is still inside the bundle.
 */
import { realpath as fsRealpath, stat as fsStat } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, sep } from 'node:path';

export type BundleRefusal = { ok: false; status: 403 | 404 };
export type BundleFile = { ok: true; path: string; contentType: string };
export type BundleLookup = BundleFile | BundleRefusal;

/** The two file-system calls the resolver needs; tests may pass fakes. */
export interface BundleFs {
  realpath(path: string): Promise<string>;
  stat(path: string): Promise<{ isFile(): boolean }>;
}

const nodeFs: BundleFs = { realpath: (p) => fsRealpath(p), stat: (p) => fsStat(p) };

const FORBIDDEN: BundleRefusal = Object.freeze({ ok: false, status: 403 });
const NOT_FOUND: BundleRefusal = Object.freeze({ ok: false, status: 404 });

const MAX_URL_LENGTH = 2048;
const MAX_SEGMENTS = 16;
const MAX_SEGMENT_LENGTH = 200;
/** Built assets are named like `index-B1x_9-q.js`; nothing else is needed. No leading dot: no `.`/`..`, no dotfiles. */
const SAFE_SEGMENT = /^[A-Za-z0-9_@~+-][A-Za-z0-9._@~+-]*$/;
/** DOS device names open devices, not files, on Windows. */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d|conin\$|conout\$)(\..*)?$/i;
/** Encoded dot, slash, backslash, NUL or percent (double encoding): never legitimate in our asset URLs. */
const ENCODED_TRICK = /%(2e|2f|5c|00|25)/i;
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROL_OR_BACKSLASH = /[\u0000-\u001f\u007f\\]/;

/**
 * Pure step: the path segments an app:// URL asks for, or a refusal.
 * `host` must match exactly; `app://zhangdun.evil/` and `app://x@zhangdun/` are refused.
 */
export function parseBundleUrl(raw: unknown, host: string): { ok: true; segments: string[] } | BundleRefusal {
  if (typeof raw !== 'string' || raw.length > MAX_URL_LENGTH) return FORBIDDEN;
  // Redundant with SAFE_SEGMENT today; kept so that widening the segment rule
  // (say, for Chinese file names) cannot quietly reopen encoded traversal.
  if (CONTROL_OR_BACKSLASH.test(raw) || ENCODED_TRICK.test(raw)) return FORBIDDEN;
  const match = /^app:\/\/([^/?#]*)([^?#]*)/i.exec(raw);
  if (!match || match[1] !== host) return FORBIDDEN;
  const path = match[2] ?? '';
  if (path === '' || path === '/') return { ok: true, segments: ['index.html'] };
  const rawSegments = path.slice(1).split('/');
  if (rawSegments.length > MAX_SEGMENTS) return FORBIDDEN;
  const segments: string[] = [];
  for (const rawSegment of rawSegments) {
    let segment: string;
    try {
      segment = decodeURIComponent(rawSegment);
    } catch {
      return FORBIDDEN;
    }
    if (segment.length > MAX_SEGMENT_LENGTH || !SAFE_SEGMENT.test(segment) || WINDOWS_DEVICE.test(segment)) {
      return FORBIDDEN;
    }
    segments.push(segment);
  }
  return { ok: true, segments };
}

/** True when `child` is strictly inside `root` (both already real, absolute paths). */
export function isInside(root: string, child: string): boolean {
  const prefix = root.endsWith(sep) ? root : root + sep;
  if (!child.startsWith(prefix)) return false;
  const rel = relative(root, child);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

const CONTENT_TYPES: Readonly<Record<string, string>> = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
});

/** Exact types matter: the CSP headers carry `nosniff`, so a script with the wrong type will not run. */
export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Returns a resolver for one bundle directory. The bundle root is resolved to
 * its real path once; every answer is a regular file whose real path lies
 * inside it, so a symlink planted in the bundle cannot lead out of it.
 */
export function createBundleResolver(
  bundleDir: string,
  host: string,
  fs: BundleFs = nodeFs,
): (rawUrl: string) => Promise<BundleLookup> {
  let rootReal: Promise<string> | undefined;
  return async (rawUrl) => {
    const parsed = parseBundleUrl(rawUrl, host);
    if (!parsed.ok) return parsed;
    let root: string;
    try {
      rootReal ??= fs.realpath(bundleDir);
      root = await rootReal;
    } catch {
      rootReal = undefined; // a missing bundle is retried, not remembered
      return NOT_FOUND;
    }
    const candidate = join(root, ...parsed.segments);
    if (!isInside(root, candidate)) return FORBIDDEN;
    let real: string;
    try {
      real = await fs.realpath(candidate);
    } catch {
      return NOT_FOUND;
    }
    if (!isInside(root, real)) return FORBIDDEN;
    try {
      if (!(await fs.stat(real)).isFile()) return NOT_FOUND;
    } catch {
      return NOT_FOUND;
    }
    return { ok: true, path: real, contentType: contentTypeFor(real) };
  };
}
