import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { planSampleData, renderPlannedDocument } from '../../../../src/main/core/demo/generator';
import { seedSampleData } from '../../../../src/main/core/demo/seed-vault';
import { createVault } from '../../../../src/main/core/vault/create-vault';
import { openVault } from '../../../../src/main/core/vault/unlock-vault';
import { VaultSession } from '../../../../src/main/core/vault/session';
import { isValidCreditCode } from '../../../../src/shared/credit-code';

describe('sample data', () => {
  it('is reproducible from a seed and differs across seeds', () => {
    const a = planSampleData({ clients: 20, documents: 60, seed: 7 });
    const b = planSampleData({ clients: 20, documents: 60, seed: 7 });
    const c = planSampleData({ clients: 20, documents: 60, seed: 8 });
    expect(a).toEqual(b);
    expect(a.clients.map((x) => x.name)).not.toEqual(c.clients.map((x) => x.name));
    expect(renderPlannedDocument(a, 5).equals(renderPlannedDocument(b, 5))).toBe(true);
  });

  it('has Chinese company names with valid, unique credit codes and every client has a document', () => {
    const plan = planSampleData({ clients: 200, documents: 400 });
    expect(new Set(plan.clients.map((c) => c.creditCode)).size).toBe(200);
    for (const c of plan.clients) {
      expect(isValidCreditCode(c.creditCode), c.creditCode).toBe(true);
      expect(c.name).toMatch(/^[\u4e00-\u9fff（）]+$/);
      expect(c.phone).toMatch(/^1\d{10}$/);
    }
    expect(new Set(plan.documents.map((d) => d.clientIndex)).size).toBe(200);
  });

  it('renders real PDFs, PNGs and CSVs', () => {
    const plan = planSampleData({ clients: 8, documents: 64 });
    for (let i = 0; i < plan.documents.length; i++) {
      const doc = plan.documents[i]!;
      const bytes = renderPlannedDocument(plan, i);
      if (doc.name.endsWith('.pdf')) {
        expect(bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
        const text = bytes.toString('latin1');
        const xref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
        expect(text.slice(xref, xref + 4)).toBe('xref');
      } else if (doc.name.endsWith('.png')) {
        expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
        const idatLen = bytes.readUInt32BE(33);
        expect(inflateSync(bytes.subarray(41, 41 + idatLen)).length).toBeGreaterThan(1000);
      } else {
        expect(bytes.toString('utf8')).toContain('交易日期');
      }
    }
  });

  it('pads documents to realistic sizes when asked', () => {
    const plan = planSampleData({ clients: 4, documents: 40, realisticSizes: true });
    const pdfs = plan.documents.map((d, i) => [d, i] as const).filter(([d]) => d.name.endsWith('.pdf'));
    for (const [doc, i] of pdfs.slice(0, 5)) {
      expect(Math.abs(renderPlannedDocument(plan, i).length - doc.size)).toBeLessThan(200);
    }
  });

  it('seeds a vault with everything marked as sample data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zd-demo-'));
    try {
      const { vault: v, recoveryIdentity } = await createVault(join(dir, 'v'), { staffName: '张会计', password: Buffer.from('correct horse') });
      await v.close();
      const vault = await openVault(join(dir, 'v'), { recoveryIdentity });
      const session = new VaultSession(vault, () => 'zh-CN');
      const result = await seedSampleData(session, { clients: 6, documents: 18 });
      expect(result.clients).toBe(6);
      const page = session.clients.list({ query: '', label: null, status: 'active', sort: 'name', offset: 0, limit: 50 });
      expect(page.total).toBe(6);
      expect(page.items.every((c) => c.sample)).toBe(true);
      const docs = page.items.flatMap((c) => session.documents.list(c.id));
      expect(docs.length).toBe(result.documents);
      expect(docs.every((d) => d.sample)).toBe(true);
      await vault.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
