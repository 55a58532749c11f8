import { z } from 'zod';
import { idSchema as id, instantSchema } from './schema-scalars';

const text = (max: number) => z.string().trim().min(1).max(max);

export const incidentScopeSchema = z
  .object({ staffIds: z.array(id).max(50), clientIds: z.array(id).max(500), from: instantSchema, to: instantSchema })
  .strict()
  .refine((s) => s.from < s.to, 'the window ends before it starts');

export const draftTargetSchema = z.union([z.literal('regulator'), z.string().regex(/^client:[0-9a-f]{32}$/)]) as z.ZodType<'regulator' | `client:${string}`>;

/** Opened from an alert (scope prefilled from its events) or by hand (a title and a scope). */
export const incidentOpenSchema = z.union([
  z.object({ alert: z.number().int().min(1) }).strict(),
  z.object({ title: text(200), scope: incidentScopeSchema }).strict(),
]);

export const incidentUpdateSchema = z
  .object({ id, title: text(200).optional(), scope: incidentScopeSchema.optional(), contact: z.string().trim().max(500).optional() })
  .strict();

export const incidentActionSchema = z.object({ id, text: text(2000) }).strict();

export const incidentDraftSaveSchema = z.object({ id, target: draftTargetSchema, text: z.string().max(20_000) }).strict();

export const incidentExportSchema = z.object({ id, target: draftTargetSchema }).strict();

export const incidentCloseSchema = z.object({ id, cause: text(2000), lessons: text(4000) }).strict();
