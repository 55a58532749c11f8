import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DIRECT_CAP, firstMatches, INDEX_CAP, PROBE_ROWS, type SearchPlans } from '../../../../src/main/core/repositories/search-plan';
import type { OpenVault } from '../../../../src/main/core/vault/open-vault';
import type { VaultSession } from '../../../../src/main/core/vault/session';
import { parsePeriod } from '../../../../src/main/core/services/search-service';
import { transact } from '../../../../src/main/core/db/transact';
import { clientInputSchema } from '../../../../src/shared/contract';
import { createTestVault, openWithRecovery, sessionOf } from '../../../helpers/vault-fixture';

/** The plans each search ran, one list per call of the chooser (recorded by wrapping the real one). */
const planLog = vi.hoisted(() => [] as string[][]);
vi.mock('../../../../src/main/core/repositories/search-plan', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../src/main/core/repositories/search-plan')>();
  return {
    ...actual,
    firstMatches: <T>(plans: SearchPlans<T>, limit: number): T[] => {
      const ran: string[] = [];
      planLog.push(ran);
      return actual.firstMatches(
        {
          ...plans,
          probe: (rows, max) => (ran.push('probe'), plans.probe(rows, max)),
          walk: (max) => (ran.push('walk'), plans.walk(max)),
          indexed: (max) => (ran.push('indexed'), plans.indexed(max)),
        },
        limit,
      );
    },
  };
});

describe('choosing how to find the first page', () => {
  const fake = (size: number, probed: number, candidates: number | null) => {
    const ran: string[] = [];
    const page = (n: number) => Array.from({ length: n }, (_, i) => i);
    const plans: SearchPlans<number> = {
      probe: (rows, limit) => (ran.push('probe'), page(Math.min(probed, limit, rows))),
      longerThan: (rows) => size > rows,
      candidates: (cap) => (candidates === null ? null : Math.min(candidates, cap)),
      walk: (limit) => (ran.push('walk'), page(limit)),
      indexed: (limit) => (ran.push('indexed'), page(Math.min(limit, candidates ?? 0))),
    };
    return { plans, ran };
  };

  it.each([
    // list size, matches among the probed rows, index candidates (null: no index) → the plan that answers
    [100_000, 50, 90_000, 'probe'],
    [PROBE_ROWS, 3, 3, 'probe'],
    [100_000, 40, 10_000, 'walk'],
    [100_000, 0, INDEX_CAP, 'walk'],
    [100_000, 0, INDEX_CAP - 1, 'indexed'],
    [100_000, 30, 40, 'indexed'],
    [100_000, 0, 0, 'indexed'],
    [100_000, 0, null, 'walk'],
    // Few candidates: the index at once, even where the probe would have found a page.
    [100_000, 50, DIRECT_CAP - 1, 'indexed'],
    [100_000, 50, DIRECT_CAP, 'probe'],
    // A probe's few matches say a walk is long: 400 candidates (4,000 rows' worth) beat 50 × 1,000 / 10 rows;
    // its many matches say a walk is short: 200 candidates (2,000 rows' worth) lose to 50 × 1,000 / 40.
    [100_000, 10, 400, 'indexed'],
    [100_000, 40, 200, 'walk'],
  ])('list of %i, %i probed matches, %s candidates → %s', (size, probed, candidates, expected) => {
    const { plans, ran } = fake(size, probed, candidates);
    firstMatches(plans, 50);
    expect(ran.at(-1)).toBe(expected);
    // The probe runs only when the index alone would cost more (or cannot answer).
    const direct = size > PROBE_ROWS && candidates !== null && candidates < DIRECT_CAP;
    expect(ran.includes('probe')).toBe(!direct);
  });
});

/**
 * Every plan must give the page a plain scan gives: the first 50 matches in
 * list order. 20,000 documents make the probe, the walk and the index each
 * the cheapest for some term.
 */
describe('search plans against a plain scan', () => {
  let dir: string;
  let vault: OpenVault;
  let s: VaultSession;
  const DOCS = 20_000;
  const docs: { id: string; name: string; category: string; year: number; month: number; updatedAt: string; status: string }[] = [];
  const clients: { name: string; archived: boolean }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'zd-plan-'));
    const created = await createTestVault(join(dir, 'vault'));
    await created.vault.close();
    vault = await openWithRecovery(join(dir, 'vault'), created.recoveryIdentity);
    s = sessionOf(vault);
    const clientIds: string[] = [];
    const toArchive: string[] = [];
    vault.write(() => {
      for (let i = 0; i < 3000; i++) {
        // 有限公司 everywhere, 科技 in 2 % (first by name), 闽江 in three clients only.
        const name = `${i % 50 === 0 ? '科技' : '贸易'}${i % 1000 === 7 ? '闽江' : ''}第${i}号有限公司`;
        const id = s.clients.create(clientInputSchema.parse({ name })).id;
        // Some archived clients, listed after every active one.
        const archived = i % 100 === 1 || i === 7;
        if (archived) toArchive.push(id);
        clients.push({ name, archived });
        clientIds.push(id);
      }
    });
    // A unit of work reads the view as last committed: archiving is a second one.
    vault.write(() => toArchive.forEach((id) => s.clients.setArchived(id, true)));
    const base = Date.parse('2025-01-01T00:00:00Z');
    // Straight into the view (what the searches read): sealing 20,000 records is not what this test is about.
    transact(vault.view.db, () => {
      for (let i = 0; i < DOCS; i++) {
        // 凭证 in 60 %, 回单 in 4 %, 合同 in 0.5 %, 营业执照 only in the oldest 400, 绝无 nowhere.
        const name = [i % 5 < 3 ? '凭证' : '其他', i % 25 === 0 ? '回单' : '', i % 200 === 3 ? '合同' : '', i < 400 ? '营业执照' : ''].join('-');
        // Three documents share each timestamp: the order must still be one order.
        const updatedAt = new Date(base + Math.floor(i / 3) * 1000).toISOString();
        const row = {
          id: randomBytes(16).toString('hex'),
          clientId: clientIds[i % clientIds.length]!,
          blobId: randomBytes(16).toString('hex'),
          keyVersion: 1,
          rev: 1,
          name,
          category: i % 7 === 0 ? '银行对账单' : '凭证',
          periodYear: 2023 + (i % 3),
          periodMonth: 1 + (i % 12),
          tags: '[]',
          notes: '',
          size: 10,
          sha256: randomBytes(32).toString('hex'),
          mime: 'application/pdf',
          status: (i % 97 === 0 ? 'trashed' : 'active') as 'trashed' | 'active',
          sample: 1,
          createdBy: vault.staff.id,
          createdAt: updatedAt,
          updatedAt,
          trashedAt: null,
        };
        vault.view.documents.upsert(row);
        docs.push({ id: row.id, name, category: row.category, year: row.periodYear, month: row.periodMonth, updatedAt, status: row.status });
      }
    });
  }, 120_000);
  afterAll(async () => {
    await vault.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Which plan answered (for clients, the search among active ones); a period goes straight to its index. */
  const planOf = (run: () => void): string => {
    planLog.length = 0;
    run();
    return planLog[0]?.at(-1) ?? 'period index';
  };

  it.each([
    ['凭证', 'probe'],
    ['回单', 'walk'],
    ['合同', 'indexed'],
    ['营业执照', 'indexed'],
    ['绝无', 'indexed'],
    ['2024年5月', 'period index'],
    ['2023年1月', 'period index'],
    ['2024年', 'period index'],
  ])('documents %j: the plain scan’s page (by the %s plan)', (q, plan) => {
    const rowids = new Map((vault.view.db.prepare('SELECT id, rowid AS r FROM documents').all() as { id: string; r: number }[]).map((r) => [r.id, r.r]));
    const period = parsePeriod(q);
    const expected = docs
      .filter((d) => d.status === 'active' && (period ? d.year === period.year && (period.month === null || d.month === period.month) : d.name.includes(q) || d.category.includes(q)))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || rowids.get(b.id)! - rowids.get(a.id)!)
      .slice(0, 50)
      .map((d) => d.id);
    let got: string[] = [];
    const used = planOf(() => {
      got = vault.view.documents.search(q, period, 50).map((d) => d.id);
    });
    expect(got).toEqual(expected);
    expect(used).toBe(plan);
  });

  it.each([
    ['有限公司', 'probe'],
    ['科技', 'indexed'],
    ['闽江', 'indexed'],
    ['第2999号', 'indexed'],
    // 第 and 号 are in every name, but the pairs 第1 and 1号 narrow it to the few names that hold 第1号.
    ['第1号', 'indexed'],
    ['贸易', 'probe'],
  ])('clients %j: the plain scan’s page (by the %s plan)', (q, plan) => {
    const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    const matching = clients.filter((c) => c.name.includes(q));
    const expected = [
      ...matching.filter((c) => !c.archived).map((c) => c.name).sort(byName),
      ...matching.filter((c) => c.archived).map((c) => c.name).sort(byName),
    ].slice(0, 50);
    let got: string[] = [];
    const used = planOf(() => {
      got = vault.view.clients.search(q, 50).map((c) => c.name);
    });
    expect(got).toEqual(expected);
    expect(used).toBe(plan);
  });
});
