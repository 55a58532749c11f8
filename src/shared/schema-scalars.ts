import { z } from 'zod';

/** Every id of the vault: 128 random bits as lowercase hex. */
export const idSchema = z.string().regex(/^[0-9a-f]{32}$/, 'malformed id');

/** A point in time as the person's side sends it, normalised to ISO UTC. */
export const instantSchema = z
  .string()
  .max(40)
  .refine((v) => !Number.isNaN(Date.parse(v)), 'not a date')
  .transform((v) => new Date(v).toISOString());
