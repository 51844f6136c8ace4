import { ROLES, type Role } from '../../shared/auth'
import { DOC_NAME_PATTERN } from '../../shared/schema'

/**
 * A change of who may stay connected, which every node must act on at once: a token revoked, a
 * session ended (sign-out, or an admin ending it), or the roles of a meeting that must sign in
 * changed (their link connections close).
 */
export type AccessChange =
  | { readonly kind: 'token'; readonly tokenId: string }
  | { readonly kind: 'session'; readonly sessionId: string }
  | { readonly kind: 'links'; readonly meetingId: string; readonly roles: readonly Role[] }

/** Closes this node's connections a change ends; returns how many. */
export type ApplyAccessChange = (change: AccessChange) => number

/**
 * Makes access changes take effect everywhere: on this node at once, and through `publish` (the
 * Redis relay, with several nodes) on the others, which call `applyRemote`. Pub/sub may lose a
 * message while Redis is away: every node then re-checks all its connections against storage
 * when its subscriber is back (see ARCHITECTURE.md, "Several nodes").
 */
export class AccessChanges {
  private publish: ((change: AccessChange) => void) | null = null

  constructor(private readonly apply: ApplyAccessChange) {}

  /** Sends changes to the other nodes from now on. */
  publishWith(publish: (change: AccessChange) => void): void {
    this.publish = publish
  }

  /** Applies a change made on this node and tells the others; returns the connections closed here. */
  announce(change: AccessChange): number {
    this.publish?.(change)
    return this.apply(change)
  }

  /** Applies a change another node announced. */
  applyRemote(change: AccessChange): void {
    this.apply(change)
  }
}

const ID = /^[A-Za-z0-9_-]{1,128}$/

/** Reads a change from its wire form (JSON), or null when it is not one: only our nodes publish, but nothing is trusted. */
export function parseAccessChange(text: string): AccessChange | null {
  try {
    return accessChangeOf(JSON.parse(text))
  } catch {
    return null
  }
}

/** The change a parsed JSON value holds, or null when it is not one. */
export function accessChangeOf(value: unknown): AccessChange | null {
  if (typeof value !== 'object' || value === null) return null
  const v = value as Record<string, unknown>
  const id = (x: unknown): x is string => typeof x === 'string' && ID.test(x)
  if (v.kind === 'token' && id(v.tokenId)) return { kind: 'token', tokenId: v.tokenId }
  if (v.kind === 'session' && id(v.sessionId)) return { kind: 'session', sessionId: v.sessionId }
  if (v.kind === 'links' && typeof v.meetingId === 'string' && DOC_NAME_PATTERN.test(v.meetingId) && Array.isArray(v.roles) && v.roles.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    return { kind: 'links', meetingId: v.meetingId, roles: v.roles as Role[] }
  }
  return null
}
