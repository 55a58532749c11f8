/** The server schema and the blob transfer, against a real PostgreSQL (a throwaway cluster for this file). */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobStore, newBlobId } from '../../../../src/main/core/blobs/blob-store';
import { BLOB_CHUNK, downloadBlob, uploadBlob } from '../../../../src/main/core/sync/blob-sync';
import { ServerRepository } from '../../../../src/main/core/sync/server-repository';
import { SERVER_SCHEMA_VERSION, SERVER_TABLES } from '../../../../src/main/core/sync/server-schema';
import { startCluster, type PgCluster } from '../../../helpers/pg-cluster';
import { sql } from '../../../helpers/sync-fixture';
import { settledCode } from '../../../helpers/thrown-code';
import { useTempDirs } from '../../../helpers/vault-fixture';

let cluster: PgCluster;
let dbs = 0;
const fresh = useTempDirs('zd-sync-server-');
const vaultId = () => randomBytes(16).toString('hex');

beforeAll(() => {
  cluster = startCluster();
});
afterAll(() => cluster?.stop());

describe('server schema', () => {
  it('is applied once, in a transaction, bound to one vault; a schema from the future or another vault is refused', async () => {
    const url = cluster.createDatabase(`s${++dbs}`);
    const server = await ServerRepository.connect(url);
    try {
      const id = vaultId();
      expect(await server.schemaVersion()).toEqual({ version: 0, vaultId: null });
      expect(await server.applySchema(id)).toBe(SERVER_SCHEMA_VERSION);
      expect(await server.applySchema(id)).toBe(SERVER_SCHEMA_VERSION);
      const tables = (await sql(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")).rows.map((r: { tablename: string }) => r.tablename);
      expect(tables).toEqual([...SERVER_TABLES].sort());
      expect(await settledCode(() => server.applySchema(vaultId()))).toBe('ALREADY_EXISTS');
      await sql(url, 'UPDATE zd_schema SET version = version + 1');
      expect(await settledCode(() => server.applySchema(id))).toBe('FUTURE_VERSION');
      expect(await settledCode(() => server.checkSchema(id))).toBe('FUTURE_VERSION');
    } finally {
      await server.close();
    }
  });

  it('a schema step that fails leaves nothing behind', async () => {
    const url = cluster.createDatabase(`s${++dbs}`);
    // Something in the way of the first step: the whole step rolls back, zd_schema included.
    await sql(url, 'CREATE TABLE blobs (x int)');
    const server = await ServerRepository.connect(url);
    try {
      expect(await settledCode(() => server.applySchema(vaultId()))).not.toBe('allowed');
      expect((await server.schemaVersion()).version).toBe(0);
      expect((await sql(url, "SELECT to_regclass('records') AS t")).rows[0].t).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('an insert into a pulled table notifies listeners', async () => {
    const url = cluster.createDatabase(`s${++dbs}`);
    const server = await ServerRepository.connect(url);
    const listener = new pg.Client({ connectionString: url });
    await listener.connect();
    try {
      await server.applySchema(vaultId());
      await listener.query('LISTEN zd_sync');
      const heard = new Promise<string>((resolve) => listener.on('notification', (n) => resolve(n.payload ?? '')));
      await server.push(async (tx) => {
        await tx.insertTombstone({ device: 'a'.repeat(32), devSeq: 1, kind: 'document', id: 'x', clientId: 'y', rev: 1, pusher: 'p', rosterVersion: 1, envSig: Buffer.alloc(64) });
      });
      expect(await heard).toBe('tombstones');
    } finally {
      await listener.end();
      await server.close();
    }
  });

  it('an unreachable server is SERVER_UNREACHABLE', async () => {
    const dir = fresh();
    expect(await settledCode(() => ServerRepository.connect(`postgresql://zd@/postgres?host=${encodeURIComponent(dir)}&port=1`))).toBe('SERVER_UNREACHABLE');
  });
});

describe('blobs through the server', () => {
  async function setup() {
    const url = cluster.createDatabase(`b${++dbs}`);
    const server = await ServerRepository.connect(url);
    await server.applySchema(vaultId());
    const dir = fresh();
    const from = new BlobStore(join(dir, 'a'));
    const to = new BlobStore(join(dir, 'b'));
    await from.init();
    await to.init();
    const key = randomBytes(32);
    const blobId = newBlobId();
    // Two and a half chunks of ciphertext.
    const plain = randomBytes(BLOB_CHUNK * 2 + BLOB_CHUNK / 2);
    await from.writeFromBuffer(blobId, key, plain);
    const hash = createHash('sha256').update(readFileSync(from.pathFor(blobId))).digest('hex');
    return { url, server, from, to, key, blobId, plain, hash };
  }

  it('travel once, in chunks, named by their ciphertext hash; an interrupted upload and download resume', async () => {
    const { url, server, from, to, key, blobId, plain, hash } = await setup();
    try {
      // An upload cut after its first chunk: the next one sends only the rest.
      await server.createBlob(hash, statSync(from.pathFor(blobId)).size, BLOB_CHUNK);
      await server.putChunk(hash, 0, readFileSync(from.pathFor(blobId)).subarray(0, BLOB_CHUNK));
      expect(await uploadBlob(server, from, blobId)).toBe(hash);
      expect((await sql(url, 'SELECT n FROM blob_chunks ORDER BY n')).rows.map((r: { n: number }) => r.n)).toEqual([0, 1, 2]);
      expect(await server.blobInfo(hash)).toMatchObject({ complete: true });
      // Again: nothing is sent twice.
      expect(await uploadBlob(server, from, blobId)).toBe(hash);
      expect((await sql(url, 'SELECT count(*)::int AS n FROM blob_chunks')).rows[0].n).toBe(3);

      // A download cut inside its second chunk keeps the first whole chunk and fetches the rest.
      const part = join(to.tmpDir, `${blobId}.sync`);
      writeFileSync(part, readFileSync(from.pathFor(blobId)).subarray(0, BLOB_CHUNK + 1000));
      await downloadBlob(server, to, blobId, hash);
      expect(existsSync(part)).toBe(false);
      expect(Buffer.compare(await to.readAll(blobId, key, plain.length), plain)).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('a chunk changed on the server is caught by the hash: no blob is placed, SERVER_UNTRUSTED', async () => {
    const { url, server, from, to, blobId, hash } = await setup();
    try {
      await uploadBlob(server, from, blobId);
      await sql(url, 'UPDATE blob_chunks SET data = set_byte(data, 5, get_byte(data, 5) # 1) WHERE n = 1');
      expect(await settledCode(() => downloadBlob(server, to, blobId, hash))).toBe('SERVER_UNTRUSTED');
      expect(existsSync(to.pathFor(blobId))).toBe(false);
      // A chunk withheld: also refused.
      await sql(url, 'DELETE FROM blob_chunks WHERE n = 2');
      expect(await settledCode(() => downloadBlob(server, to, blobId, hash))).toBe('SERVER_UNTRUSTED');
      expect(existsSync(to.pathFor(blobId))).toBe(false);
    } finally {
      await server.close();
    }
  });
});
