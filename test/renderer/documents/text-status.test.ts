import { describe, expect, it } from 'vitest';
import { matchesTextFilter, statusTags, textFilterCounts } from '../../../src/renderer/src/documents/text-status';
import type { DocumentTextStatus } from '../../../src/shared/domain';

const doc = (textStatus: DocumentTextStatus, damaged = false) => ({ textStatus, damaged });

describe('document reading status', () => {
  it.each([
    [doc('ok'), []],
    [doc('empty'), []],
    [doc('unsupported'), []],
    [doc('pending'), ['pending']],
    [doc('needs-ocr'), ['needs-ocr']],
    [doc('failed'), ['failed']],
    [doc('failed', true), ['damaged', 'failed']],
    [doc('ok', true), ['damaged']],
  ])('tags %o as %o', (d, tags) => {
    expect(statusTags(d)).toEqual(tags);
  });

  it('filters: null shows all, damaged by the flag, the others by status', () => {
    const docs = [doc('ok'), doc('failed', true), doc('failed'), doc('needs-ocr'), doc('pending'), doc('pending')];
    expect(docs.filter((d) => matchesTextFilter(d, null))).toHaveLength(6);
    expect(docs.filter((d) => matchesTextFilter(d, 'damaged'))).toEqual([doc('failed', true)]);
    expect(textFilterCounts(docs)).toEqual({ damaged: 1, failed: 2, 'needs-ocr': 1, pending: 2 });
  });
});
