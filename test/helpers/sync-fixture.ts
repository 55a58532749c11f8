import { randomBytes } from 'node:crypto';
import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { ServerRepository } from '../../src/main/core/sync/server-repository';
import { SERVER_TABLES } from '../../src/main/core/sync/server-schema';
import { SyncEngine } from '../../src/main/core/sync/sync-engine';
import { sealForMaster } from '../../src/main/core/sync/sync-credentials';
import type { OpenVault } from '../../src/main/core/vault/open-vault';
import type { VaultSession } from '../../src/main/core/vault/session';
import { clientInput, createTestVault, openWithRecovery, sessionOf } from './vault-fixture';

/** One PC: its vault, a session on it, its connection and its sync engine. */
export interface Replica {
  vault: OpenVault;
  session: VaultSession;
  server: ServerRepository;
  engine: SyncEngine;
  device: string;
  close: () => Promise<void>;
}

/** A vault with one client and one document, closed: the folder every replica of a test is copied from. */
export async function makeTemplate(dir: string, markers: { client: string; document: string; text: string }): Promise<{ dir: string; recovery: string; clientId: string; documentId: string }> {
  const vaultDir = join(dir, 'template');
  const { vault, recoveryIdentity } = await createTestVault(vaultDir);
  const s = sessionOf(vault);
  const client = s.clients.create(clientInput({ name: `甲公司${markers.client}`, contactPerson: '张三', notes: markers.client }));
  const file = join(dir, `凭证${markers.document}.txt`);
  writeFileSync(file, `正文 ${markers.text}`);
  const [outcome] = await s.documents.importFiles(client.id, [file], {});
  if (outcome?.status !== 'imported') throw new Error('template import failed');
  await vault.close();
  return { dir: vaultDir, recovery: recoveryIdentity, clientId: client.id, documentId: outcome.documentId };
}

export async function replicaOf(template: { dir: string; recovery: string }, to: string, url: string): Promise<Replica> {
  cpSync(template.dir, to, { recursive: true });
  const vault = await openWithRecovery(to, template.recovery);
  const server = await ServerRepository.connect(url);
  await server.applySchema(vault.vaultId);
  const device = randomBytes(16).toString('hex');
  // Published as far as this PC knows (the URL sealed under the master key this recovery session holds).
  vault.write(() => vault.repos.sync.setConfig({ device, sealed: sealForMaster(vault.clientKeys.masterKey!, vault.vaultId, device, { url }), publishedAt: new Date().toISOString() }));
  return {
    vault,
    session: sessionOf(vault),
    server,
    device,
    engine: new SyncEngine(vault, server, device),
    close: async () => {
      await server.close();
      await vault.close();
    },
  };
}

/** Every byte of every server table, as text and as raw bytes: what a marker scan reads. */
export async function dumpServer(url: string): Promise<Buffer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const parts: Buffer[] = [];
    const tables = (await client.query<{ t: string }>("SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")).rows.map((r) => r.t);
    for (const table of new Set([...tables, ...SERVER_TABLES])) {
      const rows = (await client.query(`SELECT * FROM ${pg.escapeIdentifier(table)}`)).rows as Record<string, unknown>[];
      for (const row of rows) {
        for (const value of Object.values(row)) {
          if (Buffer.isBuffer(value)) parts.push(value);
          else if (value !== null) parts.push(Buffer.from(typeof value === 'object' ? JSON.stringify(value) : String(value), 'utf8'));
        }
      }
    }
    // Large objects too (none are used; a scan that skipped them could miss a future change).
    const los = (await client.query<{ data: Buffer }>('SELECT data FROM pg_largeobject')).rows;
    for (const lo of los) parts.push(lo.data);
    return Buffer.concat(parts);
  } finally {
    await client.end();
  }
}

export async function sql(url: string, text: string, params: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}
