import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorCode } from '../../src/shared/errors';
import { canonicalJson } from '../../src/main/core/crypto/canonical-json';
import { VaultError } from '../../src/main/core/errors';
import type { KeyFile } from '../../src/main/core/keys/key-file';
import { checkVault, type CheckProblem } from '../../src/main/core/services/check-service';
import { openVault, type Credentials } from '../../src/main/core/vault/unlock-vault';
import { sessionOf, sha256File, type PreparedDoc } from './vault-fixture';

export const HEADER_SIZE = 36;
export const SEALED_CHUNK = 64 * 1024 + 16;

export function flipByte(path: string, position: number, mask: number): void {
  const bytes = readFileSync(path);
  if (position < 0 || position >= bytes.length) throw new RangeError(`${path}: no byte ${position}`);
  bytes[position] = (bytes[position] ?? 0) ^ mask;
  writeFileSync(path, bytes);
}

/** A blob file split into its header and sealed chunks (ciphertext || tag). */
export function blobChunks(path: string): { header: Buffer; chunks: Buffer[] } {
  const bytes = readFileSync(path);
  const chunks: Buffer[] = [];
  for (let at = HEADER_SIZE; at < bytes.length; at += SEALED_CHUNK) chunks.push(bytes.subarray(at, at + SEALED_CHUNK));
  return { header: bytes.subarray(0, HEADER_SIZE), chunks };
}

export function writeBlob(path: string, header: Buffer, chunks: Buffer[]): void {
  writeFileSync(path, Buffer.concat([header, ...chunks]));
}

/** Character spans of every JSON string or number value in the key file text, by key name. */
export function keyFileValueSpans(text: string): { key: string; keyAt: number; start: number; end: number }[] {
  const spans = [];
  for (const m of text.matchAll(/"(\w+)": ("[^"]*"|\d+)/g)) {
    const keyAt = m.index + 1;
    const valueAt = m.index + m[0].length - (m[2]?.length ?? 0);
    const quoted = m[2]?.startsWith('"') ?? false;
    spans.push({ key: m[1] ?? '', keyAt, start: valueAt + (quoted ? 1 : 0), end: valueAt + (m[2]?.length ?? 0) - (quoted ? 1 : 0) });
  }
  return spans;
}

/**
 * Rewrites vault.key as an attacker who knows the format would: edits the body
 * and recomputes the keyless SHA-256 digest, so only the keyed MAC (or the
 * wrap itself) can catch the edit.
 */
export function forgeKeyFile(dir: string, edit: (file: KeyFile) => void): void {
  const path = join(dir, 'vault.key');
  const file = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  edit(file);
  file.digest = createHash('sha256').update(canonicalJson(file.body)).digest('hex');
  writeFileSync(path, `${JSON.stringify(file, null, 2)}\n`);
}

export type Outcome =
  | { kind: 'refused'; step: string; code: ErrorCode }
  | { kind: 'foreign'; step: string; error: string }
  | {
      kind: 'opened';
      problems: CheckProblem[];
      /** Per document: 'ok' (exported, right content), 'wrong-content', or the VaultError code. */
      exports: Record<string, string>;
      /** Previews of each document (readAll): 'ok', 'wrong-content' or the code. */
      previews: Record<string, string>;
      /** Files in the export folder that are not a successful export: partial output. */
      leftovers: string[];
    };

/** Names the error and the innermost frame of our own code that let it escape. */
function describeForeign(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string; stack?: string };
  const frames = (e?.stack ?? '').split('\n').filter((line) => line.includes('/src/main/'));
  const at = frames.map((line) => /at (?:async )?(\S+) .*\/(src\/main\/[^:]+:\d+)/.exec(line)).filter((m) => m !== null).map((m) => `${m[1]} (${m[2]})`);
  return `${e?.name ?? typeof err} ${e?.code ?? ''} ${e?.message ?? String(err)}${at.length ? ` via ${at.join(' < ')}` : ''}`.trim();
}

/** Copies the prepared vault, lets `mutate` damage the copy, then opens, checks, exports and previews every document. */
export async function attempt(
  template: string,
  caseDir: string,
  credentials: () => Credentials,
  docs: readonly PreparedDoc[],
  mutate: (dir: string) => void,
): Promise<Outcome> {
  const dir = join(caseDir, 'vault');
  const outDir = join(caseDir, 'out');
  rmSync(caseDir, { recursive: true, force: true });
  cpSync(template, dir, { recursive: true });
  mkdirSync(outDir);
  mutate(dir);
  let step = 'open';
  try {
    const vault = await openVault(dir, credentials());
    try {
      step = 'check';
      const report = await checkVault(vault);
      const exports: Record<string, string> = {};
      const previews: Record<string, string> = {};
      const documents = sessionOf(vault).documents;
      for (const doc of docs) {
        step = `export ${doc.key}`;
        exports[doc.key] = await documents.exportTo(doc.id, join(outDir, doc.key)).then(
          () => (sha256File(join(outDir, doc.key)) === doc.sha256 ? 'ok' : 'wrong-content'),
          (err: unknown) => {
            if (err instanceof VaultError) return err.code;
            throw err;
          },
        );
        step = `preview ${doc.key}`;
        previews[doc.key] = await documents.read(doc.id, 1 << 20).then(
          (data) => (createHash('sha256').update(data).digest('hex') === doc.sha256 ? 'ok' : 'wrong-content'),
          (err: unknown) => {
            if (err instanceof VaultError) return err.code;
            throw err;
          },
        );
      }
      const leftovers = readdirSync(outDir).filter((name) => exports[name] !== 'ok');
      step = 'close';
      return { kind: 'opened', problems: report.problems, exports, previews, leftovers };
    } finally {
      await vault.close();
    }
  } catch (err) {
    if (err instanceof VaultError) return { kind: 'refused', step, code: err.code };
    return { kind: 'foreign', step, error: describeForeign(err) };
  } finally {
    rmSync(caseDir, { recursive: true, force: true });
  }
}

/**
 * The verdict for damage that must be detected: refused with an allowed code,
 * or opened with the check reporting only allowed codes. Documents may still
 * export if their own data is intact, but only with the right content, and a
 * failed export leaves no file. Returns null when the damage was handled.
 */
export function detectionFailure(outcome: Outcome, allowed: readonly ErrorCode[]): string | null {
  switch (outcome.kind) {
    case 'foreign':
      return `threw a non-VaultError at ${outcome.step}: ${outcome.error}`;
    case 'refused':
      return allowed.includes(outcome.code) ? null : `refused at ${outcome.step} with ${outcome.code}, expected one of ${allowed.join('/')}`;
    case 'opened': {
      if (outcome.problems.length === 0) return 'NOT DETECTED: opened and the check passed';
      const bad = outcome.problems.filter((p) => !allowed.includes(p.code as ErrorCode));
      if (bad.length > 0) return `check reported ${JSON.stringify(bad)}`;
      const wrongExports = Object.entries({ ...outcome.exports, ...outcome.previews }).filter(
        ([, result]) => result !== 'ok' && !allowed.includes(result as ErrorCode),
      );
      if (wrongExports.length > 0) return `export/preview gave ${JSON.stringify(wrongExports)}`;
      if (outcome.leftovers.length > 0) return `partial export left behind: ${outcome.leftovers.join(', ')}`;
      return null;
    }
    default: {
      const unreachable: never = outcome;
      return String(unreachable);
    }
  }
}

/**
 * Stricter verdict for a damaged blob: the vault opens, the check names
 * exactly the damaged documents with `code`, their export and preview fail
 * with `code` and leave nothing behind, and every other document is intact.
 */
export function blobDamageFailure(outcome: Outcome, damaged: readonly PreparedDoc[], all: readonly PreparedDoc[], code: ErrorCode): string | null {
  if (outcome.kind !== 'opened') return detectionFailure(outcome, []) ?? `refused to open: ${JSON.stringify(outcome)}`;
  const expected = damaged.map((d) => d.id).sort();
  const reported = outcome.problems.map((p) => `${p.kind}:${p.code}:${/document ([0-9a-f]{32})/.exec(p.what)?.[1] ?? p.what}`).sort();
  const want = damaged.map((d) => `blob:${code}:${d.id}`).sort();
  if (JSON.stringify(reported) !== JSON.stringify(want)) return `check reported ${JSON.stringify(reported)}, expected ${JSON.stringify(want)}`;
  for (const doc of all) {
    const hit = expected.includes(doc.id);
    const expect = hit ? code : 'ok';
    if (outcome.exports[doc.key] !== expect) return `export of ${doc.key} gave ${outcome.exports[doc.key]}, expected ${expect}`;
    if (outcome.previews[doc.key] !== expect) return `preview of ${doc.key} gave ${outcome.previews[doc.key]}, expected ${expect}`;
  }
  if (outcome.leftovers.length > 0) return `partial export left behind: ${outcome.leftovers.join(', ')}`;
  return null;
}
