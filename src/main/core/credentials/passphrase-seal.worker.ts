/**
 * Seals one buffer into an age file under a passphrase (scrypt, then
 * ChaCha20-Poly1305), off the main thread: age-encryption's scrypt is pure
 * JavaScript and takes seconds, which would stall every IPC call and the lock
 * timer. Started for one job by passphrase-seal.ts; the plaintext it was sent
 * is zero-filled when done.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Encrypter } from 'age-encryption';

const { plain, passphrase } = workerData as { plain: Uint8Array; passphrase: string };

void (async () => {
  try {
    const encrypter = new Encrypter();
    encrypter.setPassphrase(passphrase);
    const sealed = await encrypter.encrypt(plain);
    parentPort?.postMessage({ ok: true, sealed }, [sealed.buffer as ArrayBuffer]);
  } catch {
    parentPort?.postMessage({ ok: false });
  } finally {
    plain.fill(0);
  }
})();
