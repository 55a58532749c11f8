import { startWorker } from '../workers/start-worker';
import { VaultError } from '../errors';

/**
 * An age file of `plain` under `passphrase`, made in a worker thread (see
 * passphrase-seal.worker.ts). `plain` is handed over and zero-filled.
 */
export function sealWithPassphrase(plain: Buffer, passphrase: string): Promise<Buffer> {
  const bytes = new Uint8Array(plain.byteLength);
  bytes.set(plain);
  plain.fill(0);
  return new Promise((resolve, reject) => {
    const worker = startWorker('passphrase-seal.worker', __dirname, { workerData: { plain: bytes, passphrase }, transferList: [bytes.buffer] });
    let settled = false;
    worker.once('message', (reply: { ok: true; sealed: Uint8Array } | { ok: false }) => {
      settled = true;
      if (reply.ok) resolve(Buffer.from(reply.sealed.buffer, reply.sealed.byteOffset, reply.sealed.byteLength));
      else reject(new VaultError('INTERNAL'));
      void worker.terminate();
    });
    worker.once('error', () => {
      if (!settled) reject(new VaultError('INTERNAL'));
    });
    worker.once('exit', () => {
      if (!settled) reject(new VaultError('INTERNAL'));
    });
  });
}
