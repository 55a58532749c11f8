import type { Label, TaxpayerType } from '../../../shared/domain';
import { KIND_INFO, SAMPLE_KINDS, renderSample, type SampleKind } from './documents';
import { sampleCompany, type SampleCompany } from './names';
import { Random } from './random';

export interface SampleClient extends SampleCompany {
  label: Label;
  taxpayerType: TaxpayerType;
  serviceStart: string;
}

export interface SampleDocument {
  clientIndex: number;
  kind: SampleKind;
  name: string;
  category: string;
  periodYear: number;
  periodMonth: number;
  tags: string[];
  /** Target size in bytes (PDFs are padded to it; images and CSV have their natural size). */
  size: number;
}

export interface SamplePlan {
  seed: number;
  clients: SampleClient[];
  documents: SampleDocument[];
}

export interface PlanOptions {
  clients: number;
  documents: number;
  seed?: number;
  /** Give documents realistic weights: many small scans, some multi-MB PDFs, a few large files. */
  realisticSizes?: boolean;
  /** Year the sample periods end in. */
  year?: number;
}

const TAGS = ['已审核', '待补充', '季度', '年报', '重要', '原件已归档', '电子发票', '工行', '建行', '招行'];
const LABEL_WEIGHTS: Label[] = ['internal', 'internal', 'internal', 'confidential', 'confidential', 'public', 'secret'];

/** Size mix for benchmarks: 70% small (20–300 KiB), 25% 1–4 MiB, 5% 8–24 MiB. */
function realisticSize(rng: Random): number {
  const r = rng.next();
  if (r < 0.7) return rng.int(20, 300) * 1024;
  if (r < 0.95) return rng.int(1024, 4096) * 1024;
  return rng.int(8, 24) * 1024 * 1024;
}

/** A reproducible plan of sample clients and documents; the same seed gives the same plan. */
export function planSampleData(options: PlanOptions): SamplePlan {
  const seed = options.seed ?? 20261126;
  const rng = new Random(seed);
  const endYear = options.year ?? 2026;
  const clients: SampleClient[] = [];
  const seenCodes = new Set<string>();
  for (let i = 0; clients.length < options.clients; i++) {
    const company = sampleCompany(rng, i);
    if (seenCodes.has(company.creditCode)) continue;
    seenCodes.add(company.creditCode);
    clients.push({
      ...company,
      label: rng.pick(LABEL_WEIGHTS),
      taxpayerType: rng.next() < 0.35 ? 'general' : 'small',
      serviceStart: `${endYear - rng.int(0, 6)}-${String(rng.int(1, 12)).padStart(2, '0')}-01`,
    });
  }
  const documents: SampleDocument[] = [];
  for (let d = 0; d < options.documents; d++) {
    const clientIndex = d < clients.length ? d : rng.int(0, clients.length - 1);
    const kind = rng.pick(SAMPLE_KINDS);
    const periodYear = endYear - rng.int(0, 3);
    const periodMonth = rng.int(1, 12);
    const info = KIND_INFO[kind];
    const tags = rng.next() < 0.5 ? [rng.pick(TAGS)] : [];
    documents.push({
      clientIndex,
      kind,
      name: `${periodYear}年${String(periodMonth).padStart(2, '0')}月 ${info.title}${d >= clients.length ? `-${d}` : ''}.${info.ext}`,
      category: info.category,
      periodYear,
      periodMonth,
      tags,
      size: options.realisticSizes ? realisticSize(rng) : 0,
    });
  }
  return { seed, clients, documents };
}

/** The bytes of one planned document (deterministic for a given plan and index). */
export function renderPlannedDocument(plan: SamplePlan, index: number): Buffer {
  const doc = plan.documents[index];
  const client = doc ? plan.clients[doc.clientIndex] : undefined;
  if (!doc || !client) throw new RangeError('no such sample document');
  const rng = new Random(plan.seed + index * 7919);
  return renderSample(doc.kind, client, doc.periodYear, doc.periodMonth, rng, doc.size);
}
