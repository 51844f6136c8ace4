/**
 * Who the person at this browser says they are. There is no login yet: the name and role are
 * chosen on first visit and kept in localStorage. They are shown to others through awareness.
 */

/** Roles in a meeting, as the interface names them. */
export const ROLES = [
  { value: 'sekretær', label: 'Sekretær', color: '#1d4ed8' },
  { value: 'møteleder', label: 'Møteleder', color: '#b91c1c' },
  { value: 'medlem', label: 'Medlem', color: '#047857' },
  { value: 'observatør', label: 'Observatør', color: '#7e22ce' },
] as const
export type Role = (typeof ROLES)[number]['value']

/** The local user as stored. */
export interface LocalUser {
  readonly name: string
  readonly role: Role
}

/** The awareness `user` field: what CollaborationCaret and the presence list read. */
export interface PresenceUser extends LocalUser {
  /** `#rrggbb`: CollaborationCaret renders anything else transparent. */
  readonly color: string
}

const STORAGE_KEY = 'referat-user'
/** Longest name we keep, in characters. */
export const MAX_USER_NAME_CHARS = 60

/** True when `value` is one of ROLES. */
export function isRole(value: unknown): value is Role {
  return ROLES.some((r) => r.value === value)
}

/** The caret and swatch colour of a role: dark enough for white text (contrast ≥ 4.5:1). */
export function roleColor(role: Role): string {
  return ROLES.find((r) => r.value === role)?.color ?? '#374151'
}

/** The Norwegian label of a role ("Sekretær"). */
export function roleLabel(role: string): string {
  return ROLES.find((r) => r.value === role)?.label ?? role
}

/** Cleans a user typed or stored; null when the name is empty or the role unknown. */
export function parseLocalUser(input: unknown): LocalUser | null {
  if (typeof input !== 'object' || input === null) return null
  const { name, role } = input as Record<string, unknown>
  if (typeof name !== 'string' || !isRole(role)) return null
  const trimmed = name.replace(/\s+/g, ' ').trim().slice(0, MAX_USER_NAME_CHARS)
  return trimmed ? { name: trimmed, role } : null
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

/** The awareness form of a user. */
export function presenceUser(user: LocalUser): PresenceUser {
  return { name: user.name, role: user.role, color: roleColor(user.role) }
}
