/**
 * The app:// scheme: the UI is served from the built bundle through this
 * handler, never from file:// (which would give the page the whole disk as
 * its origin) and never from a dev server in a real run.
 */
import { readFile } from 'node:fs/promises';
import { SECURITY_HEADERS } from '../security/csp';
import { createBundleResolver, type BundleLookup } from '../security/protocol-path';
import { APP_ORIGIN } from '../ipc/sender';

export const APP_SCHEME = 'app';
const APP_HOST = new URL(APP_ORIGIN).host;

/**
 * standard: real origin and relative URLs; secure: treated like https so
 * crypto.subtle etc. work; supportFetchAPI: the UI may fetch its own assets.
 * Deliberately not bypassCSP, not corsEnabled, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = Object.freeze([
  Object.freeze({
    scheme: APP_SCHEME,
    privileges: Object.freeze({ standard: true, secure: true, supportFetchAPI: true }),
  }),
]);

export interface SchemeRegistrarLike {
  registerSchemesAsPrivileged(
    schemes: { scheme: string; privileges: { standard: boolean; secure: boolean; supportFetchAPI: boolean } }[],
  ): void;
}

export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Must run before the app is ready. */
export function registerAppScheme(protocol: SchemeRegistrarLike): void {
  protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES.map((s) => ({ scheme: s.scheme, privileges: { ...s.privileges } })));
}

function respond(status: number, body: Uint8Array | null = null, contentType?: string): Response {
  const headers: Record<string, string> = { ...SECURITY_HEADERS };
  if (contentType) headers['Content-Type'] = contentType;
  return new Response(body, { status, headers });
}

export interface AppRequestDeps {
  resolve: (rawUrl: string) => Promise<BundleLookup>;
  readFile: (path: string) => Promise<Uint8Array>;
}

/** The request handler; separate from Electron so tests can call it with plain Requests. */
export function createAppRequestHandler(
  bundleDir: string,
  deps: AppRequestDeps = { resolve: createBundleResolver(bundleDir, APP_HOST), readFile: (p) => readFile(p) },
): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return respond(405);
    try {
      const found = await deps.resolve(request.url);
      if (!found.ok) return respond(found.status);
      const body = await deps.readFile(found.path);
      return respond(200, request.method === 'HEAD' ? null : body, found.contentType);
    } catch {
      // Unreadable file or unexpected failure: answer plainly, reveal no path.
      return respond(404);
    }
  };
}

export function serveAppProtocol(protocol: ProtocolLike, bundleDir: string): void {
  protocol.handle(APP_SCHEME, createAppRequestHandler(bundleDir));
}
