import { describe, expect, it } from 'vitest';
import { isVaultError } from '../../../../src/main/core/errors';
import { readOfficePreview } from '../../../../src/main/core/preview/office-preview-runner';
import { sampleDocx, sampleXlsx } from '../../../helpers/office-samples';

describe('readOfficePreview (a worker thread per file)', () => {
  it('builds the model in the worker and leaves the caller its bytes', async () => {
    const bytes = sampleXlsx();
    const before = Buffer.from(bytes);
    const model = await readOfficePreview(bytes, 'xlsx');
    expect(model.kind).toBe('xlsx');
    expect(model.kind === 'xlsx' && model.sheets[0]?.rows[4]?.[1]).toBe('129,650.00');
    expect(bytes.equals(before)).toBe(true);
    const doc = await readOfficePreview(sampleDocx(), 'docx');
    expect(doc.kind === 'docx' && doc.images.length).toBe(1);
  });

  it('answers a failure when the file runs out of time, and CANCELLED when the session stops it', async () => {
    // A worker cannot start, let alone read, within a millisecond.
    expect(await readOfficePreview(sampleDocx(), 'docx', { timeoutMs: 1 })).toEqual({ kind: 'failed', reason: 'timeout' });
    const stop = new AbortController();
    const pending = readOfficePreview(sampleDocx(), 'docx', {}, stop.signal);
    stop.abort();
    await expect(pending).rejects.toSatisfy((e) => isVaultError(e, 'CANCELLED'));
  });
});
