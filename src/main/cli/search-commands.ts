import type { DocumentMeta, SearchHit, TextSnippet } from '../../shared/domain';
import { isVaultError } from '../core/errors';
import { ExtractingReader } from '../core/extract/content-reader';
import { TextExtractor } from '../core/extract/extract-runner';
import { OcrEngine } from '../core/extract/ocr';
import { parsePeriod } from '../core/services/search-service';
import type { VaultSession } from '../core/vault/session';
import { describeFailure } from './cli-errors';
import { UsageError, hintsFrom, printJson, printRow, withSession, type Context } from './context';
import type { CliKey } from './text';

/** `zhangdun search` and `zhangdun doc reindex`: finding documents by what is inside them. */

/** The words of the query (the positional arguments, so a phrase need not be quoted). */
function queryOf(ctx: Context): string {
  const query = ctx.rest.join(' ').trim();
  if (!query) throw new UsageError(ctx.say('missingQuery'));
  if (query.length > 200) throw new UsageError(ctx.say('queryTooLong'));
  return query;
}

/** The hits of one client only, when --client names one. */
function ofClient(hit: SearchHit, clientId: string | undefined): SearchHit {
  if (!clientId) return hit;
  return {
    clients: hit.clients.filter((c) => c.id === clientId),
    documents: hit.documents.filter((d) => d.clientId === clientId),
    credentials: hit.credentials.filter((c) => c.clientId === clientId),
  };
}

const FIELDS = ['name', 'category', 'tag', 'notes', 'period'] as const;

/** Which filing field of a document the query was found in (the search says only that one was). */
function fieldFound(doc: DocumentMeta, query: string): (typeof FIELDS)[number] {
  const q = query.toLowerCase();
  const has = (text: string) => text.toLowerCase().includes(q);
  const period = parsePeriod(query);
  const found = {
    name: has(doc.name),
    category: has(doc.category),
    tag: doc.tags.some(has),
    notes: has(doc.notes),
    period: period !== null && period.year === doc.periodYear && (period.month === null || period.month === doc.periodMonth),
  };
  return FIELDS.find((f) => found[f]) ?? 'name';
}

/** The phrase marked in its context: …before【match】after… */
const marked = (s: TextSnippet) => `${s.before}【${s.match}】${s.after}`;

export async function search(ctx: Context): Promise<number> {
  const query = queryOf(ctx);
  const clientId = ctx.values.client;
  return withSession(ctx, async (session) => {
    // A client the session cannot see is not found, as for every other command naming one.
    if (clientId) session.vault.guard.requireClient('client.view', clientId);
    const hit = ofClient(session.search.search(query), clientId);
    if (ctx.values.json) {
      printJson(ctx, hit);
      return 0;
    }
    for (const c of hit.clients) printRow(ctx, ['client', c.id, c.name]);
    for (const d of hit.documents) {
      const where = d.snippet ? marked(d.snippet) : ctx.say(`searchField_${fieldFound(d, query)}` satisfies CliKey);
      printRow(ctx, ['doc', d.id, d.clientId, d.clientName, d.name, where]);
    }
    for (const c of hit.credentials) printRow(ctx, ['cred', c.id, c.clientId, c.clientName, c.title, c.login]);
    return 0;
  });
}

/**
 * Reads the content of documents imported before content was read (or, with --all, of every document again),
 * with the same extraction and OCR workers as the app; both are closed at the end so the process can exit.
 */
export async function docReindex(ctx: Context): Promise<number> {
  const extractor = new TextExtractor();
  const ocr = new OcrEngine();
  try {
    return await withSession(ctx, (session) => reindex(ctx, session), { contentReader: new ExtractingReader(extractor, ocr) });
  } finally {
    await Promise.all([extractor.close(), ocr.close()]);
  }
}

async function reindex(ctx: Context, session: VaultSession): Promise<number> {
  const content = session.content;
  if (!content) throw new Error('doc reindex opens the vault with a content reader');
  // The unlock started the background reading; this command reads in its own order, with progress.
  content.pause();
  const clientIds = ctx.values.client ? [ctx.values.client] : session.vault.view.clients.all().map((c) => c.id);
  const documents: DocumentMeta[] = [];
  for (const id of clientIds) {
    // Writing a document's text record is editing it: auditors and ungranted staff are refused here.
    session.vault.guard.requireClient('doc.edit', id);
    documents.push(...session.documents.list(id).filter((d) => ctx.values.all || d.textStatus === 'pending'));
  }
  const counts = { read: 0, empty: 0, failed: 0, damaged: 0, needsOcr: 0 };
  let done = 0;
  for (const doc of documents) {
    try {
      const text = await content.index(doc.id);
      if (text.status === 'ok') counts.read++;
      else if (text.status === 'needs-ocr') counts.needsOcr++;
      else if (text.status === 'failed') counts.failed++;
      else counts.empty++;
      if (text.damaged) counts.damaged++;
    } catch (err) {
      if (isVaultError(err, 'CANCELLED') || isVaultError(err, 'VAULT_LOCKED')) throw err;
      // One document that cannot be read (a blob that does not open) is in the summary; the rest go on.
      counts.failed++;
      const { message } = describeFailure(err, ctx.locale, { ...hintsFrom(ctx.values), doc: doc.id });
      ctx.io.stderr.write(`${ctx.say('reindexFailed', { id: doc.id, name: doc.name, message })}\n`);
    }
    done++;
    ctx.io.stderr.write(`${ctx.say('reindexProgress', { done, total: documents.length })}\n`);
  }
  const summary = { documents: documents.length, ...counts };
  if (ctx.values.json) printJson(ctx, summary);
  else ctx.io.stdout.write(`${ctx.say('reindexDone', summary)}\n`);
  return 0;
}
