/**
 * Tampering with a closed vault is detected, never silently accepted: single
 * byte flips across vault.key, vault.db and a blob (≥ 200 positions), blob
 * truncation, extension, chunk reordering/duplication/removal, swapped blobs,
 * forged key files and substituted files. For every case, on a fresh copy of
 * one prepared vault opened with the recovery identity: opening, the full
 * check, export and preview report TAMPERED or CORRUPT (WRONG_CREDENTIALS only
 * where noted), never succeed, never throw anything but a VaultError, and
 * never leave a partial export.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../../src/shared/errors';
import { newRecoveryIdentity, wrapForRecipient } from '../../../../src/main/core/keys/age-keys';
import { KEY_FILE_VERSION, type KeyFile } from '../../../../src/main/core/keys/key-file';
import type { Credentials } from '../../../../src/main/core/vault/unlock-vault';
import { runCli } from '../../../helpers/cli';
import { seededRandom } from '../../../helpers/seeded-random';
import {
  HEADER_SIZE,
  SEALED_CHUNK,
  attempt,
  blobChunks,
  blobDamageFailure,
  detectionFailure,
  flipByte,
  forgeKeyFile,
  keyFileValueSpans,
  writeBlob,
  type Outcome,
} from '../../../helpers/tamper';
import {
  STAFF_NAME,
  createTestVault,
  openWithRecovery,
  password,
  prepareVault,
  useTempDirs,
  writeIdentityFile,
  type PreparedDoc,
} from '../../../helpers/vault-fixture';

const rng = seededRandom(Number(process.env.ZHANGDUN_TAMPER_SEED ?? 4242));
const TAMPER_CODES: ErrorCode[] = ['TAMPERED', 'CORRUPT'];

interface Prepared {
  dir: string;
  identity: string;
  docs: PreparedDoc[];
  big: PreparedDoc;
  small: PreparedDoc;
  pageSize: number;
  /** Root page numbers (1-based) of some tables, to aim damage at them. */
  rootPages: Record<string, number>;
  /** A second, unrelated vault, for substitution attacks. */
  other: { dir: string; identity: string };
}

let prepared: Prepared;

/** Distinct, sorted, in range. */
function positions(size: number, wanted: number[], randomCount: number): number[] {
  const all = new Set(wanted.filter((p) => p >= 0 && p < size));
  for (let i = 0; i < randomCount; i++) all.add(rng.int(size));
  return [...all].sort((a, b) => a - b);
}

/**
 * What a damaged key file must read as: CORRUPT if it is no longer JSON;
 * FUTURE_VERSION if the edit raised the format version (the version is read
 * before the digest, since a newer format may authenticate differently — the
 * vault still does not open); TAMPERED otherwise (schema or digest).
 */
function expectedKeyFileCode(text: string): ErrorCode {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'CORRUPT';
  }
  const version = (parsed as { body?: { version?: unknown } } | null)?.body?.version;
  return typeof version === 'number' && version > KEY_FILE_VERSION ? 'FUTURE_VERSION' : 'TAMPERED';
}

function nonZeroMask(): number {
  return 1 + rng.int(255);
}

describe('tampering with a closed vault', () => {
  const fresh = useTempDirs('zd-tamper-');
  let scratch: string;
  const recovery = (): Credentials => ({ recoveryIdentity: prepared.identity });
  const run = (mutate: (dir: string) => void, credentials: () => Credentials = recovery): Promise<Outcome> =>
    attempt(prepared.dir, join(scratch, 'case'), credentials, prepared.docs, mutate);

  beforeAll(async () => {
    // useTempDirs cleans up after each test; the template must outlive them, so it is made by hand.
    const root = mkdtempSync(join(tmpdir(), 'zd-tamper-template-'));
    const vault = await prepareVault(root);
    // Closed means checkpointed: everything is in vault.db, nothing in a -wal.
    expect(existsSync(join(vault.dir, 'vault.db-wal'))).toBe(false);
    expect(statSync(join(vault.dir, vault.big.blobPath)).size).toBe(HEADER_SIZE + 2 * SEALED_CHUNK + 18_928 + 16);
    const opened = await openWithRecovery(vault.dir, vault.recoveryIdentity);
    const rootPages = Object.fromEntries(
      (opened.db.prepare("SELECT name, rootpage FROM sqlite_master WHERE name IN ('meta', 'documents')").all() as { name: string; rootpage: number }[]).map((r) => [r.name, r.rootpage]),
    );
    await opened.close();
    const other = await createTestVault(join(root, 'other'), '另一家事务所');
    await other.vault.close();
    prepared = {
      dir: vault.dir,
      identity: vault.recoveryIdentity,
      docs: [vault.big, vault.small],
      big: vault.big,
      small: vault.small,
      pageSize: vault.pageSize,
      rootPages,
      other: { dir: join(root, 'other'), identity: other.recoveryIdentity },
    };
    return () => rmSync(root, { recursive: true, force: true });
  });

  it('the untouched copy opens, checks and exports cleanly (control)', async () => {
    scratch = fresh();
    const outcome = await run(() => undefined);
    expect(outcome).toEqual({ kind: 'opened', problems: [], exports: { big: 'ok', small: 'ok' }, previews: { big: 'ok', small: 'ok' }, leftovers: [] });
  });

  it('a flipped byte anywhere in vault.key is refused: CORRUPT if no longer JSON, else TAMPERED (or FUTURE_VERSION)', async () => {
    scratch = fresh();
    const text = readFileSync(join(prepared.dir, 'vault.key'), 'utf8');
    expect(Buffer.byteLength(text)).toBe(text.length); // ASCII: character offsets are byte offsets
    const wanted = [0, 1, text.length - 2, text.length - 1];
    for (const span of keyFileValueSpans(text)) wanted.push(span.keyAt - 1, span.keyAt, span.start, (span.start + span.end) >> 1, span.end - 1);
    const failures: string[] = [];
    const sampled = positions(text.length, wanted, 30);
    expect(sampled.length).toBeGreaterThanOrEqual(60);
    for (const pos of sampled) {
      // The file holds only hex, base64, digits, an ISO date and JSON punctuation, where XOR 0x01
      // can neither create nor remove JSON whitespace (space↔'!', LF↔VT): every flip changes the
      // syntax or a value, none is semantically neutral.
      const mutated = Buffer.from(text);
      mutated[pos] = (mutated[pos] ?? 0) ^ 0x01;
      const expected = expectedKeyFileCode(mutated.toString('latin1'));
      const outcome = await run((dir) => flipByte(join(dir, 'vault.key'), pos, 0x01));
      const failure = detectionFailure(outcome, [expected]);
      if (failure) failures.push(`vault.key byte ${pos} (${JSON.stringify(text[pos])}): ${failure}`);
    }
    expect(failures).toEqual([]);
  });

  it('a flipped byte in any page of vault.db (salt, data, IV, HMAC) is detected', async () => {
    scratch = fresh();
    const size = statSync(join(prepared.dir, 'vault.db')).size;
    const page = prepared.pageSize;
    expect(size % page).toBe(0);
    // SQLCipher v4 page: data, then 16-byte IV and 64-byte HMAC-SHA512 in the reserved tail; page 1 starts with the 16-byte salt.
    const wanted = [0, 7, 15, 16, 23, 100];
    for (let base = 0; base < size; base += page) wanted.push(base, base + 1, base + (page >> 1), base + page - 80, base + page - 65, base + page - 64, base + page - 1);
    const failures: string[] = [];
    const sampled = positions(size, wanted, 30);
    expect(sampled.length).toBeGreaterThanOrEqual(100);
    for (const pos of sampled) {
      const mask = nonZeroMask();
      const failure = detectionFailure(await run((dir) => flipByte(join(dir, 'vault.db'), pos, mask)), TAMPER_CODES);
      if (failure) failures.push(`vault.db byte ${pos} (page ${Math.floor(pos / page) + 1}) ^0x${mask.toString(16)}: ${failure}`);
    }
    expect(failures).toEqual([]);
  });

  it('a flipped byte in a blob (header, ciphertext, tags, first and last) fails that document only', async () => {
    scratch = fresh();
    const { big, docs } = prepared;
    const size = statSync(join(prepared.dir, big.blobPath)).size;
    const wanted = Array.from({ length: HEADER_SIZE }, (_, i) => i);
    for (let at = HEADER_SIZE; at < size; at += SEALED_CHUNK) {
      const end = Math.min(size, at + SEALED_CHUNK);
      wanted.push(at, at + 1, (at + end) >> 1, end - 17, end - 16, end - 1);
    }
    const failures: string[] = [];
    const sampled = positions(size, wanted, 30);
    // With the 60+ key file and 100+ database positions: well over 200 single-byte flips in all.
    expect(sampled.length).toBeGreaterThanOrEqual(60);
    for (const pos of sampled) {
      const mask = nonZeroMask();
      const outcome = await run((dir) => flipByte(join(dir, big.blobPath), pos, mask));
      const failure = blobDamageFailure(outcome, [big], docs, 'TAMPERED');
      if (failure) failures.push(`blob byte ${pos} ^0x${mask.toString(16)}: ${failure}`);
    }
    expect(failures).toEqual([]);
  });

  it('truncated, extended, reordered, duplicated, shortened and swapped blobs are detected', async () => {
    scratch = fresh();
    const { big, small, docs } = prepared;
    const size = statSync(join(prepared.dir, big.blobPath)).size;
    const cases: [string, (dir: string) => void, PreparedDoc[]][] = [];
    const cuts = [0, 1, HEADER_SIZE - 1, HEADER_SIZE, HEADER_SIZE + 1, HEADER_SIZE + 16, HEADER_SIZE + SEALED_CHUNK - 1, HEADER_SIZE + SEALED_CHUNK,
      HEADER_SIZE + SEALED_CHUNK + 1, HEADER_SIZE + 2 * SEALED_CHUNK, HEADER_SIZE + 2 * SEALED_CHUNK + 16, size - 17, size - 16, size - 1];
    for (const length of positions(size, cuts, 6)) cases.push([`truncated to ${length}`, (dir) => truncateSync(join(dir, big.blobPath), length), [big]]);
    const edit = (transform: (chunks: Buffer[]) => Buffer[]) => (dir: string) => {
      const path = join(dir, big.blobPath);
      const { header, chunks } = blobChunks(path);
      writeBlob(path, header, transform(chunks));
    };
    cases.push(
      ['one zero byte appended', (dir) => appendFileSync(join(dir, big.blobPath), Buffer.alloc(1)), [big]],
      ['16 random bytes appended', (dir) => appendFileSync(join(dir, big.blobPath), randomBytes(16)), [big]],
      ['the final chunk repeated', edit((c) => [...c, c[2] as Buffer]), [big]],
      ['chunk 1 appended after the final chunk', edit((c) => [...c, c[0] as Buffer]), [big]],
      ['chunks 1 and 2 swapped', edit(([a, b, c]) => [b, a, c] as Buffer[]), [big]],
      ['chunk 1 duplicated', edit(([a, b, c]) => [a, a, b, c] as Buffer[]), [big]],
      ['chunk 2 dropped', edit(([a, , c]) => [a, c] as Buffer[]), [big]],
      ['final chunk dropped (clean chunk-boundary truncation)', edit(([a, b]) => [a, b] as Buffer[]), [big]],
      ['two blobs swapped', (dir) => {
        const a = join(dir, big.blobPath);
        const b = join(dir, small.blobPath);
        renameSync(a, `${a}.x`);
        renameSync(b, a);
        renameSync(`${a}.x`, b);
      }, [big, small]],
      ['another blob copied over it', (dir) => writeFileSync(join(dir, big.blobPath), readFileSync(join(dir, small.blobPath))), [big]],
      ['another blob transplanted with its header id rewritten', (dir) => {
        const donor = readFileSync(join(dir, small.blobPath));
        Buffer.from(big.blobPath.slice(-32), 'hex').copy(donor, 12);
        writeFileSync(join(dir, big.blobPath), donor);
      }, [big]],
    );
    const failures: string[] = [];
    for (const [label, mutate, damaged] of cases) {
      const failure = blobDamageFailure(await run(mutate), damaged, docs, 'TAMPERED');
      if (failure) failures.push(`${label}: ${failure}`);
    }
    expect(failures).toEqual([]);
  });

  it('substituted or damaged whole files are refused', async () => {
    scratch = fresh();
    const { other } = prepared;
    const size = statSync(join(prepared.dir, 'vault.db')).size;
    const cases: [string, (dir: string) => void, ErrorCode[]][] = [
      // The other vault's key file is wrapped for the other vault's recovery key: ours cannot unwrap it.
      ['vault.key of another vault', (dir) => writeFileSync(join(dir, 'vault.key'), readFileSync(join(other.dir, 'vault.key'))), ['WRONG_CREDENTIALS']],
      ['vault.db of another vault', (dir) => writeFileSync(join(dir, 'vault.db'), readFileSync(join(other.dir, 'vault.db'))), ['TAMPERED']],
      ['vault.db deleted', (dir) => rmSync(join(dir, 'vault.db')), ['CORRUPT']],
      ['vault.key emptied', (dir) => writeFileSync(join(dir, 'vault.key'), ''), ['CORRUPT']],
      ['vault.key replaced by JSON null', (dir) => writeFileSync(join(dir, 'vault.key'), 'null'), ['TAMPERED']],
    ];
    for (const length of [0, 1, 16, prepared.pageSize, size - prepared.pageSize, size - 1]) {
      cases.push([`vault.db truncated to ${length}`, (dir) => truncateSync(join(dir, 'vault.db'), length), TAMPER_CODES]);
    }
    // Not covered: bytes appended past the database size recorded in vault.db's header are never read
    // by SQLite and change nothing; the check does not look at them.
    const failures: string[] = [];
    for (const [label, mutate, allowed] of cases) {
      const failure = detectionFailure(await run(mutate), allowed);
      if (failure) failures.push(`${label}: ${failure}`);
    }
    expect(failures).toEqual([]);
  });

  it('the CLI reports a damaged database as tampered or corrupt (exit 4), whichever page is hit', async () => {
    scratch = fresh();
    const identityFile = writeIdentityFile(scratch, prepared.identity);
    const targets = { salt: 0, ...Object.fromEntries(Object.entries(prepared.rootPages).map(([name, page]) => [`${name} table`, (page - 1) * prepared.pageSize + 200])) };
    const exits: Record<string, number | null> = {};
    for (const [label, pos] of Object.entries(targets)) {
      const dir = join(scratch, label.replace(/\W/g, '-'));
      cpSync(prepared.dir, dir, { recursive: true });
      flipByte(join(dir, 'vault.db'), pos, 0x80);
      exits[label] = (await runCli(['check', '--vault', dir, '--identity', identityFile])).code;
    }
    expect(exits).toEqual(Object.fromEntries(Object.keys(targets).map((label) => [label, 4])));
  });

  it('a key file forged with a recomputed digest is caught by the roster signature, the wraps or the database', async () => {
    scratch = fresh();
    const flipB64 = (b64: string, at: number) => {
      const raw = Buffer.from(b64, 'base64');
      const pos = at < 0 ? raw.length + at : at;
      raw[pos] = (raw[pos] ?? 0) ^ 0x01;
      return raw.toString('base64');
    };
    const original = JSON.parse(readFileSync(join(prepared.dir, 'vault.key'), 'utf8')) as KeyFile;
    const recoveryLength = Buffer.from(original.body.recovery.wraps.common['1']!, 'base64').length;
    const otherRecipient = (await newRecoveryIdentity()).recipient;
    const foreignKey = randomBytes(32);
    const foreignWrap = (await wrapForRecipient(original.body.roster.recoveryRecipient, foreignKey)).toString('base64');
    type Case = [string, Parameters<typeof forgeKeyFile>[1], ErrorCode, 'recovery' | 'password'];
    const cases: Case[] = [];
    // The recovery key is checked against the roster's recipient first, so a wrap that then fails to open is tampering.
    for (const at of [0, 20, 60, recoveryLength >> 1, -17, -1]) {
      cases.push([`recovery wrap byte ${at} flipped`, (f) => void (f.body.recovery.wraps.common['1'] = flipB64(f.body.recovery.wraps.common['1']!, at)), 'TAMPERED', 'recovery']);
    }
    cases.push(
      // With the password the recovery wraps are not used: the slot's own wraps decide, and they are intact.
      // A flipped slot seal is a wrong password to the slot (AES-GCM fails before anything can be checked)…
      ['slot seal flipped, opened with the password', (f) => void (f.body.slots[0] && (f.body.slots[0].sealed = flipB64(f.body.slots[0].sealed, -1))), 'WRONG_CREDENTIALS', 'password'],
      // …but a flipped wrap after the seal opened is tampering.
      ['slot common-key wrap flipped, opened with the password', (f) => void (f.body.slots[0] && (f.body.slots[0].wraps.common['1'] = flipB64(f.body.slots[0].wraps.common['1']!, -1))), 'TAMPERED', 'password'],
      ['slot signing wrap flipped, opened with the password', (f) => void (f.body.slots[0] && (f.body.slots[0].wraps.signing = flipB64(f.body.slots[0].wraps.signing, -1))), 'TAMPERED', 'password'],
      ['slot lookup changed (not the roster’s)', (f) => void (f.body.slots[0] && (f.body.slots[0].lookup = '0'.repeat(64))), 'WRONG_CREDENTIALS', 'password'],
      ['Argon2 memory lowered below the floor', (f) => void (f.body.slots[0] && (f.body.slots[0].kdf.m = 1024)), 'TAMPERED', 'recovery'],
      ['roster: a member’s role raised', (f) => void (f.body.roster.members[0]!.role = 'admin'), 'TAMPERED', 'recovery'],
      ['roster: every member removed', (f) => void (f.body.roster.members = []), 'TAMPERED', 'recovery'],
      ['roster: recovery recipient replaced', (f) => void (f.body.roster.recoveryRecipient = otherRecipient), 'TAMPERED', 'recovery'],
      ['roster signature zeroed', (f) => void (f.body.rosterSig = Buffer.alloc(64).toString('base64')), 'TAMPERED', 'recovery'],
      ['creation date changed', (f) => void (f.body.roster.createdAt = '2020-01-01T00:00:00.000Z'), 'TAMPERED', 'recovery'],
      // Full forgery by someone holding no master key: the common key re-wrapped as one they chose. The key file
      // verifies (wraps are not signed), but vault.db was encrypted under the real key and refuses the forged one.
      ['common key substituted', (f) => void (f.body.recovery.wraps.common['1'] = foreignWrap), 'TAMPERED', 'recovery'],
    );
    const failures: string[] = [];
    for (const [label, edit, code, how] of cases) {
      const credentials = how === 'recovery' ? recovery : () => ({ staffName: STAFF_NAME, password: password() });
      const failure = detectionFailure(await run((dir) => forgeKeyFile(dir, edit), credentials), [code]);
      if (failure) failures.push(`${label}: ${failure}`);
    }
    expect(failures).toEqual([]);
  });
});
