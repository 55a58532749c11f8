import pg from 'pg';
import { VaultError } from '../errors';
import { SERVER_MIGRATIONS, SERVER_SCHEMA_VERSION } from './server-schema';

/**
 * All SQL the client sends to the sync server (PostgreSQL). Bound parameters
 * only; the server sees ids, numbers, signatures and ciphertext (see
 * server-schema.ts). Every method maps a lost connection to SERVER_UNREACHABLE.
 */

/** One lock id for schema changes and pushes: pushes commit in the order they number rows. */
const PUSH_LOCK = 0x7a64_7379;

/** What every pushed row carries: its place on the server and in its device's stream, and who vouches for it. */
interface PushedRow {
  serverSeq: number;
  device: string;
  devSeq: number;
  pusher: string;
  rosterVersion: number;
  envSig: Buffer;
}

export interface ServerRecordRow extends PushedRow {
  kind: string;
  id: string;
  clientId: string;
  rev: number;
  keyVersion: number;
  author: string;
  blobId: string | null;
  blobHash: string | null;
  wrappedKey: Buffer | null;
  size: number | null;
  dupTag: Buffer | null;
  body: Buffer;
  sig: Buffer;
}

export interface ServerTombstoneRow extends PushedRow {
  kind: string;
  id: string;
  clientId: string;
  /** The highest revision the deletion covers. */
  rev: number;
}

export interface ServerWrapRow extends PushedRow {
  clientId: string;
  keyVersion: number;
  holder: string;
  wrapped: Buffer;
  grantedBy: string | null;
}

export type PulledRow = ({ table: 'records' } & ServerRecordRow) | ({ table: 'tombstones' } & ServerTombstoneRow) | ({ table: 'key_wraps' } & ServerWrapRow);

export interface BlobInfo {
  hash: string;
  size: number;
  chunkSize: number;
  complete: boolean;
}

function unreachable(err: unknown): unknown {
  if (err instanceof VaultError) return err;
  const code = (err as { code?: string } | undefined)?.code;
  // Connection-level failures (no server, refused, reset, auth): a person can act on these; SQL errors stay as they are.
  if (typeof code === 'string' && (/^(E[A-Z]+|08...|28...|57P0.)$/.test(code) || code === '3D000')) return new VaultError('SERVER_UNREACHABLE', {}, { cause: err });
  if (err instanceof Error && /Connection terminated|connect ECONNREFUSED|timeout/i.test(err.message)) return new VaultError('SERVER_UNREACHABLE', {}, { cause: err });
  return err;
}

const num = (v: unknown): number => Number(v);

/** int8 columns arrive as strings; every number a pulled row holds fits a double. */
const INT8_COLUMNS = new Set(['server_seq', 'dev_seq', 'size']);

/** A pulled row with its columns named as the row types name them (server_seq → serverSeq). */
function camelRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) out[column.replace(/_(\w)/g, (_, c: string) => c.toUpperCase())] = INT8_COLUMNS.has(column) && value !== null ? num(value) : value;
  return out;
}

/** Inside a push's transaction. */
export interface PushTx {
  /** The highest counter the server holds for this device (0: none). */
  lastDevSeq(device: string): Promise<number>;
  /** The highest revision of a record the server holds (0: none). */
  maxRev(kind: string, id: string): Promise<number>;
  /** false: the server already has this revision (a push retried after a crash). */
  insertRecord(row: Omit<ServerRecordRow, 'serverSeq'>): Promise<boolean>;
  insertTombstone(row: Omit<ServerTombstoneRow, 'serverSeq'>): Promise<boolean>;
  insertWrap(row: Omit<ServerWrapRow, 'serverSeq'>): Promise<boolean>;
}

export class ServerRepository {
  private constructor(private readonly client: pg.Client) {}

  static async connect(url: string): Promise<ServerRepository> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000, application_name: 'zhangdun' });
    // An error after connect (the server going away) is surfaced by the next query; unhandled it would end the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
    } catch (err) {
      await client.end().catch(() => undefined);
      throw unreachable(err);
    }
    return new ServerRepository(client);
  }

  /**
   * Calls `onChange` whenever another connection inserts into a pulled table (NOTIFY zd_sync), on a
   * connection of its own; the returned function stops listening. A lost connection calls `onLost`.
   */
  static async listen(url: string, onChange: () => void, onLost: () => void): Promise<() => Promise<void>> {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 15_000, application_name: 'zhangdun-listen' });
    let stopped = false;
    client.on('error', () => {
      if (!stopped) onLost();
    });
    client.on('end', () => {
      if (!stopped) onLost();
    });
    client.on('notification', () => onChange());
    try {
      await client.connect();
      await client.query('LISTEN zd_sync');
    } catch (err) {
      stopped = true;
      await client.end().catch(() => undefined);
      throw unreachable(err);
    }
    return async () => {
      stopped = true;
      await client.end().catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    await this.client.end().catch(() => undefined);
  }

  private async q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<pg.QueryResult<R>> {
    try {
      return await this.client.query<R>(sql, params);
    } catch (err) {
      throw unreachable(err);
    }
  }

  private async tx<T>(fn: () => Promise<T>, mode = 'BEGIN'): Promise<T> {
    await this.q(mode);
    try {
      const result = await fn();
      await this.q('COMMIT');
      return result;
    } catch (err) {
      await this.client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  /** The schema version the server holds (0: none yet). */
  async schemaVersion(): Promise<{ version: number; vaultId: string | null }> {
    const exists = await this.q<{ t: string | null }>("SELECT to_regclass('zd_schema')::text AS t");
    if (!exists.rows[0]?.t) return { version: 0, vaultId: null };
    const row = (await this.q<{ version: number; vault_id: string }>('SELECT version, vault_id FROM zd_schema WHERE id = 1')).rows[0];
    return row ? { version: row.version, vaultId: row.vault_id } : { version: 0, vaultId: null };
  }

  /**
   * Brings the server's tables up to this client's version in one transaction, bound to one vault:
   * a server holding another vault, or a schema from a newer client, is refused.
   */
  async applySchema(vaultId: string): Promise<number> {
    return this.tx(async () => {
      await this.q('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      await this.q('CREATE TABLE IF NOT EXISTS zd_schema (id integer PRIMARY KEY CHECK (id = 1), version integer NOT NULL, vault_id text NOT NULL)');
      const row = (await this.q<{ version: number; vault_id: string }>('SELECT version, vault_id FROM zd_schema WHERE id = 1')).rows[0];
      if (row && row.vault_id !== vaultId) throw new VaultError('ALREADY_EXISTS', { what: 'another vault on this server' });
      const current = row?.version ?? 0;
      if (current > SERVER_SCHEMA_VERSION) throw new VaultError('FUTURE_VERSION', { what: 'server' });
      for (const m of SERVER_MIGRATIONS) if (m.version > current) await this.q(m.sql);
      await this.q(
        'INSERT INTO zd_schema (id, version, vault_id) VALUES (1, $1, $2) ON CONFLICT (id) DO UPDATE SET version = excluded.version',
        [SERVER_SCHEMA_VERSION, vaultId],
      );
      return SERVER_SCHEMA_VERSION;
    });
  }

  /** Refuses a server not set up for this vault, or set up by a newer client. */
  async checkSchema(vaultId: string): Promise<void> {
    const { version, vaultId: held } = await this.schemaVersion();
    if (version > SERVER_SCHEMA_VERSION) throw new VaultError('FUTURE_VERSION', { what: 'server' });
    if (version === 0 || held !== vaultId) throw new VaultError('NOT_FOUND', { what: 'server vault' });
    if (version < SERVER_SCHEMA_VERSION) await this.applySchema(vaultId);
  }

  async registerDevice(device: string, member: string, publicKey: Buffer | null, enrolledBy: string | null): Promise<void> {
    await this.q(
      'INSERT INTO devices (device_id, member, public_key, enrolled_by) VALUES ($1, $2, $3, $4) ON CONFLICT (device_id) DO NOTHING',
      [device, member, publicKey, enrolledBy],
    );
  }

  /** Runs `fn` in one transaction holding the push lock. */
  push<T>(fn: (tx: PushTx) => Promise<T>): Promise<T> {
    const tx: PushTx = {
      lastDevSeq: async (device) => {
        const r = await this.q<{ m: string | null }>(
          `SELECT greatest((SELECT max(dev_seq) FROM records WHERE device = $1), (SELECT max(dev_seq) FROM tombstones WHERE device = $1),
             (SELECT max(dev_seq) FROM key_wraps WHERE device = $1))::text AS m`,
          [device],
        );
        return num(r.rows[0]?.m ?? 0);
      },
      maxRev: async (kind, id) => num((await this.q<{ m: number | null }>('SELECT max(rev) AS m FROM records WHERE kind = $1 AND id = $2', [kind, id])).rows[0]?.m ?? 0),
      insertRecord: async (r) =>
        (
          await this.q(
            `INSERT INTO records (device, dev_seq, kind, id, client_id, rev, key_version, author, pusher, blob_id, blob_hash, wrapped_key, size, dup_tag, body,
               sig, roster_version, env_sig)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) ON CONFLICT (kind, id, rev, sig) DO NOTHING`,
            [r.device, r.devSeq, r.kind, r.id, r.clientId, r.rev, r.keyVersion, r.author, r.pusher, r.blobId, r.blobHash, r.wrappedKey, r.size, r.dupTag, r.body, r.sig, r.rosterVersion, r.envSig],
          )
        ).rowCount === 1,
      insertTombstone: async (r) =>
        (
          await this.q(
            `INSERT INTO tombstones (device, dev_seq, kind, id, client_id, rev, pusher, roster_version, env_sig)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (kind, id, rev) DO NOTHING`,
            [r.device, r.devSeq, r.kind, r.id, r.clientId, r.rev, r.pusher, r.rosterVersion, r.envSig],
          )
        ).rowCount === 1,
      insertWrap: async (r) =>
        (
          await this.q(
            `INSERT INTO key_wraps (device, dev_seq, client_id, key_version, holder, wrapped, granted_by, pusher, roster_version, env_sig)
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) ON CONFLICT (client_id, key_version, holder) DO NOTHING`,
            [r.device, r.devSeq, r.clientId, r.keyVersion, r.holder, r.wrapped, r.grantedBy, r.pusher, r.rosterVersion, r.envSig],
          )
        ).rowCount === 1,
    };
    return this.tx(async () => {
      await this.q('SELECT pg_advisory_xact_lock($1)', [PUSH_LOCK]);
      return fn(tx);
    });
  }

  /**
   * Rows of every pulled table numbered above `after`, in number order, at most about `limit`
   * (one snapshot, so the three tables agree). `upTo`: the number the next pull starts after;
   * `more`: a table had more rows than the limit.
   */
  async pull(after: number, limit: number): Promise<{ rows: PulledRow[]; upTo: number; more: boolean }> {
    return this.tx(async () => {
      const records = (
        await this.q<Record<string, unknown>>(
          `SELECT server_seq, device, dev_seq, kind, id, client_id, rev, key_version, author, pusher, blob_id, blob_hash, wrapped_key, size, dup_tag, body, sig,
             roster_version, env_sig FROM records WHERE server_seq > $1 ORDER BY server_seq LIMIT $2`,
          [after, limit],
        )
      ).rows;
      const tombstones = (
        await this.q<Record<string, unknown>>(
          `SELECT server_seq, device, dev_seq, kind, id, client_id, rev, pusher, roster_version, env_sig FROM tombstones
           WHERE server_seq > $1 ORDER BY server_seq LIMIT $2`,
          [after, limit],
        )
      ).rows;
      const wraps = (
        await this.q<Record<string, unknown>>(
          `SELECT server_seq, device, dev_seq, client_id, key_version, holder, wrapped, granted_by, pusher, roster_version, env_sig FROM key_wraps
           WHERE server_seq > $1 ORDER BY server_seq LIMIT $2`,
          [after, limit],
        )
      ).rows;
      // A table that filled its limit may hold more below another table's last row: stop at the lowest such end.
      let upTo = Infinity;
      for (const t of [records, tombstones, wraps]) if (t.length === limit) upTo = Math.min(upTo, num(t[t.length - 1]!.server_seq));
      const rows: PulledRow[] = [
        ...records.map((r) => ({ table: 'records', ...camelRow(r) }) as PulledRow),
        ...tombstones.map((r) => ({ table: 'tombstones', ...camelRow(r) }) as PulledRow),
        ...wraps.map((r) => ({ table: 'key_wraps', ...camelRow(r) }) as PulledRow),
      ]
        .filter((r) => r.serverSeq <= upTo)
        .sort((a, b) => a.serverSeq - b.serverSeq);
      const last = rows[rows.length - 1]?.serverSeq ?? after;
      return { rows, upTo: upTo === Infinity ? last : upTo, more: upTo !== Infinity };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  // ---- the key file, in parts: the signed roster and what surrounds it, and one sealed slot per member ----

  /** Stores vault.key as of this roster version (its slots may change without a new version: a password change). */
  async putKeyFile(version: number, epoch: string, rest: unknown, signature: Buffer, slots: { id: string; part: Buffer }[]): Promise<void> {
    await this.tx(async () => {
      await this.q(
        `INSERT INTO rosters (version, epoch, roster, signature) VALUES ($1, $2, $3, $4)
         ON CONFLICT (version) DO UPDATE SET epoch = excluded.epoch, roster = excluded.roster, signature = excluded.signature, received_at = now()`,
        [version, epoch, JSON.stringify(rest), signature],
      );
      await this.q('DELETE FROM key_file_parts');
      for (const slot of slots) await this.q('INSERT INTO key_file_parts (slot_id, part) VALUES ($1, $2)', [slot.id, slot.part]);
    });
  }

  /** The newest roster version the server holds (0: none). */
  async keyFileVersion(): Promise<number> {
    return num((await this.q<{ v: number | null }>('SELECT max(version) AS v FROM rosters')).rows[0]?.v ?? 0);
  }

  /** The newest roster with everything around it, and every slot. */
  async keyFile(): Promise<{ rest: unknown; slots: Map<string, Buffer> } | null> {
    return this.tx(async () => {
      const row = (await this.q<{ roster: unknown }>('SELECT roster FROM rosters ORDER BY version DESC LIMIT 1')).rows[0];
      if (!row) return null;
      const parts = (await this.q<{ slot_id: string; part: Buffer }>('SELECT slot_id, part FROM key_file_parts')).rows;
      return { rest: row.roster, slots: new Map(parts.map((p) => [p.slot_id, p.part])) };
    }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  async addJoinCode(codeId: string, member: string, expiresAt: Date): Promise<void> {
    await this.q('INSERT INTO join_codes (code_id, member, expires_at) VALUES ($1, $2, $3)', [codeId, member, expiresAt]);
  }

  /** Marks a join code used by `device`; false when it is unknown, used already or expired. */
  async claimJoinCode(codeId: string, device: string): Promise<boolean> {
    const r = await this.q('UPDATE join_codes SET used_at = now(), used_by = $2 WHERE code_id = $1 AND used_at IS NULL AND expires_at > now()', [codeId, device]);
    return r.rowCount === 1;
  }

  // ---- blobs, content-addressed by the SHA-256 of their ciphertext ----

  async blobInfo(hash: string): Promise<BlobInfo | null> {
    const r = (await this.q<{ hash: string; size: string; chunk_size: number; complete: boolean }>('SELECT hash, size, chunk_size, complete FROM blobs WHERE hash = $1', [hash])).rows[0];
    return r ? { hash: r.hash, size: num(r.size), chunkSize: r.chunk_size, complete: r.complete } : null;
  }

  async createBlob(hash: string, size: number, chunkSize: number): Promise<void> {
    await this.q('INSERT INTO blobs (hash, size, chunk_size) VALUES ($1, $2, $3) ON CONFLICT (hash) DO NOTHING', [hash, size, chunkSize]);
  }

  /** The chunk numbers the server holds of a blob (an interrupted upload resumes after them). */
  async chunksHeld(hash: string): Promise<Set<number>> {
    const rows = (await this.q<{ n: number }>('SELECT n FROM blob_chunks WHERE hash = $1', [hash])).rows;
    return new Set(rows.map((r) => r.n));
  }

  async putChunk(hash: string, n: number, data: Buffer): Promise<void> {
    await this.q('INSERT INTO blob_chunks (hash, n, data) VALUES ($1, $2, $3) ON CONFLICT (hash, n) DO NOTHING', [hash, n, data]);
  }

  async markBlobComplete(hash: string): Promise<void> {
    await this.q('UPDATE blobs SET complete = true WHERE hash = $1', [hash]);
  }

  async chunk(hash: string, n: number): Promise<Buffer | null> {
    const r = (await this.q<{ data: Buffer }>('SELECT data FROM blob_chunks WHERE hash = $1 AND n = $2', [hash, n])).rows[0];
    return r?.data ?? null;
  }
}

export { SERVER_SCHEMA_VERSION };
