/**
 * The process the crash harness kills. It opens a vault with the recovery
 * identity and works without pause — import, rename, trash, restore, delete
 * permanently — announcing each operation on stdout before it starts
 * (`begin …`) and after it completed (`ack …`). The parent SIGKILLs it at a
 * random moment and then checks that every `ack` survived.
 *
 * Protocol (one line each, fields separated by single spaces, names contain none):
 *   (waits for a line on stdin before opening the vault)
 *   ready
 *   begin client                     ack client <clientId>
 *   begin import <sha256> <name>     ack import <docId> <sha256> <name>  |  ack duplicate <docId> <sha256>
 *   (a batch import says `begin import` for each of its files, then acknowledges each)
 *   begin rename <docId> <name>      ack rename <docId> <name>
 *   begin trash <docId>              ack trash <docId>
 *   begin restore <docId>            ack restore <docId>
 *   begin delete <docId>             ack delete <docId>
 *   error <code>                     (then exit 2: the parent fails the trial)
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { clientInputSchema } from '../../src/shared/contract';
import { blobWriters } from '../../src/main/core/blobs/blob-writer';
import { VaultManager } from '../../src/main/core/vault/vault-manager';
import type { VaultSession } from '../../src/main/core/vault/session';
import type { CrashChildConfig } from './crash-harness';
import { seededRandom, type Rng } from './seeded-random';

/** Pipes are synchronous on Linux: once writeSync returns, a SIGKILL cannot lose the line. */
function say(line: string): void {
  writeSync(1, `${line}\n`);
}

const CHUNK = 64 * 1024;
/** Sizes around the 64 KiB chunk boundaries, where off-by-one errors live. */
const SIZES = [0, 1, 100, 4096, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK, 2 * CHUNK + 17, 200_000];
const CATEGORIES = ['凭证', '银行对账单', '纳税申报表', '合同', '营业执照'];
const EXTENSIONS = ['.pdf', '.xlsx', '.jpg', '.ofd', '.txt'];
const CHINESE = '增值税专用发票抵扣联；销项税额；应交税费——应交增值税（进项税额）';

function content(rng: Rng, marker: string | undefined): Buffer {
  const size = rng.next() < 0.7 ? rng.pick(SIZES) : rng.int(220_000);
  const data = rng.bytes(size);
  if (marker) {
    const texts = [Buffer.from(`${marker}${CHINESE}`, 'utf8'), Buffer.from(`${marker}${CHINESE}`, 'utf16le')];
    for (const [i, text] of texts.entries()) {
      // Beginning, astride the first chunk boundary, and the end, as far as the file is long enough.
      for (const at of [i * text.length, CHUNK - 7 + i * text.length, size - text.length * (i + 1)]) {
        if (at >= 0 && at + text.length <= size) text.copy(data, at);
      }
    }
  }
  return data;
}

function docName(rng: Rng, marker: string | undefined, prefix: string): string {
  return `${marker ? `${marker}-` : ''}${prefix}${rng.pick(CATEGORIES)}-${rng.hex(5)}${rng.pick(EXTENSIONS)}`;
}

async function step(session: VaultSession, clientId: string, rng: Rng, config: CrashChildConfig, op: number): Promise<void> {
  const docs = [...session.documents.list(clientId, 'active'), ...session.documents.list(clientId, 'trashed')];
  const roll = rng.next();
  if (docs.length === 0 || (docs.length < config.maxDocs && roll < 0.4)) {
    // One import in three is a batch: its files become durable and commit together.
    const count = rng.next() < 0.33 ? 2 + rng.int(3) : 1;
    const files = Array.from({ length: count }, (_, i) => {
      const data = content(rng, config.marker);
      const name = docName(rng, config.marker, `${op}.${i}-`);
      const source = join(config.inboxDir, name);
      writeFileSync(source, data);
      return { source, name, sha: createHash('sha256').update(data).digest('hex') };
    });
    for (const f of files) say(`begin import ${f.sha} ${f.name}`);
    // Filed under a 所属期 long past, so a random permanent delete is allowed by the retention rules.
    const outcomes = await session.documents.importFiles(clientId, files.map((f) => f.source), { periodYear: 1990 });
    for (const [i, f] of files.entries()) {
      const outcome = outcomes[i];
      if (outcome?.status === 'imported') say(`ack import ${outcome.documentId} ${f.sha} ${f.name}`);
      else if (outcome?.status === 'duplicate') say(`ack duplicate ${outcome.documentId} ${f.sha}`);
      else {
        say(`error ${outcome?.code ?? 'NO_OUTCOME'}`);
        process.exit(2);
      }
      if (!config.marker) rmSync(f.source, { force: true });
    }
    return;
  }
  const target = rng.pick(docs);
  if (roll < 0.6) {
    const name = docName(rng, config.marker, '改名-');
    say(`begin rename ${target.id} ${name}`);
    session.documents.rename(target.id, name);
    say(`ack rename ${target.id} ${name}`);
  } else if (roll < 0.72 && target.status === 'active') {
    say(`begin trash ${target.id}`);
    session.documents.trash(target.id);
    say(`ack trash ${target.id}`);
  } else if (roll < 0.72) {
    say(`begin restore ${target.id}`);
    session.documents.restore(target.id);
    say(`ack restore ${target.id}`);
  } else {
    say(`begin delete ${target.id}`);
    await session.documents.deletePermanently(target.id);
    say(`ack delete ${target.id}`);
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as CrashChildConfig;
  // The parent always kills; this only stops an orphan if the parent died first.
  setTimeout(() => process.exit(3), 60_000).unref();
  const rng = seededRandom(config.seed);
  // Modules are loaded by now; the parent says when the vault is free (it may still be checking the last trial).
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  process.stdin.pause();
  const manager = new VaultManager({ vaultDir: config.vaultDir });
  await manager.unlockWithRecovery(readFileSync(config.identityFile, 'utf8').trim());
  const session = manager.session();
  let clientId = config.clientId;
  if (!clientId) {
    say('begin client');
    clientId = session.clients.create(clientInputSchema.parse({ name: config.clientName ?? '福州闽江财税咨询有限公司', notes: config.marker ?? '' })).id;
    say(`ack client ${clientId}`);
  }
  // The encrypting workers start before the first operation: the trials are about the vault, not thread start-up.
  await blobWriters().warm();
  say('ready');
  for (let op = 0; ; op++) await step(session, clientId, rng, config, op);
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  say(`error ${typeof code === 'string' ? code : 'UNEXPECTED'}`);
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(2);
});
