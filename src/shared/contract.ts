/**
 * The IPC contract: for every channel, the zod schema of its request and the
 * TypeScript type of its response. Main parses every request from `unknown`
 * with these schemas; the preload only sees the types.
 */
import { z } from 'zod';
import type { ChannelName } from './channels';
import type {
  AppInfo,
  ClientDetail,
  ClientPage,
  DocumentMeta,
  DocumentPreview,
  ExportResult,
  ImportBatch,
  ImportOutcome,
  Revealed,
  SearchHit,
  VaultCreated,
  VaultStatus,
} from './domain';
import { CLIENT_STATUSES, DOCUMENT_STATUSES, LABELS, REVEALABLE_FIELDS, TAXPAYER_TYPES } from './domain';
import { isValidCreditCode } from './credit-code';

const empty = z.object({}).strict();

/** Staff names: printable, trimmed, 1–64 characters. */
export const staffNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[^\p{C}]+$/u, 'no control characters');

/** Passwords cross IPC once, as a string; main turns them into a Buffer at once. */
export const passwordSchema = z.string().min(1).max(1024);

export const newPasswordSchema = passwordSchema.min(8, 'at least 8 characters');

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()
    .transform((v) => v ?? null);

export const clientInputSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    creditCode: optionalText(18).refine((v) => v === null || isValidCreditCode(v), 'invalid credit code'),
    taxpayerType: z.enum(TAXPAYER_TYPES).nullable().optional().transform((v) => v ?? null),
    contactPerson: optionalText(100),
    phone: optionalText(40),
    address: optionalText(300),
    bankAccount: optionalText(60),
    serviceStart: optionalText(10),
    serviceEnd: optionalText(10),
    notes: optionalText(4000),
    label: z.enum(LABELS).default('internal'),
  })
  .strict();

export type ClientInput = z.output<typeof clientInputSchema>;

export const clientListSchema = z
  .object({
    query: z.string().max(200).default(''),
    label: z.enum(LABELS).nullable().default(null),
    status: z.enum(CLIENT_STATUSES).default('active'),
    sort: z.enum(['name', 'updatedAt']).default('name'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .strict();

export type ClientListQuery = z.output<typeof clientListSchema>;

export const idSchema = z.string().regex(/^[0-9a-f]{32}$/, 'malformed id');

/** A document or folder name as a person types it: no path separators, no control characters. */
export const fileNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^\\/\p{C}]+$/u, 'no path separators or control characters')
  .refine((v) => v !== '.' && v !== '..', 'not a file name');

export const documentFieldsSchema = z
  .object({
    category: z.string().trim().max(50).default(''),
    periodYear: z.number().int().min(1990).max(2200).nullable().default(null),
    periodMonth: z.number().int().min(1).max(12).nullable().default(null),
    tags: z.array(z.string().trim().min(1).max(30)).max(20).default([]),
    notes: z.string().max(4000).default(''),
  })
  .strict();

export type DocumentFields = z.output<typeof documentFieldsSchema>;

/** Largest file the renderer may hand over by drag and drop; bigger ones go through the file dialog. */
export const MAX_DROPPED_BYTES = 64 * 1024 * 1024;

interface ChannelSpec<Req extends z.ZodType, Res> {
  request: Req;
  /** Phantom: carries the response type only. */
  response?: Res;
}

function channel<Res>() {
  return <Req extends z.ZodType>(request: Req): ChannelSpec<Req, Res> => ({ request });
}

export const contract = {
  appInfo: channel<AppInfo>()(empty),
  vaultStatus: channel<VaultStatus>()(empty),
  vaultCreate: channel<VaultCreated>()(
    z.object({ staffName: staffNameSchema, password: newPasswordSchema }).strict(),
  ),
  vaultUnlock: channel<VaultStatus>()(z.object({ staffName: staffNameSchema, password: passwordSchema }).strict()),
  vaultLock: channel<VaultStatus>()(empty),
  clientList: channel<ClientPage>()(clientListSchema),
  clientCreate: channel<ClientDetail>()(clientInputSchema),
  clientGet: channel<ClientDetail>()(z.object({ id: idSchema }).strict()),
  clientUpdate: channel<ClientDetail>()(z.object({ id: idSchema, client: clientInputSchema }).strict()),
  clientArchive: channel<ClientDetail>()(z.object({ id: idSchema, archived: z.boolean() }).strict()),
  clientReveal: channel<Revealed>()(z.object({ id: idSchema, field: z.enum(REVEALABLE_FIELDS) }).strict()),
  docList: channel<DocumentMeta[]>()(
    z.object({ clientId: idSchema, status: z.enum(DOCUMENT_STATUSES).default('active') }).strict(),
  ),
  docImportPick: channel<ImportBatch>()(
    z.object({ clientId: idSchema, mode: z.enum(['files', 'folder']), fields: documentFieldsSchema }).strict(),
  ),
  docImportBytes: channel<ImportOutcome>()(
    z
      .object({
        clientId: idSchema,
        name: fileNameSchema,
        data: z.instanceof(Uint8Array).refine((d) => d.byteLength <= MAX_DROPPED_BYTES, 'file too large to drop'),
        fields: documentFieldsSchema,
      })
      .strict(),
  ),
  docPreview: channel<DocumentPreview>()(z.object({ id: idSchema }).strict()),
  docExport: channel<ExportResult>()(z.object({ id: idSchema, reason: z.string().trim().max(500).default('') }).strict()),
  docUpdate: channel<DocumentMeta>()(
    z.object({ id: idSchema, name: fileNameSchema, fields: documentFieldsSchema }).strict(),
  ),
  docTrash: channel<DocumentMeta>()(z.object({ id: idSchema }).strict()),
  docRestore: channel<DocumentMeta>()(z.object({ id: idSchema }).strict()),
  docDelete: channel<{ deleted: true }>()(z.object({ id: idSchema }).strict()),
  search: channel<SearchHit>()(z.object({ query: z.string().max(200) }).strict()),
} satisfies { [K in ChannelName]: ChannelSpec<z.ZodType, unknown> };

export type Contract = typeof contract;
/** What the renderer passes (schema input: defaults may be omitted). */
export type RequestOf<K extends ChannelName> = z.input<Contract[K]['request']>;
/** What the handler receives after parsing. */
export type ParsedRequestOf<K extends ChannelName> = z.output<Contract[K]['request']>;
export type ResponseOf<K extends ChannelName> = NonNullable<Contract[K]['response']>;
