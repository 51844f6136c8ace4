import type { Role } from '../auth'
import { canonicalJson, sha256Hex } from './canonicalJson'

/**
 * The history of a meeting: an append-only, hash-chained list of the acts that count for the
 * record (confirmations, flags, versions, closing, approval, tokens, sign-in requirements). Each
 * event's hash covers its own content and the previous event's hash, so changing, deleting,
 * inserting or reordering a stored event breaks the chain from that event on. The algorithm is
 * written down in docs/EXPORT_FORMAT.md ("History chain") so anyone can re-check an exported
 * history; these functions are pure and run in the browser and on the server alike.
 */

/** What can happen in a meeting's history. Add kinds at the end; never rename one. */
export const HISTORY_KINDS = [
  'meeting-created',
  'decision-confirmed',
  'flag-raised',
  'flag-decided',
  'version-saved',
  'meeting-closed',
  'meeting-reopened',
  'minutes-approved',
  'minutes-sealed',
  'token-minted',
  'token-revoked',
  'invitation-created',
  'sign-in-roles-changed',
  'action-status-changed',
  'language-changed',
] as const
export type HistoryKind = (typeof HISTORY_KINDS)[number]

/** True when `value` is one of HISTORY_KINDS. */
export function isHistoryKind(value: unknown): value is HistoryKind {
  return typeof value === 'string' && (HISTORY_KINDS as readonly string[]).includes(value)
}

/** Who did it, as the server authenticated them (never as a client claimed). */
export interface HistoryActor {
  /** A meeting role; 'admin' for the admin credential or a signed-in admin. */
  readonly role: Role | 'admin'
  /** The name the token or the identity provider gave; null for a shared role link or the admin credential. */
  readonly name: string | null
  /** True for a person signed in with the identity provider (issuer and subject then say who). */
  readonly verified: boolean
  /** The meeting token (or personal invitation) the act was made with; absent for the admin. */
  readonly tokenId?: string
  readonly issuer?: string
  readonly subject?: string
}

/** A value in an event's details: scalars, or a list of strings (e.g. roles). */
export type HistoryDetailValue = string | number | boolean | null | readonly string[]

/** What an act adds to the history; the storage gives it its place (seq, prevHash, hash). */
export interface HistoryDraft {
  readonly meetingId: string
  /** ISO 8601 time of the act, UTC (`new Date().toISOString()`). */
  readonly at: string
  readonly actor: HistoryActor
  readonly kind: HistoryKind
  /** What the act was about: sakId, textSha256, flagId, versionId, tokenId ... (see docs). */
  readonly details: Readonly<Record<string, HistoryDetailValue>>
}

/** One stored event. */
export interface HistoryEvent extends HistoryDraft {
  /** 1, 2, 3 ... per meeting, without gaps. */
  readonly seq: number
  /** The previous event's hash; GENESIS_HASH for seq 1. */
  readonly prevHash: string
  /** historyEventHash of this event (lowercase hex SHA-256). */
  readonly hash: string
}

/** The last event of a chain, as far as anyone can tell without reading all of it. */
export interface ChainHead {
  readonly seq: number
  readonly hash: string
}

/** prevHash of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64)

/** Stable codes of the ways a chain can be broken. */
export const CHAIN_BREAKS = {
  changed: 'changed',
  missing: 'missing',
  link: 'link',
  order: 'order',
  meeting: 'meeting',
  head: 'head',
  malformed: 'malformed',
} as const
export type ChainBreak = (typeof CHAIN_BREAKS)[keyof typeof CHAIN_BREAKS]

/** The verdict over a chain. `reason` is Norwegian, for the people who read it. */
export type ChainCheck =
  | { readonly ok: true; readonly events: number; readonly head: ChainHead | null }
  | { readonly ok: false; readonly brokenAt: number; readonly code: ChainBreak; readonly reason: string }

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json | undefined }

/** Throws TypeError for a number in `value` that is not a safe integer: events hold none. */
function assertIntegers(value: Json): void {
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new TypeError(`canonical JSON of an event holds integers only, not ${value}`)
  if (value !== null && typeof value === 'object') for (const item of Object.values(value)) if (item !== undefined) assertIntegers(item)
}

/**
 * The canonical JSON (RFC 8785, `canonicalJson`) of a value an event holds: strings, integers,
 * booleans, null, arrays and objects, members whose value is undefined left out. Throws
 * TypeError for a number that is not a safe integer (events hold none).
 */
export function canonicalEventJson(value: Json): string {
  assertIntegers(value)
  return canonicalJson(value)
}

/**
 * The hash of an event: lowercase hex SHA-256 of the UTF-8 bytes of the canonical JSON of
 * {seq, meetingId, at, actor, kind, details, prevHash} (every field but `hash`). Since prevHash
 * is inside, each hash covers the whole chain before it.
 */
export function historyEventHash(event: Omit<HistoryEvent, 'hash'>): string {
  const { seq, meetingId, at, actor, kind, details, prevHash } = event
  const content = { seq, meetingId, at, actor: { ...actor }, kind, details: { ...details }, prevHash } as unknown as Json
  return sha256Hex(canonicalEventJson(content))
}

/** The event `draft` becomes when appended after `prev` (null: the first event). Pure. */
export function chainEvent(draft: HistoryDraft, prev: ChainHead | null): HistoryEvent {
  const body = { ...draft, seq: (prev?.seq ?? 0) + 1, prevHash: prev?.hash ?? GENESIS_HASH }
  return { ...body, hash: historyEventHash(body) }
}

const failure = (brokenAt: number, code: ChainBreak, reason: string): ChainCheck => ({ ok: false, brokenAt, code, reason })

/**
 * Checks a chain one event at a time, in stored order (so a long history can be read in pages):
 * `add` each event, then `finish` with the head the storage recorded. The first break found is
 * the verdict; later events are not looked at.
 */
export class ChainVerifier {
  private prev: ChainHead | null = null
  private count = 0
  private broken: ChainCheck | null = null

  constructor(private readonly meetingId: string) {}

  /** Checks the next event; returns the verdict once the chain is broken, else null. */
  add(event: HistoryEvent): ChainCheck | null {
    if (this.broken) return this.broken
    this.broken = this.check(event)
    if (!this.broken) {
      this.prev = { seq: event.seq, hash: event.hash }
      this.count++
    }
    return this.broken
  }

  private check(event: HistoryEvent): ChainCheck | null {
    const expected = (this.prev?.seq ?? 0) + 1
    if (!Number.isSafeInteger(event.seq) || event.seq < expected) {
      return failure(expected, CHAIN_BREAKS.order, `Hendelse nr. ${expected} står ikke i rekkefølge (fant nr. ${event.seq}).`)
    }
    if (event.seq > expected) {
      return failure(expected, CHAIN_BREAKS.missing, `Hendelse nr. ${expected} mangler (neste lagrede er nr. ${event.seq}).`)
    }
    if (event.meetingId !== this.meetingId) {
      return failure(event.seq, CHAIN_BREAKS.meeting, `Hendelse nr. ${event.seq} hører til et annet møte.`)
    }
    let hash: string
    try {
      hash = historyEventHash(event)
    } catch {
      return failure(event.seq, CHAIN_BREAKS.malformed, `Hendelse nr. ${event.seq} kan ikke leses.`)
    }
    if (hash !== event.hash) {
      return failure(event.seq, CHAIN_BREAKS.changed, `Hendelse nr. ${event.seq} er endret etter at den ble skrevet (kontrollsummen stemmer ikke).`)
    }
    if (event.prevHash !== (this.prev?.hash ?? GENESIS_HASH)) {
      return failure(
        event.seq,
        CHAIN_BREAKS.link,
        `Hendelse nr. ${event.seq} bygger ikke på hendelsen før den: en hendelse er slettet, satt inn eller flyttet.`,
      )
    }
    return null
  }

  /**
   * The verdict, given the head the storage recorded with the last append (null: none was
   * recorded). A chain that ends before the recorded head lost its last events.
   */
  finish(recordedHead: ChainHead | null): ChainCheck {
    if (this.broken) return this.broken
    const last = this.prev
    if (recordedHead && (!last || last.seq < recordedHead.seq)) {
      const missing = (last?.seq ?? 0) + 1
      return failure(missing, CHAIN_BREAKS.missing, `Hendelse nr. ${missing} til nr. ${recordedHead.seq} mangler på slutten av historikken.`)
    }
    if (recordedHead && last && (last.seq !== recordedHead.seq || last.hash !== recordedHead.hash)) {
      return failure(last.seq, CHAIN_BREAKS.head, `Hendelse nr. ${last.seq} stemmer ikke med den siste hendelsen som ble registrert.`)
    }
    return { ok: true, events: this.count, head: last }
  }
}

/** Verifies a whole chain held in memory (see ChainVerifier). */
export function verifyHistoryChain(meetingId: string, events: readonly HistoryEvent[], recordedHead: ChainHead | null = null): ChainCheck {
  const verifier = new ChainVerifier(meetingId)
  for (const event of events) {
    const broken = verifier.add(event)
    if (broken) return broken
  }
  return verifier.finish(recordedHead)
}
