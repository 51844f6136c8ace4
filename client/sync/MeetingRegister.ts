import * as Y from 'yjs'
import { isLanguage, type Language } from '../../shared/i18n/languages'
import {
  MEETING_LANGUAGE_KEY,
  MEETING_STATE_KEY,
  REGISTER_MAPS,
  isRole,
  type Actor,
  type Confirmation,
  type Flag,
  type FlagStatus,
  type MeetingState,
  type VersionInfo,
} from '../../shared'

/** What the register says, as one immutable snapshot (a new object after every change). */
export interface RegisterSnapshot {
  /** Every flag, oldest first. */
  readonly flags: readonly Flag[]
  /** agendaItem id → the chair's confirmation of its vedtak. */
  readonly confirmations: ReadonlyMap<string, Confirmation>
  readonly meeting: MeetingState
  /** Named versions of the minutes, oldest first. */
  readonly versions: readonly VersionInfo[]
}

const OPEN_MEETING: MeetingState = { closedAt: null, closedBy: null, commentDeadline: null }

export const EMPTY_REGISTER: RegisterSnapshot = { flags: [], confirmations: new Map(), meeting: OPEN_MEETING, versions: [] }

const FLAG_STATUSES: readonly FlagStatus[] = ['open', 'accepted', 'resolved', 'rejected']

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null)

function parseActor(value: unknown): Actor | null {
  if (!isObject(value) || typeof value.tokenId !== 'string' || !isRole(value.role)) return null
  const actor: Actor = { tokenId: value.tokenId, role: value.role, name: str(value.name), org: str(value.org) }
  // Signed in with the identity provider: the name is the provider's (issue 11).
  if (value.verified === true && typeof value.issuer === 'string' && typeof value.subject === 'string') {
    return { ...actor, verified: true, issuer: value.issuer, subject: value.subject }
  }
  return actor
}

/** A flag as the register holds it, or null when it does not have the contract's shape. */
export function parseFlag(value: unknown): Flag | null {
  if (!isObject(value) || !isObject(value.anchor)) return null
  const { id, quote, comment, createdAt, status } = value
  const author = parseActor(value.author)
  const start = str(value.anchor.start)
  const end = str(value.anchor.end)
  if (typeof id !== 'string' || typeof comment !== 'string' || typeof createdAt !== 'string') return null
  if (!author || start === null || end === null || !FLAG_STATUSES.includes(status as FlagStatus)) return null
  return {
    id,
    agendaItemId: str(value.agendaItemId),
    anchor: { start, end },
    quote: str(quote) ?? '',
    comment,
    proposedText: str(value.proposedText),
    nameMe: value.nameMe === true,
    author,
    createdAt,
    status: status as FlagStatus,
    reply: str(value.reply),
    decidedBy: parseActor(value.decidedBy),
    decidedAt: str(value.decidedAt),
  }
}

/** A confirmation as the register holds it, or null. */
export function parseConfirmation(value: unknown): Confirmation | null {
  if (!isObject(value)) return null
  const by = parseActor(value.by)
  const { agendaItemId, textHash, text, at } = value
  if (typeof agendaItemId !== 'string' || typeof textHash !== 'string' || typeof at !== 'string' || !by) return null
  return { agendaItemId, textHash, text: str(text) ?? '', by, at }
}

/** The meeting state as the register holds it (open when absent or malformed). */
export function parseMeetingState(value: unknown): MeetingState {
  if (!isObject(value)) return OPEN_MEETING
  const state = { closedAt: str(value.closedAt), closedBy: parseActor(value.closedBy), commentDeadline: str(value.commentDeadline) }
  // Approval fields are absent in registers written before approval existed.
  if (str(value.approvedAt) === null) return state
  return { ...state, approvedAt: str(value.approvedAt), approvedBy: parseActor(value.approvedBy), approvedInMeeting: str(value.approvedInMeeting) }
}

/** A version's metadata as the register holds it, or null. */
export function parseVersionInfo(value: unknown): VersionInfo | null {
  if (!isObject(value) || !isObject(value.createdBy)) return null
  const { id, name, createdAt } = value
  const { tokenId, role } = value.createdBy
  if (typeof id !== 'string' || typeof name !== 'string' || typeof createdAt !== 'string') return null
  if (typeof tokenId !== 'string' || !isRole(role)) return null
  return { id, name, createdAt, createdBy: { tokenId, role, name: str(value.createdBy.name) } }
}

/** The meeting's language as the register holds it (the server writes it), or null when absent or not one we speak. */
export function readMeetingLanguage(doc: Y.Doc): Language | null {
  const value: unknown = doc.getMap(REGISTER_MAPS.meeting).get(MEETING_LANGUAGE_KEY)
  return isLanguage(value) ? value : null
}

/** Reads a whole snapshot from a register Y.Doc. Pure apart from reading the doc. */
export function readRegister(doc: Y.Doc): RegisterSnapshot {
  const flags: Flag[] = []
  for (const value of doc.getMap(REGISTER_MAPS.flags).values()) {
    const flag = parseFlag(value)
    if (flag) flags.push(flag)
  }
  flags.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
  const confirmations = new Map<string, Confirmation>()
  for (const value of doc.getMap(REGISTER_MAPS.confirmations).values()) {
    const confirmation = parseConfirmation(value)
    if (confirmation) confirmations.set(confirmation.agendaItemId, confirmation)
  }
  const meeting = parseMeetingState(doc.getMap(REGISTER_MAPS.meeting).get(MEETING_STATE_KEY))
  const versions: VersionInfo[] = []
  for (const value of doc.getMap(REGISTER_MAPS.versions).values()) {
    const version = parseVersionInfo(value)
    if (version) versions.push(version)
  }
  versions.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))
  return { flags, confirmations, meeting, versions }
}

/**
 * The live register of one meeting (flags, confirmations, closed state), read from its
 * read-only Y.Doc. Only the server writes it; this class only reads and notifies.
 */
export class MeetingRegister {
  private snapshot: RegisterSnapshot = EMPTY_REGISTER
  private readonly listeners = new Set<() => void>()

  constructor(readonly doc: Y.Doc) {
    doc.on('update', this.handleUpdate)
  }

  /** The current snapshot; the same object until something changes. */
  getSnapshot = (): RegisterSnapshot => this.snapshot

  subscribe = (onChange: () => void): (() => void) => {
    this.listeners.add(onChange)
    return () => this.listeners.delete(onChange)
  }

  destroy(): void {
    this.doc.off('update', this.handleUpdate)
    this.listeners.clear()
  }

  private readonly handleUpdate = (): void => {
    this.snapshot = readRegister(this.doc)
    for (const listener of this.listeners) listener()
  }
}
