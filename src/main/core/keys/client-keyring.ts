import { unwrapClientKeyWithIdentity, unwrapClientKeyWithMaster } from './client-keys';
import type { KeyRing } from './keyring';
import type { ClientKeyRepo } from '../repositories/client-key-repo';

/**
 * The client keys this session can use, unwrapped once and cached in the
 * session's KeyRing (zero-filled on lock). Owners and admins unwrap any
 * client key with the master key, on demand. Everyone else holds only their
 * grants: age-encrypted to their own identity, unwrapped at unlock (age is
 * asynchronous; this keeps every later lookup synchronous). A client whose
 * key this session cannot unwrap is, to this session, unreadable.
 */
export class ClientKeyring {
  private readonly cache = new Map<string, Buffer>();
  private next: Buffer | null = null;

  constructor(
    private readonly repo: ClientKeyRepo,
    private readonly keys: KeyRing,
    private master: Buffer | null,
  ) {}

  get hasMaster(): boolean {
    return this.master !== null;
  }

  /** The master key, for services that wrap client keys; null for staff without it. */
  get masterKey(): Buffer | null {
    return this.master;
  }

  /**
   * While the master key is being replaced: the key that will take over.
   * Client keys created meanwhile are wrapped for it too ('master-next').
   */
  get nextMasterKey(): Buffer | null {
    return this.next;
  }

  beginMasterChange(next: Buffer): void {
    this.next = this.keys.track(next);
  }

  /** The replacement is done (`adopt`) or abandoned: cached client keys stay valid either way (they did not change). */
  endMasterChange(adopt: boolean): void {
    if (adopt && this.next) this.master = this.next;
    this.next = null;
  }

  /** Unwraps every wrap held by `staffId` with its age identity; wraps that do not open give no access. */
  async preload(staffId: string, identity: string): Promise<void> {
    for (const row of this.repo.byHolder(staffId)) {
      const key = await unwrapClientKeyWithIdentity(identity, row.clientId, row.version, row.wrapped);
      if (key) this.remember(row.clientId, row.version, key);
    }
  }

  /** The client key of one version, or null when this session holds no wrap of it that opens. */
  key(clientId: string, version: number): Buffer | null {
    const cached = this.cache.get(slot(clientId, version));
    if (cached) return cached;
    if (!this.master) return null;
    const row = this.repo.get(clientId, version, 'master');
    if (!row) return null;
    const key = unwrapClientKeyWithMaster(this.master, clientId, version, row.wrapped);
    if (!key) return null;
    this.remember(clientId, version, key);
    return key;
  }

  remember(clientId: string, version: number, key: Buffer): Buffer {
    this.keys.track(key);
    this.cache.set(slot(clientId, version), key);
    return key;
  }

  /** Drops (and zero-fills) one version of a client's key (a rotation that did not commit). */
  forget(clientId: string, version: number): void {
    const key = this.cache.get(slot(clientId, version));
    if (!key) return;
    key.fill(0);
    this.cache.delete(slot(clientId, version));
  }

  /** Drops (and zero-fills) every cached version of a client's key below `version`. */
  forgetBelow(clientId: string, version: number): void {
    for (const [name, key] of this.cache) {
      const [id, v] = name.split(':');
      if (id === clientId && Number(v) < version) {
        key.fill(0);
        this.cache.delete(name);
      }
    }
  }
}

function slot(clientId: string, version: number): string {
  return `${clientId}:${version}`;
}
