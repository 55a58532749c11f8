import { z } from 'zod';
import type { LegalHold } from '../../../shared/retention';

/** A legal hold as a client's or a document's sealed record holds it (client data: why it is held says something about the client). */
export const legalHoldSchema = z
  .object({ by: z.string(), byName: z.string(), at: z.string(), reason: z.string() })
  .strict() satisfies z.ZodType<LegalHold>;

/** The hold as the view stores it (JSON in one column), and back. */
export function holdColumn(hold: LegalHold | null | undefined): string | null {
  return hold ? JSON.stringify(hold) : null;
}

export function holdOfColumn(value: string | null | undefined): LegalHold | null {
  if (!value) return null;
  try {
    const parsed = legalHoldSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
