import { ROLE_INFO, isRole, type Role } from '../../shared'
import { roleLabel as roleWord } from '../i18n/minutesLabels'

/**
 * Who the person at this browser is. The role always comes from the meeting token; the name
 * comes from a personal token, or, for a role invitation shared by several people, is typed in
 * once and kept in localStorage. Others see both through awareness, where the server overwrites
 * the `user` field from the token (and marks typed names as not verified).
 */

/** The name typed in for role invitations, as stored. */
export interface LocalUser {
  readonly name: string
}

/** The awareness `user` field: what CollaborationCaret and the presence list read. */
export interface PresenceUser {
  readonly name: string
  readonly role: Role
  /** `#rrggbb`: CollaborationCaret renders anything else transparent. */
  readonly color: string
  /** True when the name comes from a personal token; only the server sets it. */
  readonly verified: boolean
}

const STORAGE_KEY = 'referat-user'
/** Longest name we keep, in characters. */
export const MAX_USER_NAME_CHARS = 60

/** The caret and swatch colour of a role: dark enough for white text (contrast ≥ 4.5:1). */
export function roleColor(role: Role): string {
  return ROLE_INFO[role].color
}

/** The label of a role in the interface language ("Sekretær", "Secretary"); the input itself when it is not a role. */
export function roleLabel(role: string | null): string {
  if (role === null) return ''
  return isRole(role) ? roleWord(role) : role
}

/** Cleans a user typed or stored; null when the name is empty. Any stored role is ignored. */
export function parseLocalUser(input: unknown): LocalUser | null {
  if (typeof input !== 'object' || input === null) return null
  const { name } = input as Record<string, unknown>
  if (typeof name !== 'string') return null
  const trimmed = name.replace(/\s+/g, ' ').trim().slice(0, MAX_USER_NAME_CHARS)
  return trimmed ? { name: trimmed } : null
}

/** The stored user, or null on first visit (or when storage is unavailable). */
export function loadLocalUser(): LocalUser | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    return raw ? parseLocalUser(JSON.parse(raw)) : null
  } catch {
    return null
  }
}

/** Remembers the user in this browser. Storage failures (private mode) are ignored. */
export function saveLocalUser(user: LocalUser): void {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(user))
  } catch {
    // Without storage the user is asked again next visit; nothing else depends on it.
  }
}

/**
 * The awareness form of a user. `verified` is what we expect the server to set (true when the
 * name comes from a personal token): the server overwrites the field for everyone else, but our
 * own entry is shown from the local state.
 */
export function presenceUser(user: LocalUser, role: Role, verified = false): PresenceUser {
  return { name: user.name, role, color: roleColor(role), verified }
}
