import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter } from 'age-encryption';

/** A passphrase as the packages generate it: six groups of four letters and digits no one misreads. */
export const PACKAGE_PASSPHRASE = /^([A-HJ-NP-Za-km-z2-9]{4}-){5}[A-HJ-NP-Za-km-z2-9]{4}$/;

/** A passphrase package's tar, decrypted as `age -d` would. */
export async function decryptWithPassphrase(file: string, passphrase: string): Promise<Buffer> {
  const d = new Decrypter();
  d.addPassphrase(passphrase);
  return Buffer.from(await d.decrypt(readFileSync(file)));
}

/** Unpacks a tar into a new folder under `root` with the system's tar (GNU tar reads the pax path records of the Chinese names). */
export function untar(root: string, tar: Buffer): string {
  const dir = mkdtempSync(join(root, 'out-'));
  writeFileSync(join(dir, 'package.tar'), tar);
  execFileSync('tar', ['-xf', 'package.tar'], { cwd: dir });
  rmSync(join(dir, 'package.tar'));
  return dir;
}
