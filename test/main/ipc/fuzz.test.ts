/**
 * IPC fuzzing through the real router and the real handlers, against a real
 * vault: for every channel, 1,000 malformed payloads (seeded, so a failure
 * replays). Each dispatch must resolve — never throw — with a typed error
 * whose message is for people (no stack trace), or, for a payload that
 * happens to be valid, with a result; a handler must never see a request
 * its channel's schema refuses, and Object.prototype must stay clean.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { VaultManager } from '../../../src/main/core/vault/vault-manager';
import type { FileDialogs } from '../../../src/main/ipc/dialogs';
import { registerHandlers } from '../../../src/main/ipc/handlers';
import { IpcRouter, type ChannelHandler } from '../../../src/main/ipc/router';
import { ASSIGNABLE_ROLES } from '../../../src/shared/access';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/shared/alerts';
import { CHANNELS, type ChannelName } from '../../../src/shared/channels';
import { contract, type RequestOf } from '../../../src/shared/contract';
import { BACKUP_KINDS, REVEALABLE_FIELDS } from '../../../src/shared/domain';
import { isErrorCode, type Result } from '../../../src/shared/errors';
import { seededRandom } from '../../helpers/seeded-random';
import { buildPools, malformedPayload, type Pools } from './fuzz-payloads';

const PAYLOADS_PER_CHANNEL = 1_000;
const SEED = 0x1bc0ffee;
const top = { url: 'app://zhangdun/index.html', isTopFrame: true };

/**
 * Valid requests on these are never sent: they would open a file dialog, lock
 * the vault, pay for Argon2id, or replace the vault. Only their refusals are tested.
 */
const NOT_SENT_WHEN_VALID = new Set<ChannelName>([
  'docPickFiles', 'docExport', 'offboard', 'auditExportCsv', 'reportAccess', 'backupPickFolder', 'backupNow', 'backupPickFile',
  'vaultUnlock', 'vaultLock', 'staffAdd', 'backupRestore', 'credAttachPick', 'credExportCertificate', 'credImportPick', 'credExportAll',
  'clientImportPick', 'clientExport', 'staffNdaRecord', 'staffNdaScanSave', 'reportCompliance',
  // Each valid request re-signs and rewrites vault.key (durably)
  'ndaPolicySet',
  'clientImportPick', 'clientExport', 'destructionCertificate',
  // An Argon2id derivation per valid request (the current password checked)
  'passwordChange',
  'firstRunConfirmRecoveryKeyFile', 'recoverySheetSave', 'recoveryKeyReadFile',
]);

/** The handler a router ran, and with what. */
interface Ran {
  channel: ChannelName;
  request: unknown;
}

/** The real router, with a note of every handler call (after its schema let the request through). */
class ObservedRouter extends IpcRouter {
  readonly ran: Ran[] = [];

  override handle<K extends ChannelName>(channel: K, fn: ChannelHandler<K>): void {
    super.handle(channel, (request) => {
      this.ran.push({ channel, request });
      return fn(request);
    });
  }
}

let dir: string;
let manager: VaultManager;
let router: ObservedRouter;
let pools: Pools;
const dialogsOpened: string[] = [];
const internalErrors: string[] = [];
const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
const stats: Record<string, { refused: number; valid: number; validNotSent: number }> = {};

/** Valid requests to plant faults in (ids that exist nowhere, paths under the test's own folder). */
function templates(root: string): { [K in ChannelName]: RequestOf<K> } {
  const id = 'a1'.repeat(16);
  const other = 'b2'.repeat(16);
  const fields = { category: '纳税申报表', periodYear: 2024, periodMonth: 3, tags: ['季度'], notes: '' };
  const staffSettings = {
    idleLock: true, idleMinutes: 10, lockOnScreenLock: true, lockOnSuspend: true, lockOnUserSwitch: true, lockOnWindowClose: false, contentProtection: true,
  };
  return {
    appInfo: {},
    vaultStatus: {},
    vaultCreate: { staffName: '林晓燕', password: 'a long password' },
    vaultUnlock: { staffName: '林晓燕', password: 'a long password', acceptRollback: false },
    vaultUnlockProgress: {},
    vaultLock: {},
    clientList: { query: '闽江', label: null, status: 'active', sort: 'name', offset: 0, limit: 10 },
    clientCreate: { name: '福州闽江财税咨询有限公司', phone: '13912345678', notes: '备注', label: 'internal' },
    clientGet: { id },
    clientUpdate: { id, client: { name: '厦门鹭岛贸易有限公司', address: '思明区', label: 'confidential' } },
    clientArchive: { id, archived: true },
    clientReveal: { id, field: REVEALABLE_FIELDS[0] },
    clientImportPick: {},
    clientImportCheck: { token: other, sheet: 0, mapping: ['name', 'creditCode', null, 'notes', 'notes'] },
    clientImportRun: { token: other, sheet: 0, mapping: ['name', 'creditCode', null], skip: [3] },
    clientExport: { reason: '年度归档' },
    docList: { clientId: id, status: 'active' },
    docPickFiles: { clientId: id, mode: 'files' },
    docPickPropose: { clientId: id, token: other, index: 0 },
    docPickImport: { clientId: id, token: other, fields, files: [{ category: null, periodYear: 2024, periodMonth: 3 }] },
    docImportBytes: { clientId: id, name: '申报表.txt', data: new Uint8Array([1, 2, 3]), fields },
    docPropose: { clientId: id, name: '银行对账单-2024-03.pdf', data: new Uint8Array([1, 2, 3]) },
    docPreview: { id },
    docPrint: { id },
    docExport: { id, reason: '客户要求' },
    docUpdate: { id, name: '申报表.txt', fields },
    docTrash: { id },
    docRestore: { id },
    docDelete: { id },
    docBulkUpdate: { items: [{ id, rev: 1 }, { id: other, rev: 2 }], change: { category: '凭证', period: { year: 2024, month: 3 }, addTags: ['季度'], removeTags: [] } },
    docBulkTrash: { items: [{ id, rev: 1 }] },
    docBulkRestore: { items: [{ id: other, rev: 3 }] },
    docBulkExport: { ids: [id, other], reason: '年度审计' },
    shareCreate: { clientId: id, documentIds: [id, other], recipient: '某会计师事务所', purpose: '年度审计', until: '2026-12-31', encryption: { kind: 'passphrase' } },
    shareList: { clientId: id },
    search: { query: '申报' },
    lockSettingsGet: {},
    lockSettingsSet: { staff: staffSettings },
    clipboardCopy: { text: '13912345678' },
    sessionAccess: {},
    staffList: {},
    staffAdd: { name: '李会计', role: ASSIGNABLE_ROLES[1], password: 'a long password' },
    staffUpdateRole: { staffId: id, role: ASSIGNABLE_ROLES[2] },
    grantList: { clientId: id },
    grantAdd: { clientId: id, staffId: other, assign: true },
    grantRevoke: { clientId: id, staffId: other },
    offboard: { staffId: id, handoverToId: other, saveReport: false },
    vaultStaffNames: {},
    passwordPolicyGet: {},
    passwordPolicySet: { minLength: 12, minScore: 3 },
    passwordChange: { current: 'a long password', next: 'another long password' },
    staffResetPassword: { staffId: id },
    auditList: { action: 'grant', outcome: 'success', from: '2024-01-01T00:00:00Z', offset: 0, limit: 10 },
    auditExportCsv: { staffId: id },
    reportAccess: { clientId: id, from: null, to: '2024-12-31T00:00:00Z' },
    backupStatus: {},
    backupScheduleSet: {
      enabled: false, folder: join(root, 'backups'), kind: BACKUP_KINDS[0], hour: 18, weekday: 5, retention: { daily: 7, weekly: 4, monthly: 12 }, recipients: [],
    },
    backupPickFolder: {},
    backupNow: { folder: join(root, 'backups') },
    backupProgress: {},
    backupCancel: {},
    backupList: { folder: join(root, 'backups') },
    backupPickFile: {},
    backupVerify: { path: join(root, 'backups', 'missing.zdbak'), recoveryKey: 'AGE-SECRET-KEY-1QQQQ' },
    backupRestore: { path: join(root, 'backups', 'missing.zdbak'), recoveryKey: 'AGE-SECRET-KEY-1QQQQ' },
    backupAcknowledge: {},
    backupWarnDaysSet: { days: 7 },
    firstRunStatus: {},
    firstRunConfirmRecoveryKey: { text: 'AGE-SECRET-KEY-1QQQQ' },
    firstRunConfirmRecoveryKeyFile: {},
    recoverySheetSave: { recoveryKey: 'AGE-SECRET-KEY-1QQQQ' },
    recoveryKeyReadFile: {},
    credList: { clientId: id },
    credCreate: { clientId: id, credential: { kind: 'etax', title: '电子税务局', login: '91350100M000100Y43', secrets: { password: 'Tax#2024pass' } } },
    credUpdate: { id, credential: { kind: 'bank', title: '网银', secrets: { pin: '123456' }, totp: 'JBSWY3DPEHPK3PXP', expiresOn: '2027-03-01' } },
    credDelete: { id },
    credReveal: { id, ref: { secret: 'password' } },
    credCopy: { id, ref: { custom: 0 } },
    credTotp: { id },
    credHistory: { id },
    credMarkRotated: { id },
    credAttachPick: { id },
    credRemoveCertificate: { id },
    credExportCertificate: { id, reason: '客户更换电脑' },
    credExpiring: { days: 30 },
    credRotationList: {},
    credHygiene: {},
    credGenerate: { preset: 'custom', rules: { length: 16, lower: true, upper: true, digits: true, symbols: false, avoidAmbiguous: true } },
    credImportPick: {},
    credImportRun: {
      token: other,
      sheet: 0,
      mapping: { client: 0, kind: null, title: 1, login: 2, password: 3, pin: null, certPassword: null, phone: null, url: null, expiresOn: null, notes: null, totp: null },
      clientId: null,
    },
    credExportAll: { reason: '年度归档', passphrase: 'a long export passphrase' },
    indexStatus: {},
    indexPause: { paused: true },
    alertList: { openOnly: false, limit: 50 },
    alertEvents: { seq: 1 },
    alertAck: { seq: 1, note: '已核实' },
    staffSuspend: { staffId: id, alert: null },
    staffUnsuspend: { staffId: id },
    alertSettingsGet: {},
    alertSettingsSet: { ...DEFAULT_ALERT_SETTINGS },
    incidentList: {},
    incidentGet: { id },
    incidentOpen: { alert: 1 },
    incidentUpdate: { id, contact: '王所长 0592-1234567' },
    incidentAction: { id, text: '已暂停该员工访问' },
    incidentDraftSave: { id, target: 'regulator', text: '报告' },
    incidentExport: { id, target: `client:${id}` },
    incidentClose: { id, cause: '员工违规导出', lessons: '加强培训' },
    staffComplianceView: {},
    staffComplianceDetail: { staffId: id },
    staffNdaRecord: { staffId: id, signedOn: '2026-01-05', expiresOn: '2027-01-04', policyVersion: null, pickScan: true },
    staffTrainingRecord: { staffId: id, heldOn: '2026-02-01', topic: '客户信息保密', note: '' },
    staffPolicyAck: { staffId: id, version: '2026版', acknowledgedOn: '2026-01-05' },
    staffNdaScanSave: { ndaId: other },
    ndaPolicySet: { required: true, graceDays: 14 },
    reportCompliance: {},
    retentionPeriodsGet: {},
    retentionPeriodSet: { rule: 'contract', years: 12 },
    docRetention: { id },
    docHold: { id, reason: '未结清的债权债务' },
    clientHoldGet: { clientId: id },
    clientHold: { clientId: id, reason: null },
    clientHandback: { clientId: id, reason: '解除', encryption: { kind: 'passphrase' } },
    clientEnd: { clientId: id, reason: '解除' },
    destructionCandidates: {},
    destructionLists: {},
    destructionCreate: { documentIds: [id] },
    destructionApprove: { id },
    destructionCancel: { id },
    destructionExecute: { id },
    destructionCertificate: { id },
  };
}

/** Dialogs must never open: no valid request of a dialog channel is sent, and refused ones reach no handler. */
const refusingDialogs: FileDialogs = {
  pickFiles: async () => (dialogsOpened.push('files'), null),
  pickFolder: async () => (dialogsOpened.push('folder'), null),
  pickSaveTarget: async (name) => (dialogsOpened.push(`save:${name}`), null),
};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zd-ipc-fuzz-'));
  manager = new VaultManager({ vaultDir: join(dir, 'vault') });
  router = new ObservedRouter({ isTrusted: () => true, locale: () => 'zh-CN', onInternalError: (channel) => internalErrors.push(channel) });
  registerHandlers(router, {
    manager,
    appInfo: { version: '0', platform: 'linux' },
    dialogs: refusingDialogs,
    clipboard: { copy: async () => ({ clearAfterSeconds: 30 }) },
  });
  // One Argon2id derivation for the whole file: every channel is fuzzed while unlocked.
  const created = await router.dispatch('vaultCreate', { staffName: '张所长', password: 'owner password 1' }, top);
  expect(created.ok).toBe(true);
  pools = buildPools();
});

afterAll(async () => {
  if (process.env.FUZZ_REPORT) {
    for (const [channel, s] of Object.entries(stats)) console.log(`${channel}: refused ${s.refused}, valid ${s.valid} (not sent ${s.validNotSent})`);
  }
  await manager?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What is wrong with one answer, or null. */
function checkAnswer(res: Result<unknown>, refused: boolean): string | null {
  if (typeof res !== 'object' || res === null || typeof res.ok !== 'boolean') return 'not a Result';
  if (res.ok) return refused ? 'answered ok although the schema refuses the request' : null;
  const { code, message, detail, ...rest } = res.error;
  if (Object.keys(rest).length > 0) return `unexpected error fields ${Object.keys(rest).join(',')}`;
  if (!isErrorCode(code)) return `code ${String(code)} not in ERROR_CODES`;
  if (refused && code !== 'INVALID_INPUT') return `refused request answered ${code}`;
  if (code === 'INTERNAL') return 'INTERNAL';
  if (typeof message !== 'string' || message.trim() === '') return 'empty message';
  if (/\n\s+at /.test(message) || message.length > 1000) return 'message with a stack trace or unbounded';
  if (detail !== undefined && Object.values(detail).some((v) => typeof v === 'object' || String(v).length > 1000)) return 'detail not short and flat';
  return null;
}

describe('IPC fuzzing through the real router and handlers', () => {
  it.each(CHANNELS.map((channel, index) => [channel, index] as const))(
    '%s: 1,000 malformed payloads, each answered with a typed error',
    async (channel, index) => {
      const schema: z.ZodType = contract[channel].request;
      const template = templates(dir)[channel];
      expect(schema.safeParse(template).success, 'the template is a valid request').toBe(true);
      const rng = seededRandom(SEED + index);
      const s = (stats[channel] = { refused: 0, valid: 0, validNotSent: 0 });
      const failures: string[] = [];

      for (let i = 0; i < PAYLOADS_PER_CHANNEL; i++) {
        const payload = malformedPayload(rng, template, pools);
        const expected = schema.safeParse(payload);
        if (expected.success) {
          s.valid++;
          if (NOT_SENT_WHEN_VALID.has(channel)) {
            s.validNotSent++;
            continue;
          }
        } else {
          s.refused++;
        }
        const before = router.ran.length;
        let res: Result<unknown>;
        try {
          res = await router.dispatch(channel, payload, top);
        } catch (err) {
          failures.push(`#${i}: dispatch threw ${String(err)}`);
          continue;
        }
        const ran = router.ran.slice(before);
        const problem = checkAnswer(res, !expected.success);
        if (problem) failures.push(`#${i}: ${problem}`);
        if (!expected.success && ran.length > 0) failures.push(`#${i}: a handler ran with a request its schema refuses`);
        if (expected.success) {
          const call = ran[0];
          if (ran.length !== 1 || call?.channel !== channel) failures.push(`#${i}: valid request did not run its handler once`);
          else if (call.request === payload || !isDeepStrictEqual(call.request, expected.data)) failures.push(`#${i}: handler got the raw request`);
        }
        if (failures.length >= 10) break;
      }

      expect(failures, `seed ${SEED + index}`).toEqual([]);
      // The test can fail: most payloads must be refused at the schema.
      expect(s.refused).toBeGreaterThanOrEqual(PAYLOADS_PER_CHANNEL / 2);
      expect(dialogsOpened).toEqual([]);
      expect(internalErrors).toEqual([]);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(manager.status().state, 'still unlocked: valid requests met a live session').toBe('unlocked');
    },
  );
});
