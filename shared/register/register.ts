import type { Role } from '../auth'

/**
 * The register of a meeting: what the server records about the minutes, as opposed to the
 * minutes themselves. It is a second Y.Doc per meeting, synced read-only to every holder of a
 * token at `/sync/<meetingId>/register`; only the server writes it (after checking the token's
 * role through the HTTP API), so flags and confirmations need no write access to the minutes.
 *
 * Top-level Y.Maps of the register Y.Doc, each value a plain JSON object (set whole):
 * - REGISTER_MAPS.flags:         flag id      → Flag
 * - REGISTER_MAPS.confirmations: agendaItem id → Confirmation
 * - REGISTER_MAPS.meeting:       'state'      → MeetingState, 'language' → Language
 * - REGISTER_MAPS.versions:      version id   → VersionInfo (added later: a register without this
 *   map simply has no versions yet)
 */
export const REGISTER_MAPS = {
  flags: 'flags',
  confirmations: 'confirmations',
  meeting: 'meeting',
  versions: 'versions',
} as const

/** Key of the MeetingState in REGISTER_MAPS.meeting. */
export const MEETING_STATE_KEY = 'state'

/**
 * Key of the meeting's language in REGISTER_MAPS.meeting: 'nb' | 'nn' | 'en' (shared/i18n). The
 * default interface language for readers who chose none, and the language of every export.
 * Absent (registers written before languages): 'nb'.
 */
export const MEETING_LANGUAGE_KEY = 'language'

/** The register's document name on the sync endpoint: `<meetingId>/register`. */
export function registerDocName(meetingId: string): string {
  return `${meetingId}/register`
}

/** Who did something, as the token says (never as the client says). */
export interface Actor {
  readonly tokenId: string
  readonly role: Role
  /** From a personal token; null for a role invitation shared by several people. */
  readonly name: string | null
  readonly org: string | null
  /**
   * Set for a signed-in person: the name is the identity provider's (from the ID token), and
   * issuer + subject say who it is there. Absent for a link.
   */
  readonly verified?: true
  readonly issuer?: string
  readonly subject?: string
}

/** A member's correction flag on a passage of the minutes. */
export interface Flag {
  readonly id: string
  /** The agenda item (sak) the passage is in; null in the header or attendance. */
  readonly agendaItemId: string | null
  /**
   * The passage as Yjs relative positions in the minutes fragment (`Y.encodeRelativePosition`,
   * base64), so it stays anchored while the secretary types.
   */
  readonly anchor: { readonly start: string; readonly end: string }
  /** The passage's text when it was flagged. */
  readonly quote: string
  readonly comment: string
  /** Replacement text proposed for the passage, if any. */
  readonly proposedText: string | null
  /** The member asks to be named in this innspill (innspill are anonymous otherwise). */
  readonly nameMe: boolean
  readonly author: Actor
  /** ISO timestamp. */
  readonly createdAt: string
  readonly status: FlagStatus
  readonly reply: string | null
  readonly decidedBy: Actor | null
  readonly decidedAt: string | null
}
export type FlagStatus = 'open' | 'accepted' | 'resolved' | 'rejected'

/** The chair's confirmation of one vedtak's exact text. */
export interface Confirmation {
  readonly agendaItemId: string
  /** hashDecisionText(decisionText(vedtak)) at confirmation. */
  readonly textHash: string
  /** The confirmed text itself, for the read-back and for audits. */
  readonly text: string
  readonly by: Actor
  readonly at: string
}

/** Whether the meeting is closed, and until when members may still file flags. */
export interface MeetingState {
  readonly closedAt: string | null
  readonly closedBy: Actor | null
  /** ISO date-time; flags are refused after it. Null: no flags after closing. */
  readonly commentDeadline: string | null
  /**
   * When the referat was marked approved (by the next meeting), ISO; absent or null while not
   * approved (absent in registers written before approval existed). Approval needs closing first.
   */
  readonly approvedAt?: string | null
  readonly approvedBy?: Actor | null
  /** Free text: where it was approved, e.g. "møte 4/2023"; null when not given. */
  readonly approvedInMeeting?: string | null
}

/**
 * A named, immutable copy of the minutes at one moment (the copy itself is in the server's
 * storage; the register lists who made it and when, so every client sees the list live).
 */
export interface VersionInfo {
  readonly id: string
  /** 1 to MAX_VERSION_NAME_CHARS characters, e.g. "Utkast til medlemmer", "Godkjent 4. oktober 2023". */
  readonly name: string
  /** ISO timestamp. */
  readonly createdAt: string
  readonly createdBy: { readonly tokenId: string; readonly role: Role; readonly name: string | null }
}

/** Longest version name, in characters. */
export const MAX_VERSION_NAME_CHARS = 120
/** Longest "Godkjent i møte" note, in characters. */
export const MAX_APPROVED_IN_CHARS = 200

/** Longest comment, reply or proposed text, in characters. */
export const MAX_FLAG_TEXT_CHARS = 4000
