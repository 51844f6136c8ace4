/**
 * Roles in a meeting and what each may do. The server enforces these; the client only uses them
 * to show the right controls.
 */

export const ROLES = ['sekretær', 'møteleder', 'medlem', 'observatør'] as const
export type Role = (typeof ROLES)[number]

/** Norwegian label and presence colour (`#rrggbb`, ≥ 4.5:1 against white text) of each role. */
export const ROLE_INFO: Readonly<Record<Role, { readonly label: string; readonly color: string }>> = {
  sekretær: { label: 'Sekretær', color: '#1d4ed8' },
  møteleder: { label: 'Møteleder', color: '#b91c1c' },
  medlem: { label: 'Medlem', color: '#047857' },
  observatør: { label: 'Observatør', color: '#7e22ce' },
}

/** True when `value` is one of ROLES. */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

/** May write the minutes text (until the meeting is closed). */
export function canWriteMinutes(role: Role): boolean {
  return role === 'sekretær' || role === 'møteleder'
}

/** May confirm a vedtak and close the meeting. */
export function canChair(role: Role): boolean {
  return role === 'møteleder'
}

/** May file correction flags on the minutes. */
export function canFlag(role: Role): boolean {
  return role === 'medlem'
}

/** May accept, resolve or reject members' flags. */
export function canDecideFlags(role: Role): boolean {
  return role === 'sekretær' || role === 'møteleder'
}
