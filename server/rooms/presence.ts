import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { ROLE_INFO } from '../../shared/auth'
import { CLOSE, ProtocolError } from '../../shared/protocol'
import type { Actor } from '../../shared/register'

/** One entry of a y-protocols awareness update. */
export interface AwarenessEntry {
  readonly clientID: number
  readonly clock: number
  /** The client's presence state; null when it left. */
  readonly state: Record<string, unknown> | null
}

/** Longest display name a role-invitation holder may choose, in characters. */
export const MAX_PRESENCE_NAME_CHARS = 60

/** Strict UTF-8, as lib0's readVarString decodes. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes an awareness update: varUint count, then per entry varUint clientID, varUint clock,
 * varString JSON state. Throws ProtocolError(awarenessTooLarge) for a state longer than
 * `maxStateBytes` (before parsing it), and an Error on truncated bytes, bad JSON, a state that is
 * neither an object nor null, or trailing bytes.
 */
export function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes = Infinity): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const count = decoding.readVarUint(decoder)
  const entries: AwarenessEntry[] = []
  for (let i = 0; i < count; i++) {
    const clientID = decoding.readVarUint(decoder)
    const clock = decoding.readVarUint(decoder)
    // A varString is a varUint8Array of UTF-8: the size is known before anything is parsed.
    const json = decoding.readVarUint8Array(decoder)
    if (json.byteLength > maxStateBytes) {
      throw new ProtocolError(CLOSE.awarenessTooLarge, `presence state of ${json.byteLength} bytes (limit ${maxStateBytes})`)
    }
    const state = JSON.parse(utf8.decode(json)) as unknown
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
      throw new Error(`awareness state of ${clientID} is not an object`)
    }
    entries.push({ clientID, clock, state: state as Record<string, unknown> | null })
  }
  if (decoding.hasContent(decoder)) throw new Error('trailing bytes after the awareness entries')
  return entries
}

/** Encodes entries the way y-protocols' encodeAwarenessUpdate does. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientID)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}

/** The `user` field every presence state carries, from the token. */
export interface PresenceUser {
  readonly name: string
  readonly role: Actor['role']
  readonly color: string
  /** True when the name comes from a personal token; false when the holder chose it. */
  readonly verified: boolean
}

function chosenName(state: Record<string, unknown>): string | null {
  const user = state.user
  if (typeof user !== 'object' || user === null) return null
  const name = (user as Record<string, unknown>).name
  if (typeof name !== 'string') return null
  // Control characters would let a name pose as two lines (or hide itself) in the UI.
  let clean = ''
  for (const char of name) clean += char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? ' ' : char
  const trimmed = [...clean.trim()].slice(0, MAX_PRESENCE_NAME_CHARS).join('').trim()
  return trimmed === '' ? null : trimmed
}

/**
 * The presence user of `actor`: a personal token's name (verified), or for a role invitation the
 * name the client chose (trimmed, at most MAX_PRESENCE_NAME_CHARS) or else the role's label
 * (unverified). Role and colour always come from the token.
 */
export function presenceUserOf(actor: Actor, state: Record<string, unknown>): PresenceUser {
  const info = ROLE_INFO[actor.role]
  if (actor.name !== null) return { name: actor.name, role: actor.role, color: info.color, verified: true }
  return { name: chosenName(state) ?? info.label, role: actor.role, color: info.color, verified: false }
}

/** `entry` with its `user` replaced by the token's presence user (null states pass unchanged). */
export function bindEntryToActor(entry: AwarenessEntry, actor: Actor): AwarenessEntry {
  if (entry.state === null) return entry
  return { ...entry, state: { ...entry.state, user: presenceUserOf(actor, entry.state) } }
}

/** What bindPresence needs to know about the room. */
export interface PresenceRoom {
  /** The room's own awareness client id (its local state is always null). */
  readonly serverClientId: number
  /** True when another peer of the room speaks for this client id. */
  ownedByOther(clientID: number): boolean
  /** The clock the room holds for this client id (0 when none). */
  knownClock(clientID: number): number
}

/**
 * Binds a peer's awareness entries to its token: the peer speaks for one client id (the first
 * it announces that no other peer owns, recorded in `peer.presenceId`), and each of its states
 * gets the token's `user`. Returns the entries to apply.
 *
 * The stock WebsocketProvider sends every awareness change it receives back to the server (it
 * was made for a mesh), so entries for other client ids are normal: one no newer than what the
 * room holds is such an echo and is dropped; a newer one would overwrite another peer's presence
 * and throws ProtocolError(CLOSE.foreignAwareness).
 */
export function bindPresence(
  peer: { presenceId: number | null },
  actor: Actor,
  entries: readonly AwarenessEntry[],
  room: PresenceRoom,
): AwarenessEntry[] {
  const own: AwarenessEntry[] = []
  for (const entry of entries) {
    const owned = entry.clientID === room.serverClientId || room.ownedByOther(entry.clientID)
    if (!owned && peer.presenceId === null) peer.presenceId = entry.clientID
    if (entry.clientID === peer.presenceId) {
      own.push(bindEntryToActor(entry, actor))
      continue
    }
    if (owned && entry.clock > room.knownClock(entry.clientID)) {
      throw new ProtocolError(CLOSE.foreignAwareness, `awareness entry for client ${entry.clientID}`)
    }
    // An echo of another peer's (or a departed peer's) presence: nothing to apply.
  }
  return own
}
