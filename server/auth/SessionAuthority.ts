import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { SessionRecord, SessionStore } from '../persistence'
import { log } from '../log'
import type { Person, PersonPrincipal } from './principal'

/** How long a session's row is kept after it ended (expired or signed out): a day, for audits. */
export const ENDED_SESSION_RETENTION_MS = 24 * 3600_000
/** How often ended sessions are deleted. */
const SESSION_CLEANUP_INTERVAL_MS = 3600_000

/** What the session cookie holds: 32 random bytes, base64url. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/

const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')

/** A new session: the cookie's value (the only time it exists on the server) and who it is for. */
export interface NewSession {
  readonly cookieValue: string
  readonly principal: PersonPrincipal
}

/**
 * Browser sessions after sign-in: creates them (the store keeps only the id's hash), resolves a
 * cookie to the person (unless expired or revoked), revokes them, and closes the open sync
 * connections of a session on this node when told (AccessChanges tells every node).
 */
export class SessionAuthority {
  private readonly listeners = new Map<string, Set<() => void>>()

  constructor(
    private readonly store: SessionStore,
    private readonly sessionHours: number,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Deletes, now and then every hour, the sessions that ended more than a day ago, with their
   * stored ID tokens. Returns a function that stops it. Failures are logged and tried again later.
   */
  startCleanup(intervalMs: number = SESSION_CLEANUP_INTERVAL_MS): () => void {
    const run = () => {
      const before = new Date(this.now() - ENDED_SESSION_RETENTION_MS).toISOString()
      this.store.deleteEndedSessions(before).then(
        (deleted) => {
          if (deleted > 0) log.info('ended sessions deleted', { deleted })
        },
        (err: unknown) => log.warn('deleting ended sessions failed', { err }),
      )
    }
    run()
    const timer = setInterval(run, intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }

  /** Stores a new session for `person`; rejects when the store fails. */
  async create(person: Person, isAdmin: boolean, idToken: string | null): Promise<NewSession> {
    const cookieValue = randomBytes(32).toString('base64url')
    const nowMs = this.now()
    const record: SessionRecord = {
      idHash: sha256Hex(cookieValue),
      ...person,
      isAdmin,
      csrfToken: randomBytes(24).toString('base64url'),
      idToken,
      createdAt: new Date(nowMs).toISOString(),
      expiresAt: new Date(nowMs + this.sessionHours * 3600_000).toISOString(),
      revokedAt: null,
    }
    await this.store.insertSession(record)
    return { cookieValue, principal: toPrincipal(record) }
  }

  /** The person of a session cookie's value, or null (malformed, unknown, expired or revoked). Rejects when the store fails. */
  async resolve(cookieValue: string | null | undefined): Promise<PersonPrincipal | null> {
    if (!cookieValue || !SESSION_ID.test(cookieValue)) return null
    const record = await this.store.getSession(sha256Hex(cookieValue))
    if (!record || record.revokedAt !== null || Date.parse(record.expiresAt) <= this.now()) return null
    return toPrincipal(record)
  }

  /** The stored ID token of a session (for the provider's logout), or null. */
  async idTokenOf(sessionId: string): Promise<string | null> {
    return (await this.store.getSession(sessionId))?.idToken ?? null
  }

  /**
   * Revokes the session in storage: from now on it opens nothing. Its open connections are closed
   * by announcing the change (AccessChanges), which reaches every node. Returns the record, or null.
   */
  async revoke(sessionId: string): Promise<SessionRecord | null> {
    return this.store.revokeSession(sessionId, new Date(this.now()).toISOString())
  }

  /** The sessions active now, newest first (all, or only `person`'s). Rejects when the store fails. */
  async listActive(person?: { readonly issuer: string; readonly subject: string }): Promise<SessionRecord[]> {
    return this.store.listActiveSessions(new Date(this.now()).toISOString(), person)
  }

  /** The stored session `sessionId` (also ended), or null. */
  find(sessionId: string): Promise<SessionRecord | null> {
    return this.store.getSession(sessionId)
  }

  /** Calls the listeners of `sessionId` on this node (its open connections close); returns how many there were. */
  closeConnections(sessionId: string): number {
    const listeners = [...(this.listeners.get(sessionId) ?? [])]
    this.listeners.delete(sessionId)
    for (const listener of listeners) listener()
    return listeners.length
  }

  /** Calls `listener` once when the connections of `sessionId` are closed on this node; returns the unsubscribe function. */
  onRevoked(sessionId: string, listener: () => void): () => void {
    let set = this.listeners.get(sessionId)
    if (!set) this.listeners.set(sessionId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size === 0 && this.listeners.get(sessionId) === set) this.listeners.delete(sessionId)
    }
  }
}

/** True when `given` is the session's CSRF token (constant-time comparison). */
export function isCsrfToken(principal: PersonPrincipal, given: string | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false
  const a = Buffer.from(given, 'utf8')
  const b = Buffer.from(principal.csrfToken, 'utf8')
  return a.length === b.length && timingSafeEqual(a, b)
}

function toPrincipal(record: SessionRecord): PersonPrincipal {
  return {
    kind: 'person',
    issuer: record.issuer,
    subject: record.subject,
    name: record.name,
    email: record.email,
    org: record.org,
    isAdmin: record.isAdmin,
    sessionId: record.idHash,
    csrfToken: record.csrfToken,
    expiresAtMs: Date.parse(record.expiresAt),
  }
}
