import type { SamplePlan } from '../src/main/core/demo/generator';
import { Random } from '../src/main/core/demo/random';

/** The firm the scale phase builds and searches: 10,000 clients, 100,000 documents. */
export const SCALE_PLAN = { clients: 10_000, documents: 100_000, seed: 42 } as const;

/**
 * 1,000 realistic queries: fragments of Chinese company names (2–4 characters),
 * contact names, credit-code fragments, categories, tags and accounting periods.
 */
export function buildQueries(plan: SamplePlan, count: number, seed = 99): string[] {
  const rng = new Random(seed);
  const out: string[] = [];
  const categories = ['银行对账单', '凭证', '纳税申报表', '合同', '营业执照', '财务报表', '对账单', '申报'];
  const tags = ['已审核', '季度', '电子发票', '工行', '重要'];
  while (out.length < count) {
    const c = plan.clients[rng.int(0, plan.clients.length - 1)];
    if (!c) continue;
    const kind = rng.next();
    if (kind < 0.45) {
      const len = rng.int(2, 4);
      const chars = Array.from(c.name);
      const start = rng.int(0, Math.max(0, chars.length - len));
      out.push(chars.slice(start, start + len).join(''));
    } else if (kind < 0.55) {
      out.push(c.contactPerson);
    } else if (kind < 0.7) {
      const start = rng.int(0, 12);
      out.push(c.creditCode.slice(start, start + 6));
    } else if (kind < 0.8) {
      out.push(rng.pick(categories));
    } else if (kind < 0.9) {
      out.push(rng.pick(tags));
    } else {
      out.push(rng.next() < 0.5 ? `${rng.int(2023, 2026)}年${rng.int(1, 12)}月` : `${rng.int(2023, 2026)}-${String(rng.int(1, 12)).padStart(2, '0')}`);
    }
  }
  return out;
}
