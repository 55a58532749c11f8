/**
 * The app:// handler against a real bundle directory on disk, with a secret
 * file beside it and symlinks pointing out of it.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_SCHEME_PRIVILEGES,
  createAppRequestHandler,
  registerAppScheme,
  serveAppProtocol,
} from '../../../src/main/app/protocol';
import { SECURITY_HEADERS } from '../../../src/main/security/csp';
import { createBundleResolver, isInside, parseBundleUrl } from '../../../src/main/security/protocol-path';

const SECRET = 'TOP-SECRET-VAULT-KEY';
let base: string;
let bundle: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = realpathSync(mkdtempSync(join(tmpdir(), 'zhangdun-protocol-')));
  bundle = join(base, 'renderer');
  mkdirSync(join(bundle, 'assets'), { recursive: true });
  writeFileSync(join(bundle, 'index.html'), '<!doctype html><title>ok</title>');
  writeFileSync(join(bundle, 'assets', 'index-AbC_1-x.js'), 'console.log(1)');
  writeFileSync(join(bundle, 'assets', 'style.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), SECRET);
  // A bundle-sibling whose name starts like the bundle: a naive prefix check would accept it.
  mkdirSync(join(base, 'renderer-evil'));
  writeFileSync(join(base, 'renderer-evil', 'x.js'), SECRET);
  symlinkSync(join(base, 'secret.txt'), join(bundle, 'assets', 'leak.js'));
  symlinkSync(base, join(bundle, 'up'));
  symlinkSync(join(base, 'renderer-evil'), join(bundle, 'sibling'));
  // A link that stays inside the bundle is fine.
  symlinkSync(join(bundle, 'index.html'), join(bundle, 'alias.html'));
  serve = createAppRequestHandler(bundle);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

/**
 * The handler reads only `url` and `method`. A plain object keeps the URL
 * exactly as written: `new Request()` would already collapse `..` and
 * `%2e%2e`, and the handler must refuse them on its own.
 */
const get = (url: string, method = 'GET') => serve({ url, method } as unknown as Request);

describe('app:// handler', () => {
  it('serves index.html for the root and by name, with the security headers', async () => {
    for (const url of ['app://zhangdun/', 'app://zhangdun/index.html', 'app://zhangdun/index.html?x=1#y']) {
      const res = await get(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>ok</title>');
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
    }
  });

  it('serves assets with their exact content type', async () => {
    const js = await get('app://zhangdun/assets/index-AbC_1-x.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get('app://zhangdun/assets/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('follows a symlink that stays inside the bundle', async () => {
    expect((await get('app://zhangdun/alias.html')).status).toBe(200);
  });

  it.each([
    'app://zhangdun/../secret.txt',
    'app://zhangdun/assets/../../secret.txt',
    'app://zhangdun/%2e%2e/secret.txt',
    'app://zhangdun/%2E%2E/secret.txt',
    'app://zhangdun/.%2e/secret.txt',
    'app://zhangdun/..%2fsecret.txt',
    'app://zhangdun/..%2Fsecret.txt',
    'app://zhangdun/assets%2F..%2F..%2Fsecret.txt',
    'app://zhangdun/..%5csecret.txt',
    'app://zhangdun/..\\secret.txt',
    'app://zhangdun/%252e%252e/secret.txt',
    'app://zhangdun/%00index.html',
    'app://zhangdun/index.html%00.js',
    'app://zhangdun//etc/passwd',
    'app://zhangdun/C:/Windows/win.ini',
    'app://zhangdun/.env',
    'app://zhangdun/assets/leak.js',
    'app://zhangdun/up/secret.txt',
    'app://zhangdun/sibling/x.js',
    'app://zhangdun.evil/index.html',
    'app://evil/index.html',
    'app://x@zhangdun/index.html',
    'app://zhangdun:8080/index.html',
    'app://ZHANGDUN/index.html',
  ])('never serves %s', async (url) => {
    const res = await get(url);
    expect([403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain(SECRET);
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name)).toBe(value);
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await get('app://zhangdun/missing.js')).status).toBe(404);
    expect((await get('app://zhangdun/assets')).status).toBe(404);
  });

  it('allows only GET and HEAD', async () => {
    expect((await get('app://zhangdun/index.html', 'POST')).status).toBe(405);
    expect((await get('app://zhangdun/index.html', 'PUT')).status).toBe(405);
    const head = await get('app://zhangdun/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('also refuses through a real Request (URL already normalised, as Chromium does)', async () => {
    for (const url of ['app://zhangdun/../secret.txt', 'app://zhangdun/%2e%2e/secret.txt', 'app://zhangdun/up/secret.txt']) {
      const res = await serve(new Request(url));
      expect([403, 404]).toContain(res.status);
      expect(await res.text()).not.toContain(SECRET);
    }
  });

  it('answers 404 (not a crash) when the bundle itself is missing', async () => {
    const res = await createAppRequestHandler(join(base, 'no-such-bundle'))(new Request('app://zhangdun/index.html'));
    expect(res.status).toBe(404);
  });

  it('reports every refusal with a status and no body that names a path', async () => {
    const res = await get('app://zhangdun/up/secret.txt');
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('');
  });
});

describe('parseBundleUrl (raw string checks a URL parser would hide)', () => {
  it.each([
    ['app://zhangdun/', ['index.html']],
    ['app://zhangdun', ['index.html']],
    ['app://zhangdun/assets/a-B_c.js', ['assets', 'a-B_c.js']],
    ['app://zhangdun/a%20b.js', null],
    ['app://zhangdun/../secret.txt', null],
    ['app://zhangdun/assets/../../secret.txt', null],
    ['app://zhangdun/%2e%2e/secret.txt', null],
    ['app://zhangdun/..%2Fsecret.txt', null],
    ['app://zhangdun/..%5Csecret.txt', null],
    ['app://zhangdun/..\\secret.txt', null],
    ['app://zhangdun/%00', null],
    ['app://zhangdun/a\u0000.js', null],
    ['app://zhangdun//etc/passwd', null],
    ['app://zhangdun/./index.html', null],
    ['app://zhangdun/assets/', null],
    ['app://zhangdun/assets//a.js', null],
    ['app://zhangdun/CON', null],
    ['app://zhangdun/nul.txt', null],
    ['app://zhangdun/%E4%B8%AD.js', null],
    ['app://zhangdun/%zz', null],
    ['https://zhangdun/index.html', null],
  ])('%s', (url, segments) => {
    const parsed = parseBundleUrl(url, 'zhangdun');
    if (segments === null) expect(parsed.ok).toBe(false);
    else expect(parsed).toEqual({ ok: true, segments });
  });

  it('refuses non-strings and overlong URLs', () => {
    expect(parseBundleUrl(undefined, 'zhangdun').ok).toBe(false);
    expect(parseBundleUrl(`app://zhangdun/${'a/'.repeat(20)}x.js`, 'zhangdun').ok).toBe(false);
    expect(parseBundleUrl(`app://zhangdun/${'a'.repeat(3000)}`, 'zhangdun').ok).toBe(false);
  });
});

describe('isInside', () => {
  it.each([
    ['/b/renderer', '/b/renderer/index.html', true],
    ['/b/renderer', '/b/renderer/a/b.js', true],
    ['/b/renderer', '/b/renderer', false],
    ['/b/renderer', '/b/renderer-evil/x.js', false],
    ['/b/renderer', '/b/secret.txt', false],
    ['/b/renderer', '/etc/passwd', false],
  ])('%s contains %s: %s', (root, child, inside) => {
    expect(isInside(root, child)).toBe(inside);
  });
});

describe('createBundleResolver', () => {
  it('refuses a real path outside the bundle even if the lexical path is inside', async () => {
    const resolve = createBundleResolver('/bundle', 'zhangdun', {
      realpath: (p) => Promise.resolve(p === '/bundle' ? '/bundle' : '/home/user/.ssh/id_rsa'),
      stat: () => Promise.resolve({ isFile: () => true }),
    });
    expect(await resolve('app://zhangdun/index.html')).toEqual({ ok: false, status: 403 });
  });
});

describe('scheme registration', () => {
  it('registers app:// as standard, secure and fetchable — and nothing more', () => {
    const registerSchemesAsPrivileged = vi.fn();
    registerAppScheme({ registerSchemesAsPrivileged });
    expect(registerSchemesAsPrivileged).toHaveBeenCalledExactlyOnceWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(APP_SCHEME_PRIVILEGES[0]?.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES[0]?.privileges).not.toHaveProperty('corsEnabled');
  });

  it('hands protocol.handle the bundle handler for the app scheme', async () => {
    let handler: ((request: Request) => Promise<Response>) | undefined;
    serveAppProtocol({ handle: (scheme, h) => (scheme === 'app' ? (handler = h) : undefined) }, bundle);
    expect((await handler!(new Request('app://zhangdun/index.html'))).status).toBe(200);
    expect((await handler!(new Request('app://zhangdun/up/secret.txt'))).status).toBe(403);
  });
});
