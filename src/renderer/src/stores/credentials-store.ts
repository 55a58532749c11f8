import { create } from 'zustand';
import type { RequestOf, ResponseOf } from '../../../shared/contract';
import { EXPIRY_REMINDER_DAYS, type CredentialInput, type CredentialSummary, type ExpiryWindow } from '../../../shared/credentials';
import type { ClientSummary } from '../../../shared/domain';
import type { ErrorData, Result } from '../../../shared/errors';
import { asErrorData, call, tryCall } from '../bridge/client';
import { countExpired } from '../credentials/expiry';
import { registerReset } from './registry';

type SecretRef = RequestOf<'credReveal'>['ref'];

/** A firm-wide list of the 账号到期与更换 page. */
interface Listing<T> {
  data: T;
  loading: boolean;
  error: ErrorData | null;
}

interface CredentialsState {
  // ---- the 账号密码 tab of one client ----
  /** Whose credentials these are; another client's list is never shown. */
  clientId: string | null;
  items: CredentialSummary[];
  loading: boolean;
  error: ErrorData | null;
  load: (clientId: string) => Promise<void>;
  refresh: () => Promise<void>;

  // ---- the firm-wide page ----
  expiryDays: ExpiryWindow;
  expiring: Listing<CredentialSummary[]>;
  rotation: Listing<CredentialSummary[]>;
  hygiene: Listing<{ weak: CredentialSummary[]; reused: CredentialSummary[] }>;
  loadExpiring: (days?: ExpiryWindow) => Promise<void>;
  loadRotation: () => Promise<void>;
  loadHygiene: () => Promise<void>;
  /** Clients to choose as an import's default (the clients this session holds). */
  clientOptions: ClientSummary[];
  loadClientOptions: () => Promise<void>;

  // ---- the reminder at unlock ----
  /** What expires within EXPIRY_REMINDER_DAYS (or has expired), asked once per unlock; null when nothing does. */
  reminder: { count: number; expired: number } | null;
  reminderAsked: boolean;
  checkReminder: () => Promise<void>;
  dismissReminder: () => void;

  // ---- one credential; the list is brought up to date with main's answer ----
  create: (clientId: string, credential: CredentialInput) => Promise<Result<CredentialSummary>>;
  update: (id: string, credential: CredentialInput) => Promise<Result<CredentialSummary>>;
  remove: (id: string) => Promise<ErrorData | null>;
  markRotated: (id: string) => Promise<Result<CredentialSummary>>;
  attachCertificate: (id: string) => Promise<Result<ResponseOf<'credAttachPick'>>>;
  removeCertificate: (id: string) => Promise<Result<CredentialSummary>>;
  /** Main asks where to save; the reason is required and recorded. */
  exportCertificate: (id: string, reason: string) => Promise<Result<ResponseOf<'credExportCertificate'>>>;

  // ---- secrets: answered to the caller, never kept here ----
  /** One secret in clear (audited); the caller shows it briefly and forgets it. */
  reveal: (id: string, ref: SecretRef) => Promise<Result<{ value: string }>>;
  /** Main copies to its guarded clipboard; the renderer never sees the value. */
  copy: (id: string, ref: SecretRef) => Promise<Result<ResponseOf<'credCopy'>>>;
  totp: (id: string) => Promise<Result<ResponseOf<'credTotp'>>>;
  history: (id: string) => Promise<Result<ResponseOf<'credHistory'>>>;
  generate: (request: RequestOf<'credGenerate'>) => Promise<Result<{ password: string }>>;

  // ---- bulk ----
  importPick: () => Promise<Result<ResponseOf<'credImportPick'>>>;
  /** Imports the previewed sheet; the lists shown are read again afterwards. */
  importRun: (request: RequestOf<'credImportRun'>) => Promise<Result<ResponseOf<'credImportRun'>>>;
  /** The owner's export of every credential as an age file; main asks where to save. */
  exportAll: (reason: string, passphrase: string) => Promise<Result<ResponseOf<'credExportAll'>>>;
  reset: () => void;
}

const idle = <T>(data: T): Listing<T> => ({ data, loading: false, error: null });

const initial = {
  clientId: null,
  items: [] as CredentialSummary[],
  loading: false,
  error: null,
  expiryDays: EXPIRY_REMINDER_DAYS as ExpiryWindow,
  expiring: idle<CredentialSummary[]>([]),
  rotation: idle<CredentialSummary[]>([]),
  hygiene: idle({ weak: [] as CredentialSummary[], reused: [] as CredentialSummary[] }),
  clientOptions: [] as ClientSummary[],
  reminder: null,
  reminderAsked: false,
};

// As in the other stores: an answer that arrives after a newer request of its kind, or after a lock, is dropped.
const generations = { list: 0, expiring: 0, rotation: 0, hygiene: 0, options: 0, reminder: 0 };
type Kind = keyof typeof generations;
const next = (kind: Kind) => ++generations[kind];
const current = (kind: Kind, mine: number) => generations[kind] === mine;

/**
 * A summary answered by a write that did not change the password (rotation
 * mark, certificate): main builds it from the record, without the reuse list
 * and strength the view adds, so those are kept from what was shown.
 */
function merged(shown: CredentialSummary | undefined, answer: CredentialSummary): CredentialSummary {
  return shown ? { ...answer, strength: shown.strength, reusedWith: shown.reusedWith } : answer;
}

export const useCredentialsStore = create<CredentialsState>()((set, get) => {
  async function fetchList(clientId: string): Promise<void> {
    const mine = next('list');
    set({ loading: true, error: null });
    try {
      const items = await call('credList', { clientId });
      if (current('list', mine)) set({ items, loading: false });
    } catch (err) {
      if (current('list', mine)) set({ loading: false, error: asErrorData(err) });
    }
  }

  async function fetchListing<K extends 'expiring' | 'rotation' | 'hygiene'>(key: K, fetch: () => Promise<CredentialsState[K]['data']>): Promise<void> {
    const mine = next(key);
    set({ [key]: { ...get()[key], loading: true, error: null } } as Pick<CredentialsState, K>);
    try {
      const data = await fetch();
      if (current(key, mine)) set({ [key]: { data, loading: false, error: null } } as Pick<CredentialsState, K>);
    } catch (err) {
      if (current(key, mine)) set({ [key]: { ...get()[key], loading: false, error: asErrorData(err) } } as Pick<CredentialsState, K>);
    }
  }

  /** Puts main's answer for one credential wherever it is shown. */
  function apply(answer: CredentialSummary): void {
    const { items, clientId, rotation, expiring } = get();
    const swap = (list: CredentialSummary[]) => list.map((c) => (c.id === answer.id ? merged(c, answer) : c));
    set({
      items: clientId === answer.clientId ? swap(items) : items,
      expiring: { ...expiring, data: swap(expiring.data) },
      // Marked changed: no longer 待更换.
      rotation: { ...rotation, data: answer.rotationDue.length === 0 ? rotation.data.filter((c) => c.id !== answer.id) : swap(rotation.data) },
    });
  }

  /** After a write that may change strength and reuse: the client's list is read again from main. */
  async function refreshAfter<T>(result: Result<T>): Promise<Result<T>> {
    if (result.ok) await get().refresh();
    return result;
  }

  return {
    ...initial,
    load: async (clientId) => {
      if (get().clientId !== clientId) {
        next('list');
        set({ clientId, items: [], error: null });
      }
      await fetchList(clientId);
    },
    refresh: async () => {
      const { clientId } = get();
      if (clientId) await fetchList(clientId);
    },

    loadExpiring: async (days) => {
      const span = days ?? get().expiryDays;
      set({ expiryDays: span });
      await fetchListing('expiring', () => call('credExpiring', { days: span }));
    },
    loadRotation: () => fetchListing('rotation', () => call('credRotationList', {})),
    loadHygiene: () => fetchListing('hygiene', () => call('credHygiene', {})),
    loadClientOptions: async () => {
      const mine = next('options');
      try {
        const page = await call('clientList', { status: 'active', limit: 500 });
        if (current('options', mine)) set({ clientOptions: page.items });
      } catch {
        // Without the list the import still works with a client column.
        if (current('options', mine)) set({ clientOptions: [] });
      }
    },

    checkReminder: async () => {
      if (get().reminderAsked) return;
      const mine = next('reminder');
      set({ reminderAsked: true });
      try {
        const due = await call('credExpiring', { days: EXPIRY_REMINDER_DAYS });
        if (!current('reminder', mine)) return;
        set({ reminder: due.length > 0 ? { count: due.length, expired: countExpired(due.map((c) => c.expiresOn)) } : null });
      } catch {
        // A reminder that cannot be read is not shown; the page still lists what expires.
      }
    },
    dismissReminder: () => set({ reminder: null }),

    create: async (clientId, credential) => refreshAfter(await tryCall('credCreate', { clientId, credential })),
    update: async (id, credential) => refreshAfter(await tryCall('credUpdate', { id, credential })),
    remove: async (id) => {
      const result = await refreshAfter(await tryCall('credDelete', { id }));
      if (!result.ok) return result.error;
      const { expiring, rotation, hygiene } = get();
      const drop = (list: CredentialSummary[]) => list.filter((c) => c.id !== id);
      set({
        expiring: { ...expiring, data: drop(expiring.data) },
        rotation: { ...rotation, data: drop(rotation.data) },
        hygiene: { ...hygiene, data: { weak: drop(hygiene.data.weak), reused: drop(hygiene.data.reused) } },
      });
      return null;
    },
    markRotated: async (id) => {
      const result = await tryCall('credMarkRotated', { id });
      if (result.ok) apply(result.data);
      return result;
    },
    attachCertificate: async (id) => {
      const result = await tryCall('credAttachPick', { id });
      if (result.ok && !('cancelled' in result.data)) apply(result.data);
      return result;
    },
    removeCertificate: async (id) => {
      const result = await tryCall('credRemoveCertificate', { id });
      if (result.ok) apply(result.data);
      return result;
    },
    exportCertificate: (id, reason) => tryCall('credExportCertificate', { id, reason }),

    reveal: (id, ref) => tryCall('credReveal', { id, ref }),
    copy: (id, ref) => tryCall('credCopy', { id, ref }),
    totp: (id) => tryCall('credTotp', { id }),
    history: (id) => tryCall('credHistory', { id }),
    generate: (request) => tryCall('credGenerate', request),

    importPick: () => tryCall('credImportPick', {}),
    importRun: async (request) => refreshAfter(await tryCall('credImportRun', request)),
    exportAll: (reason, passphrase) => tryCall('credExportAll', { reason, passphrase }),

    reset: () => {
      for (const kind of Object.keys(generations) as Kind[]) next(kind);
      set(initial);
    },
  };
});

registerReset(() => useCredentialsStore.getState().reset());
