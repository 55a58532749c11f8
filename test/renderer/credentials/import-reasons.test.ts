import { describe, expect, it } from 'vitest';
import { rowReason } from '../../../src/renderer/src/credentials/import-reasons';

describe('rowReason', () => {
  it('names a known skip by its code', () => {
    expect(rowReason({ row: 3, status: 'skipped', reason: 'not-a-login' })).toEqual({ kind: 'skip', reason: 'not-a-login' });
    expect(rowReason({ row: 3, status: 'skipped', reason: 'something new' })).toEqual({ kind: 'other', text: 'something new' });
  });

  it('splits a bad field into the field and its problem', () => {
    expect(rowReason({ row: 4, status: 'failed', code: 'INVALID_INPUT', message: 'expiresOn: date' })).toEqual({ kind: 'field', field: 'expiresOn', problem: 'date', text: 'date' });
    expect(rowReason({ row: 5, status: 'failed', code: 'INVALID_INPUT', message: 'totp: not base32' })).toEqual({ kind: 'field', field: 'totp', problem: null, text: 'not base32' });
  });

  it('leaves anything else in main’s words', () => {
    expect(rowReason({ row: 6, status: 'failed', code: 'NOT_FOUND', message: '客户「甲」' })).toEqual({ kind: 'other', text: '客户「甲」' });
    expect(rowReason({ row: 7, status: 'failed', code: 'INVALID_INPUT', message: 'secret: 1' })).toEqual({ kind: 'other', text: 'secret: 1' });
  });
});
