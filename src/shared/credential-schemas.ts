/** Request schemas for the credential channels (see credentials.ts for the domain). */
import { z } from 'zod';
import {
  CREDENTIAL_CUSTOM_MAX,
  CREDENTIAL_KINDS,
  CREDENTIAL_SECRETS,
  EXPIRY_WINDOWS,
  PASSWORD_LENGTH_MAX,
  PASSWORD_LENGTH_MIN,
  PASSWORD_PRESETS,
} from './credentials';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullable()
    .optional()
    .transform((v) => (v ? v : null));

/** A calendar day, YYYY-MM-DD, that exists. */
export const daySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
  }, 'not a date');

const secretValue = z.string().max(1024);

export const credentialInputSchema = z
  .object({
    kind: z.enum(CREDENTIAL_KINDS),
    title: z.string().trim().min(1).max(200),
    login: text(200),
    url: text(500),
    phone: z
      .string()
      .trim()
      .max(40)
      .nullable()
      .optional()
      .transform((v) => (v === undefined ? undefined : v || null)),
    expiresOn: daySchema.nullable().optional().transform((v) => v ?? null),
    notes: z.string().max(4000).default(''),
    custom: z
      .array(z.object({ name: z.string().trim().min(1).max(50), value: z.string().max(1024), secret: z.boolean().default(false) }).strict())
      .max(CREDENTIAL_CUSTOM_MAX)
      .default([]),
    /** A key left out keeps the stored value; null or '' clears it. */
    secrets: z.partialRecord(z.enum(CREDENTIAL_SECRETS), secretValue.nullable()).default({}),
    totp: z.string().trim().max(2048).nullable().optional(),
  })
  .strict();

/** Which value to reveal or copy: a secret, a secret custom field, or an old value. */
export const secretRefSchema = z.union([
  z.object({ secret: z.enum(CREDENTIAL_SECRETS) }).strict(),
  z.object({ custom: z.number().int().min(0).max(CREDENTIAL_CUSTOM_MAX - 1) }).strict(),
  z.object({ history: z.number().int().min(0).max(100) }).strict(),
]);

export const passwordRulesSchema = z
  .object({
    length: z.number().int().min(PASSWORD_LENGTH_MIN).max(PASSWORD_LENGTH_MAX),
    lower: z.boolean(),
    upper: z.boolean(),
    digits: z.boolean(),
    symbols: z.boolean(),
    avoidAmbiguous: z.boolean().default(true),
  })
  .strict();

export const generateSchema = z.object({ preset: z.enum(PASSWORD_PRESETS), rules: passwordRulesSchema.optional() }).strict();

export const expiryWindowSchema = z.union(EXPIRY_WINDOWS.map((n) => z.literal(n)) as [z.ZodLiteral<30>, z.ZodLiteral<60>, z.ZodLiteral<90>]);

/** Which column of the sheet holds each field (null: none). */
export const columnMappingSchema = z
  .object({
    client: z.number().int().min(0).max(200).nullable(),
    kind: z.number().int().min(0).max(200).nullable(),
    title: z.number().int().min(0).max(200).nullable(),
    login: z.number().int().min(0).max(200).nullable(),
    password: z.number().int().min(0).max(200).nullable(),
    pin: z.number().int().min(0).max(200).nullable(),
    certPassword: z.number().int().min(0).max(200).nullable(),
    phone: z.number().int().min(0).max(200).nullable(),
    url: z.number().int().min(0).max(200).nullable(),
    expiresOn: z.number().int().min(0).max(200).nullable(),
    notes: z.number().int().min(0).max(200).nullable(),
    totp: z.number().int().min(0).max(200).nullable(),
  })
  .strict();
