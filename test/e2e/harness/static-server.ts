import { createServer, type Server } from 'node:http';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { SECURITY_HEADERS } from '../../../src/main/security/csp';
import { contentTypeFor } from '../../../src/main/security/protocol-path';

export interface RendererServer {
  /** e.g. http://127.0.0.1:41234 — the only origin the test router trusts. */
  origin: string;
  close: () => Promise<void>;
}

/**
 * Serves the built renderer on 127.0.0.1 with an ephemeral port and the app's
 * security headers on every response, standing in for the app:// protocol.
 * Test-only and read-only: GET/HEAD of files inside `root`, nothing else.
 */
export async function serveRenderer(root: string): Promise<RendererServer> {
  const rootReal = await realpath(root);

  async function lookup(urlPath: string): Promise<string | null> {
    let path: string;
    try {
      path = decodeURIComponent(urlPath);
    } catch {
      return null;
    }
    if (path === '/' || path === '') path = '/index.html';
    if (path.includes('\0') || path.split('/').some((s) => s === '..')) return null;
    try {
      const real = await realpath(join(rootReal, path));
      if (!real.startsWith(rootReal + sep)) return null;
      return (await stat(real)).isFile() ? real : null;
    } catch {
      return null;
    }
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      res.setHeader('Cache-Control', 'no-store');
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405).end();
        return;
      }
      const file = await lookup(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
      if (!file) {
        res.writeHead(404).end();
        return;
      }
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': contentTypeFor(file), 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
