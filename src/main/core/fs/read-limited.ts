import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import { VaultError, fsError } from '../errors';

/** A small file a person picked (a certificate, a sheet), refused when it is not a regular file or larger than `limit`. */
export async function readLimited(path: string, limit: number): Promise<{ name: string; bytes: Buffer }> {
  const name = basename(path);
  try {
    const stat = await fsp.stat(path);
    if (!stat.isFile()) throw new VaultError('INVALID_INPUT', { reason: 'not a regular file', what: name });
    if (stat.size > limit) throw new VaultError('INVALID_INPUT', { reason: 'too large', what: name, limit });
    return { name, bytes: await fsp.readFile(path) };
  } catch (err) {
    throw fsError(err, name);
  }
}
