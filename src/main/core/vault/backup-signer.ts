import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileDurable } from '../fs/durable';
import type { KeyFile } from '../keys/key-file';
import { addBackupSigner } from '../keys/key-slots';
import { wipe } from '../keys/keyring';
import { publicKeyOf, signWith } from '../keys/signing';
import type { StatementSigner } from '../keys/vault-statements';
import type { OpenVault } from './open-vault';
import { vaultStateDir } from './state-dir';

/**
 * This PC's backup signer: an Ed25519 key kept in the user's state folder
 * (readable by that OS user only), endorsed by the master key in the roster,
 * so backups made at rest (the app locked overnight, `zhangdun backup create`
 * without a password) are signed too. It signs backup manifests and nothing
 * else (not the schedule, not the roster). What it proves is weaker than the
 * master's signature: "made on a PC the owner set up for backups". Taken
 * off the roster, it signs nothing anyone accepts.
 */
const fileSchema = z.strictObject({
  vaultId: z.string().regex(/^[0-9a-f]{32}$/),
  label: z.string().max(200),
  seed: z.string().regex(/^[A-Za-z0-9+/]{43}=$/),
});

function signerPath(stateDir: string, vaultId: string): string {
  return join(vaultStateDir(stateDir, vaultId), 'backup-signer.json');
}

async function readSeed(stateDir: string, vaultId: string): Promise<{ seed: Buffer; label: string } | null> {
  try {
    const parsed = fileSchema.parse(JSON.parse(await fsp.readFile(signerPath(stateDir, vaultId), 'utf8')));
    if (parsed.vaultId !== vaultId) return null;
    return { seed: Buffer.from(parsed.seed, 'base64'), label: parsed.label };
  } catch {
    return null;
  }
}

/** This PC's signer, when its key is in the roster of `keyFile` (else null: its backups go unsigned). */
export async function loadBackupSigner(stateDir: string, keyFile: KeyFile): Promise<StatementSigner | null> {
  const stored = await readSeed(stateDir, keyFile.body.vaultId);
  if (!stored) return null;
  const publicKey = publicKeyOf(stored.seed).toString('base64');
  if (!keyFile.body.roster.backupSigners.some((s) => s.key === publicKey)) {
    wipe(stored.seed);
    return null;
  }
  const seed = stored.seed;
  return { id: `backup:${publicKey}`, sign: (data) => signWith(seed, data) };
}

/**
 * Makes sure this PC has a backup signer in the roster (a master-key holder
 * sets up scheduled backups here): creates the key if there is none, and
 * endorses it if the roster does not list it. Returns its label.
 */
export async function ensureBackupSigner(vault: Pick<OpenVault, 'stateDir' | 'vaultId' | 'keyFile' | 'masterKeys' | 'updateKeyFile'>, now = new Date()): Promise<string> {
  let stored = await readSeed(vault.stateDir, vault.vaultId);
  if (!stored) {
    const label = `${hostname()} ${now.toISOString().slice(0, 10)} ${randomBytes(3).toString('hex')}`.slice(0, 200);
    const seed = randomBytes(32);
    await fsp.mkdir(vaultStateDir(vault.stateDir, vault.vaultId), { recursive: true, mode: 0o700 });
    await writeFileDurable(signerPath(vault.stateDir, vault.vaultId), JSON.stringify({ vaultId: vault.vaultId, label, seed: seed.toString('base64') }));
    stored = { seed, label };
  }
  const publicKey = publicKeyOf(stored.seed);
  wipe(stored.seed);
  if (!vault.keyFile.body.roster.backupSigners.some((s) => s.key === publicKey.toString('base64'))) {
    const keys = vault.masterKeys(now);
    const label = stored.label;
    await vault.updateKeyFile((file) => addBackupSigner(file, keys, { key: publicKey, label }));
  }
  return stored.label;
}
