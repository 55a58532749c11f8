import { describe, expect, it } from 'vitest';
import {
  fieldsFor,
  secretsFor,
  toCredentialInput,
  type CredentialFormValues,
  type FormExtras,
} from '../../../src/renderer/src/credentials/credential-input';
import { credentialSummary } from '../fixtures';

const none: FormExtras = { cleared: new Set(), totpCleared: false };
const base: CredentialFormValues = { kind: 'bank', title: ' 工商银行网银 ', login: ' 0001 ', url: '', phone: '', expiresOn: null, notes: '' };
const stored = credentialSummary(1, 1, {
  kind: 'bank',
  secrets: ['password', 'pin'],
  hasTotp: true,
  custom: [
    { name: '客户号', value: '88', secret: false },
    { name: '交易密码', value: '', secret: true },
  ],
});

describe('toCredentialInput', () => {
  it('adds: typed secrets and seed are sent, empty ones are not, text is trimmed', () => {
    const input = toCredentialInput({ ...base, secrets: { password: 'Pw-1', pin: '' }, totp: ' JBSWY3DPEHPK3PXP ' }, null, none);
    expect(input).toEqual({
      kind: 'bank',
      title: '工商银行网银',
      login: '0001',
      url: null,
      phone: null,
      expiresOn: null,
      notes: '',
      custom: [],
      secrets: { password: 'Pw-1' },
      totp: 'JBSWY3DPEHPK3PXP',
    });
  });

  it('edits: empty keeps (key left out), typed replaces, 清除 sends null', () => {
    const keep = toCredentialInput({ ...base, secrets: {} }, stored, none);
    expect(keep.secrets).toEqual({});
    expect('totp' in keep).toBe(false);

    const replaced = toCredentialInput({ ...base, secrets: { pin: '246810' } }, stored, none);
    expect(replaced.secrets).toEqual({ pin: '246810' });

    const cleared = toCredentialInput({ ...base, secrets: {} }, stored, { cleared: new Set(['password']), totpCleared: true });
    expect(cleared.secrets).toEqual({ password: null });
    expect(cleared.totp).toBeNull();
  });

  it('never clears a secret that is not stored, nor a seed on add', () => {
    const input = toCredentialInput({ ...base }, credentialSummary(2, 1, { secrets: [], hasTotp: false }), { cleared: new Set(['certPassword']), totpCleared: true });
    expect(input.secrets).toEqual({});
    expect('totp' in input).toBe(false);
    expect('totp' in toCredentialInput(base, null, { cleared: new Set(), totpCleared: true })).toBe(false);
  });

  it('custom fields: blank names dropped, a stored secret left empty goes empty (main keeps its value)', () => {
    const rows = [
      { name: '客户号', value: '88', secret: false, stored: 0 },
      { name: '交易密码', value: '', secret: true, stored: 1 },
      { name: '  ', value: 'x', secret: false },
      { name: '新字段', value: 'v', secret: true },
    ];
    const input = toCredentialInput({ ...base, custom: rows }, stored, none);
    expect(input.custom).toEqual([
      { name: '客户号', value: '88', secret: false },
      { name: '交易密码', value: '', secret: true },
      { name: '新字段', value: 'v', secret: true },
    ]);
  });

  it('the bound phone: kept when left empty on an edit of a credential that has one, else sent as typed', () => {
    const withPhone = credentialSummary(3, 1, { phoneMasked: '139****1234' });
    expect('phone' in toCredentialInput({ ...base, phone: '' }, withPhone, none)).toBe(false);
    expect(toCredentialInput({ ...base, phone: ' 13800001111 ' }, withPhone, none).phone).toBe('13800001111');
    expect(toCredentialInput({ ...base, phone: '' }, null, none).phone).toBeNull();
  });
});

describe('fieldsFor / secretsFor', () => {
  it('follow the template of the kind', () => {
    expect(fieldsFor('etax', null)).toEqual(['login', 'url', 'phone']);
    expect(secretsFor('etax', null)).toEqual(['password']);
    expect(secretsFor('certificate', null)).toEqual(['certPassword']);
    expect(fieldsFor('certificate', null)).toEqual(['login', 'expiresOn']);
  });

  it('also show what the edited credential already holds, so it can be changed or cleared', () => {
    const held = credentialSummary(1, 1, { kind: 'etax', secrets: ['password', 'pin'], expiresOn: '2026-01-01' });
    expect(secretsFor('etax', held)).toEqual(['password', 'pin']);
    expect(fieldsFor('etax', held)).toEqual(['login', 'url', 'phone', 'expiresOn']);
  });
});
