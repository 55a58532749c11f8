import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientService } from '../../../../src/main/core/services/client-service';
import { DocumentService } from '../../../../src/main/core/services/document-service';
import { readKeyFile } from '../../../../src/main/core/keys/key-file';
import type { StatementSigner } from '../../../../src/main/core/keys/vault-statements';
import { ensureBackupSigner, loadBackupSigner } from '../../../../src/main/core/vault/backup-signer';
import { createVault } from '../../../../src/main/core/vault/create-vault';
import { defaultStateDir } from '../../../../src/main/core/vault/state-dir';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import type { OpenVault } from '../../../../src/main/core/vault/open-vault';

export const APP_VERSION = '0.1.0-test';

export interface TestVault {
  dir: string;
  /** This test process's state folder, where the vault's backup signer for copies at rest is kept. */
  stateDir: string;
  identity: string;
  recipient: string;
  vaultId: string;
  /** Document id → SHA-256 of its plaintext. */
  documents: Map<string, string>;
  clientId: string;
}

/** `size` bytes of content derived from the name (a 1 MiB pattern repeated), written to a file. */
export function contentFile(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  const block = Buffer.alloc(Math.min(size, 1024 * 1024));
  for (let i = 0; i < block.length; i += 32) createHash('sha256').update(`${name}/${size}/${i}`).digest().copy(block, i);
  const parts: Buffer[] = [];
  for (let left = size; left > 0; left -= block.length) parts.push(block.subarray(0, Math.min(left, block.length)));
  writeFileSync(path, Buffer.concat(parts));
  return path;
}

/**
 * A vault with one client and documents of the given sizes. Costs one Argon2
 * derivation; copy it with copyVault() for each test that changes it.
 */
export async function makeVault(root: string, sizes: number[]): Promise<TestVault> {
  const dir = join(root, 'template-vault');
  const { vault, recoveryIdentity } = await createVault(dir, { staffName: '张会计', password: Buffer.from('correct horse battery') });
  const sources = join(root, 'sources');
  mkdirSync(sources, { recursive: true });
  const documents = new Map<string, string>();
  let clientId: string;
  try {
    const client = new ClientService(vault).create({
      name: '福州闽江财税咨询有限公司',
      creditCode: null,
      taxpayerType: null,
      contactPerson: null,
      phone: null,
      address: null,
      bankAccount: null,
      serviceStart: null,
      serviceEnd: null,
      notes: null,
      label: 'internal',
    });
    clientId = client.id;
    const docs = new DocumentService(vault);
    const files = sizes.map((size, i) => contentFile(sources, `doc-${i}-${size}.pdf`, size));
    const outcomes = await docs.importFiles(client.id, files, { allowDuplicate: true });
    for (const [i, outcome] of outcomes.entries()) {
      if (outcome.status !== 'imported') throw new Error(`import failed: ${JSON.stringify(outcome)}`);
      documents.set(outcome.documentId, sha256(readFileSync(files[i] ?? '')));
    }
    // This PC signs backups made at rest, as after an owner set up scheduled backups here.
    await ensureBackupSigner(vault);
  } finally {
    await vault.close();
  }
  const keyFile = JSON.parse(readFileSync(join(dir, 'vault.key'), 'utf8')) as { body: { vaultId: string; roster: { recoveryRecipient: string } } };
  return { dir, stateDir: defaultStateDir(), identity: recoveryIdentity, recipient: keyFile.body.roster.recoveryRecipient, vaultId: keyFile.body.vaultId, documents, clientId };
}

/** The backup signer of this test process's state folder (endorsed in the vault's roster by makeVault). */
export async function atRestSigner(vault: TestVault): Promise<StatementSigner> {
  const signer = await loadBackupSigner(vault.stateDir, await readKeyFile(join(vault.dir, 'vault.key')));
  if (!signer) throw new Error('no backup signer for this vault in the state folder');
  return signer;
}

export function copyVault(template: TestVault, to: string): TestVault {
  cpSync(template.dir, to, { recursive: true });
  return { ...template, dir: to };
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file under a folder with its SHA-256, by relative path. */
export function treeHashes(root: string, skip: (name: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      if (skip(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, `${rel}${name}/`);
      else out[`${rel}${name}`] = sha256(readFileSync(path));
    }
  };
  walk(root, '');
  return out;
}

/** Exports every document and returns id → SHA-256 of the exported bytes. */
export async function exportAll(vault: OpenVault, scratch: string): Promise<Map<string, string>> {
  mkdirSync(scratch, { recursive: true });
  const docs = new DocumentService(vault);
  const out = new Map<string, string>();
  for (const ref of vault.repos.documentRecords.blobRefs()) {
    const dest = join(scratch, `${ref.id}-${randomBytes(4).toString('hex')}`);
    await docs.exportTo(ref.id, dest);
    out.set(ref.id, sha256(readFileSync(dest)));
  }
  return out;
}

export async function openWithRecovery(dir: string, identity: string): Promise<OpenVault> {
  return openVault(dir, { recoveryIdentity: identity });
}
