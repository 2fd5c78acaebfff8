/**
 * oidc-provider's storage for the reference IdP: in memory, like the built-in development adapter, plus an
 * index of SSO sessions by account, which "Logga ut överallt" needs to end every session of one person.
 * The built-in adapter cannot answer that question and is not exported for wrapping, hence this one.
 *
 * Every IdP has its own store (parallel portals in one process never share records). Expired records are
 * dropped when next read; a test IdP lives minutes, so there is no sweeper.
 */
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/** Models whose records belong to a grant and go when the grant is revoked (see revokeByGrantId). */
const GRANTABLE = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);

interface Entry {
  model: string;
  id: string;
  payload: AdapterPayload;
  /** ms since the epoch; Infinity when oidc-provider gave no lifetime. */
  expiresAt: number;
}

export interface IdpStore {
  adapter: AdapterFactory;
  /** Ids (the `_session` cookie values) of the live SSO sessions of one account. */
  sessionIdsOf(accountId: string): string[];
}

function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key) ?? new Set<V>();
  set.add(value);
  index.set(key, set);
}

function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

export function createIdpStore(): IdpStore {
  const entries = new Map<string, Entry>();
  const sessionIdByUid = new Map<string, string>();
  const idByUserCode = new Map<string, string>();
  const keysByGrant = new Map<string, Set<string>>();
  const sessionIdsByAccount = new Map<string, Set<string>>();
  const keyOf = (model: string, id: string) => `${model}:${id}`;

  function index(entry: Entry, key: string): void {
    const { model, id, payload } = entry;
    if (model === 'Session') {
      if (payload.uid) sessionIdByUid.set(payload.uid, id);
      if (payload.accountId) addTo(sessionIdsByAccount, payload.accountId, id);
    }
    if (GRANTABLE.has(model) && payload.grantId) addTo(keysByGrant, payload.grantId, key);
    if (payload.userCode) idByUserCode.set(payload.userCode, id);
  }

  function unindex(entry: Entry, key: string): void {
    const { model, id, payload } = entry;
    if (model === 'Session') {
      if (payload.uid && sessionIdByUid.get(payload.uid) === id) sessionIdByUid.delete(payload.uid);
      if (payload.accountId) removeFrom(sessionIdsByAccount, payload.accountId, id);
    }
    if (payload.grantId) removeFrom(keysByGrant, payload.grantId, key);
    if (payload.userCode && idByUserCode.get(payload.userCode) === id) idByUserCode.delete(payload.userCode);
  }

  function remove(key: string): void {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    unindex(entry, key);
  }

  function read(key: string): AdapterPayload | undefined {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      remove(key);
      return undefined;
    }
    return entry.payload;
  }

  class MemoryAdapter implements Adapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
      const key = keyOf(this.model, id);
      remove(key);
      const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
      const entry: Entry = { model: this.model, id, payload, expiresAt };
      entries.set(key, entry);
      index(entry, key);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return read(keyOf(this.model, id));
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const id = sessionIdByUid.get(uid);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      const id = idByUserCode.get(userCode);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const payload = read(keyOf(this.model, id));
      if (payload) payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      remove(keyOf(this.model, id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      // Only this model's members: oidc-provider calls this once per grantable model.
      for (const key of [...(keysByGrant.get(grantId) ?? [])]) {
        if (entries.get(key)?.model === this.model) remove(key);
      }
    }
  }

  return {
    adapter: (model) => new MemoryAdapter(model),
    sessionIdsOf: (accountId) => [...(sessionIdsByAccount.get(accountId) ?? [])].filter((id) => read(keyOf('Session', id)) !== undefined),
  };
}
