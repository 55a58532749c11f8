/**
 * Two or three replicas of one vault syncing through a real PostgreSQL
 * (a throwaway cluster for this file: test/helpers/pg-cluster.ts).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { signWith, publicKeyOf } from '../../../../src/main/core/keys/signing';
import { recordSigningBytes } from '../../../../src/main/core/records/record-seal';
import type { PushTx } from '../../../../src/main/core/sync/server-repository';
import { recordEnvelope } from '../../../../src/main/core/sync/sync-envelope';
import { SyncEngine } from '../../../../src/main/core/sync/sync-engine';
import { SyncWatcher } from '../../../../src/main/core/sync/sync-watcher';
import { startCluster, type PgCluster } from '../../../helpers/pg-cluster';
import { dumpServer, makeTemplate, replicaOf, sql, type Replica } from '../../../helpers/sync-fixture';
import { clientInput, useTempDirs } from '../../../helpers/vault-fixture';
import { settledCode } from '../../../helpers/thrown-code';

const MARK = { client: 'QZCLIENTMARK', document: 'QZDOCNAMEMARK', text: 'QZDOCTEXTMARK', contact: 'QZCONTACTMARK', newDoc: 'QZNEWDOCMARK' };

let cluster: PgCluster;
let template: Awaited<ReturnType<typeof makeTemplate>>;
let dbs = 0;
const fresh = useTempDirs('zd-sync-');
let templateDir: string;

beforeAll(async () => {
  cluster = startCluster();
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  templateDir = mkdtempSync(join(tmpdir(), 'zd-sync-template-'));
  template = await makeTemplate(templateDir, MARK);
});

afterAll(async () => {
  cluster?.stop();
  const { rmSync } = await import('node:fs');
  if (templateDir) rmSync(templateDir, { recursive: true, force: true });
});

/** A fresh server database and `n` replicas of the template on it. */
async function setup(n: number): Promise<{ url: string; pcs: Replica[]; done: () => Promise<void> }> {
  const url = cluster.createDatabase(`t${++dbs}`);
  const dir = fresh();
  const pcs: Replica[] = [];
  for (let i = 0; i < n; i++) pcs.push(await replicaOf(template, join(dir, `pc${i}`), url));
  return { url, pcs, done: async () => Promise.all(pcs.map((p) => p.close())).then(() => undefined) };
}

const listNames = (r: Replica) => r.session.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 100 }).items.map((c) => c.name).sort();

describe('sync of client and document records', () => {
  it('an edit and a new client with a document made on one PC reach the other, blob included', async () => {
    const { pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      const edited = a.session.clients.update(template.clientId, clientInput({ name: '甲公司改名', contactPerson: '张三' }));
      expect(edited.name).toBe('甲公司改名');
      const created = a.session.clients.create(clientInput({ name: '乙公司', contactPerson: MARK.contact }));
      const [imported] = await a.session.documents.importBytes(created.id, `合同${MARK.newDoc}.txt`, Buffer.from(`合同正文 ${MARK.text}`)).then((o) => [o]);
      expect(imported?.status).toBe('imported');
      const pushed = await a.engine.run();
      expect(pushed.push.records).toBeGreaterThanOrEqual(4);
      expect(pushed.push.blobs).toBeGreaterThanOrEqual(2);

      const pulled = await b.engine.run();
      expect(pulled.pull.applied).toBeGreaterThanOrEqual(3);
      expect(pulled.pull.blobs).toBe(1);
      expect(listNames(b)).toEqual(['乙公司', '甲公司改名']);
      const docs = b.session.documents.list(created.id);
      expect(docs.map((d) => d.name)).toEqual([`合同${MARK.newDoc}.txt`]);
      // The blob came through the server, verified by its hash, and opens under the synced key.
      expect((await b.session.documents.read(docs[0]!.id, 1 << 20)).toString()).toBe(`合同正文 ${MARK.text}`);
      // Nothing new comes back to A but its own rows.
      const again = await a.engine.run();
      expect(again.pull.applied).toBe(0);
      expect(a.vault.repos.sync.problems()).toEqual([]);
      expect(b.vault.repos.sync.problems()).toEqual([]);
    } finally {
      await done();
    }
  });

  it('offline edits on both PCs: the higher revision wins everywhere; equal revisions pick the same winner; the loser is kept as history', async () => {
    const { pcs, done } = await setup(3);
    const [a, b, c] = pcs as [Replica, Replica, Replica];
    try {
      // Equal revisions (each PC edits once from the same one).
      a.session.clients.update(template.clientId, clientInput({ name: '甲-A' }));
      b.session.clients.update(template.clientId, clientInput({ name: '甲-B' }));
      await a.engine.run();
      await b.engine.run();
      await a.engine.run();
      await c.engine.run();
      const names = [a, b, c].map((r) => r.session.clients.get(template.clientId).name);
      expect(new Set(names).size).toBe(1);
      const winner = names[0]!;
      expect(['甲-A', '甲-B']).toContain(winner);
      const loser = winner === '甲-A' ? '甲-B' : '甲-A';
      for (const r of [a, b, c]) {
        const history = r.vault.repos.sync.history('client', template.clientId);
        const opened = history.map((h) => r.vault.records.openClient({ ...h, seq: 0 })?.name);
        expect(opened, 'the losing revision is kept').toContain(loser);
      }

      // A higher revision wins regardless of who wrote it (A edits twice offline, B once).
      a.session.clients.update(template.clientId, clientInput({ name: '甲-A2' }));
      a.session.clients.update(template.clientId, clientInput({ name: '甲-A3' }));
      b.session.clients.update(template.clientId, clientInput({ name: '甲-B2' }));
      await b.engine.run();
      await a.engine.run();
      await b.engine.run();
      await c.engine.run();
      expect([a, b, c].map((r) => r.session.clients.get(template.clientId).name)).toEqual(['甲-A3', '甲-A3', '甲-A3']);
      expect(b.vault.repos.sync.history('client', template.clientId).map((h) => b.vault.records.openClient({ ...h, seq: 0 })?.name)).toContain('甲-B2');
      expect(c.vault.repos.sync.history('client', template.clientId).map((h) => c.vault.records.openClient({ ...h, seq: 0 })?.name)).toContain('甲-B2');
    } finally {
      await done();
    }
  });

  it('a document deleted on one PC is deleted on the others, file included; a newer edit made elsewhere meanwhile brings it back everywhere', async () => {
    const { pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      await a.engine.run();
      await b.engine.run();
      const blobId = a.vault.repos.sync.local('document', template.documentId)!.blobId!;
      a.vault.write(() => a.vault.records.deleteDocument(template.documentId, template.clientId));
      expect((await a.engine.run()).push.deleted).toBe(1);
      await b.engine.run();
      expect(b.session.documents.list(template.clientId)).toEqual([]);
      expect(existsSync(b.vault.blobs.pathFor(blobId))).toBe(false);

      // A second document: deleted on A while B renames it (a newer revision than the one deleted).
      const made = await a.session.documents.importBytes(template.clientId, '第二份.txt', Buffer.from('第二份正文'));
      if (made.status !== 'imported') throw new Error(made.status);
      await a.engine.run();
      await b.engine.run();
      a.vault.write(() => a.vault.records.deleteDocument(made.documentId, template.clientId));
      b.session.documents.rename(made.documentId, '第二份-改名.txt');
      await a.engine.run();
      await b.engine.run();
      await a.engine.run();
      for (const r of [a, b]) {
        expect(r.session.documents.list(template.clientId).map((d) => d.name)).toEqual(['第二份-改名.txt']);
        expect((await r.session.documents.read(made.documentId, 1 << 20)).toString()).toBe('第二份正文');
      }
    } finally {
      await done();
    }
  });

  it('pulls in rounds: every row arrives when there are more than one round holds, whichever tables they are in', async () => {
    const { pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      for (const name of ['丁', '戊', '己']) a.session.clients.create(clientInput({ name }));
      await a.engine.run();
      const small = new SyncEngine(b.vault, b.server, b.device, () => new Date(), 2);
      await small.run();
      expect(listNames(b)).toEqual(['丁', '己', '戊', `甲公司${MARK.client}`].sort());
      expect(b.vault.repos.sync.problems()).toEqual([]);
    } finally {
      await done();
    }
  });

  it('a PC watching the server (LISTEN) pulls what another PC pushes without being asked', async () => {
    const { pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    const states: string[] = [];
    const watcher = new SyncWatcher(b.vault, (s) => states.push(s.kind));
    try {
      await watcher.start();
      await watcher.settled();
      a.session.clients.update(template.clientId, clientInput({ name: '甲-通知' }));
      await a.engine.run();
      await vi.waitFor(() => expect(b.vault.repos.clientRecords.byId(template.clientId)!.rev).toBe(2), { timeout: 30_000, interval: 50 });
      await watcher.settled();
      expect(b.session.clients.get(template.clientId).name).toBe('甲-通知');
      expect(states).toContain('syncing');
      expect(watcher.state.kind).toBe('idle');
    } finally {
      await watcher.stop();
      await done();
    }
  });

  it('a record signed by someone not on the roster is refused and reported; the rest still applies', async () => {
    const { pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      await a.engine.run();
      // An outsider with the server's credentials (or the server itself) adds a revision signed with its own key.
      const seed = randomBytes(32);
      const stranger = randomBytes(16).toString('hex');
      const good = a.vault.repos.sync.local('client', template.clientId)!;
      const header = { kind: 'client' as const, id: good.id, clientId: good.id, rev: good.rev + 5, keyVersion: good.keyVersion };
      const body = good.body; // any bytes: it never gets as far as being opened
      const sig = signWith(seed, recordSigningBytes(header, { author: stranger }, body));
      const device = randomBytes(16).toString('hex');
      await a.server.push(async (tx) => {
        const row: Parameters<PushTx['insertRecord']>[0] = { device, devSeq: 1, kind: 'client', id: good.id, clientId: good.id, rev: header.rev, keyVersion: good.keyVersion, author: stranger, pusher: stranger, blobId: null, blobHash: null, wrappedKey: null, size: null, dupTag: null, body, sig, rosterVersion: 1, envSig: Buffer.alloc(0) };
        row.envSig = signWith(seed, recordEnvelope(row));
        await tx.insertRecord(row);
      });
      expect(publicKeyOf(seed)).toHaveLength(32);
      a.session.clients.update(template.clientId, clientInput({ name: '甲-合法' }));
      await a.engine.run();
      const result = await b.engine.run();
      expect(result.pull.refused).toBe(1);
      expect(b.session.clients.get(template.clientId).name).toBe('甲-合法');
      expect(b.vault.repos.sync.problems().map((p) => p.problem)).toEqual(['not-member']);
    } finally {
      await done();
    }
  });

  it('a ciphertext byte changed on the server is detected: nothing of the batch is applied, the server is reported untrusted', async () => {
    const { url, pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      await a.engine.run();
      await b.engine.run();
      a.session.clients.update(template.clientId, clientInput({ name: '甲-新' }));
      await a.engine.run();
      await sql(url, `UPDATE records SET body = set_byte(body, 40, get_byte(body, 40) # 1) WHERE server_seq = (SELECT max(server_seq) FROM records)`);
      expect(await settledCode(() => b.engine.run())).toBe('SERVER_UNTRUSTED');
      expect(b.session.clients.get(template.clientId).name).toBe(`甲公司${MARK.client}`);
      expect(b.vault.repos.sync.problems().map((p) => p.problem)).toEqual(['tampered']);
      // It stays refused: the next pull meets the same row.
      expect(await settledCode(() => b.engine.pull())).toBe('SERVER_UNTRUSTED');
    } finally {
      await done();
    }
  });

  it('an old revision served again (replayed) is detected and never applied', async () => {
    const { url, pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      a.session.clients.update(template.clientId, clientInput({ name: '甲-二' }));
      await a.engine.run();
      await b.engine.run();
      a.session.clients.update(template.clientId, clientInput({ name: '甲-三' }));
      await a.engine.run();
      await b.engine.run();
      expect(b.session.clients.get(template.clientId).name).toBe('甲-三');
      const rev2 = b.vault.repos.sync.local('client', template.clientId)!.rev - 1;
      // The server serves revision 2 again, as if new.
      await sql(url, `UPDATE records SET server_seq = nextval('zd_seq') WHERE kind = 'client' AND id = $1 AND rev = $2`, [template.clientId, rev2]);
      expect(await settledCode(() => b.engine.run())).toBe('SERVER_UNTRUSTED');
      expect(b.session.clients.get(template.clientId).name).toBe('甲-三');
      expect(b.vault.repos.sync.problems().map((p) => p.problem)).toEqual(['replay']);
    } finally {
      await done();
    }
  });

  it('a row withheld by the server is noticed from the gap in its device\'s numbers', async () => {
    const { url, pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      await a.engine.run();
      await b.engine.run();
      a.session.clients.update(template.clientId, clientInput({ name: '甲-一' }));
      await a.engine.run();
      a.session.clients.update(template.clientId, clientInput({ name: '甲-二' }));
      await a.engine.run();
      await sql(url, `DELETE FROM records WHERE server_seq = (SELECT max(server_seq) FROM records WHERE kind = 'client' AND id = $1) - 1`, [template.clientId]);
      const left = await sql(url, 'SELECT count(*)::int AS n FROM records WHERE kind = $1 AND id = $2', ['client', template.clientId]);
      expect(left.rows[0].n).toBe(2);
      expect(await settledCode(() => b.engine.run())).toBe('SERVER_UNTRUSTED');
      expect(b.vault.repos.sync.problems().map((p) => p.problem)).toEqual(['withheld']);
      expect(b.session.clients.get(template.clientId).name).toBe(`甲公司${MARK.client}`);
    } finally {
      await done();
    }
  });

  it('after a sync no server table holds a client name, contact, document name or text, while the replicas show them', async () => {
    const { url, pcs, done } = await setup(2);
    const [a, b] = pcs as [Replica, Replica];
    try {
      const created = a.session.clients.create(clientInput({ name: `丙公司${MARK.client}`, contactPerson: MARK.contact, notes: MARK.text }));
      await a.session.documents.importBytes(created.id, `发票${MARK.newDoc}.txt`, Buffer.from(`发票正文 ${MARK.text}`));
      await a.engine.run();
      await b.engine.run();
      const dump = await dumpServer(url);
      expect(dump.length).toBeGreaterThan(1000);
      const needles = [MARK.client, MARK.contact, MARK.document, MARK.newDoc, MARK.text, '甲公司', '丙公司', '张三'].flatMap((m) => [Buffer.from(m, 'utf8'), Buffer.from(m, 'utf16le')]);
      expect(needles.filter((n) => dump.includes(n)).map((n) => n.toString())).toEqual([]);
      // Positive control: the same markers are in the replicas' own view.
      expect(listNames(b)).toEqual([`丙公司${MARK.client}`, `甲公司${MARK.client}`]);
      const doc = b.session.documents.list(created.id)[0]!;
      expect(doc.name).toBe(`发票${MARK.newDoc}.txt`);
      expect((await b.session.documents.read(doc.id, 1 << 20)).toString()).toContain(MARK.text);
      expect(b.session.documents.list(template.clientId).map((d) => d.name)).toEqual([`凭证${MARK.document}.txt`]);
    } finally {
      await done();
    }
  });
});
