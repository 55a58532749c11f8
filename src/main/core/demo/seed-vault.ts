import { clientInputSchema, documentFieldsSchema } from '../../../shared/contract';
import type { VaultSession } from '../vault/session';
import { planSampleData, renderPlannedDocument } from './generator';

export interface SeedResult {
  clients: number;
  documents: number;
}

/**
 * Fills an open vault with sample clients and documents, every one marked as
 * sample data, so a new user (or a screenshot) sees a living vault.
 */
export async function seedSampleData(
  session: VaultSession,
  options: { clients?: number; documents?: number; seed?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<SeedResult> {
  const plan = planSampleData({ clients: options.clients ?? 36, documents: options.documents ?? 180, ...(options.seed ? { seed: options.seed } : {}) });
  const ids: string[] = [];
  for (const c of plan.clients) {
    const input = clientInputSchema.parse({
      name: c.name,
      creditCode: c.creditCode,
      taxpayerType: c.taxpayerType,
      contactPerson: c.contactPerson,
      phone: c.phone,
      address: c.address,
      bankAccount: c.bankAccount,
      serviceStart: c.serviceStart,
      notes: '示例数据',
      label: c.label,
    });
    const existing = session.vault.view.clients.byCreditCode(c.creditCode);
    ids.push(existing ? existing.id : session.clients.create(input, { sample: true }).id);
  }
  let documents = 0;
  for (const [index, doc] of plan.documents.entries()) {
    const clientId = ids[doc.clientIndex];
    if (!clientId) continue;
    const outcome = await session.documents.importBytes(
      clientId,
      doc.name,
      renderPlannedDocument(plan, index),
      { ...documentFieldsSchema.parse({ category: doc.category, periodYear: doc.periodYear, periodMonth: doc.periodMonth, tags: doc.tags, notes: '示例数据' }), sample: true },
    );
    if (outcome.status === 'imported') documents++;
    options.onProgress?.(index + 1, plan.documents.length);
  }
  return { clients: plan.clients.length, documents };
}
