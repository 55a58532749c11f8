import { z } from 'zod';
import type { LegalHold } from '../../../shared/retention';

/** A legal hold as a client's or a document's sealed record holds it (client data: why it is held says something about the client). */
export const legalHoldSchema = z
  .object({ by: z.string(), byName: z.string(), at: z.string(), reason: z.string() })
  .strict() satisfies z.ZodType<LegalHold>;

/** A sealed-record field the view keeps as JSON in one column: written as is, read back only if it still parses. */
export function jsonColumn<T>(schema: z.ZodType<T>): { toColumn: (value: T | null | undefined) => string | null; ofColumn: (column: string | null | undefined) => T | null } {
  return {
    toColumn: (value) => (value ? JSON.stringify(value) : null),
    ofColumn: (column) => {
      if (!column) return null;
      try {
        const parsed = schema.safeParse(JSON.parse(column));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}

const holdCodec = jsonColumn(legalHoldSchema);

/** The hold as the view stores it (JSON in one column), and back. */
export const holdColumn = holdCodec.toColumn;
export const holdOfColumn = holdCodec.ofColumn;
