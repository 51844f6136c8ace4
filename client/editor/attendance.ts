import { Fragment, type Node as PMNode, type Schema } from '@tiptap/pm/model'
import type { Command } from '@tiptap/pm/state'
import { t } from '../i18n'
import { ATTENDANCE_GROUPS, CLOCK_TIME_PATTERN, type AttendanceGroupName } from '../../shared/schema'

/**
 * The attendance section from a roster: pure ProseMirror commands and helpers for the
 * "Oppmøte" dialog. Rendering ("– digitalt", "kom inn i møte kl. 10.10") stays with the schema's
 * attendee attrs; the text is always "Name (Organisation)", a substitute's "Name, Organisation".
 */

/** How one person attends. `remote` is present, digitally. */
export type AttendanceStatus = 'present' | 'remote' | 'absent' | 'observer' | 'secretariat'

/** The dialog's statuses in the order it offers them, with their labels (in the interface language). */
export const ATTENDANCE_STATUSES: readonly { readonly status: AttendanceStatus; readonly label: string }[] = [
  status('present', 'editor.attendance.status.present'),
  status('remote', 'editor.attendance.status.remote'),
  status('absent', 'editor.attendance.status.absent'),
  status('observer', 'editor.attendance.status.observer'),
  status('secretariat', 'editor.attendance.status.secretariat'),
]

/** A status whose label is read in the interface language when shown. */
function status(value: AttendanceStatus, labelKey: string): { readonly status: AttendanceStatus; readonly label: string } {
  return {
    status: value,
    get label() {
      return t(labelKey)
    },
  }
}

/** One person's attendance as the dialog sends it. */
export interface AttendanceRow {
  readonly name: string
  readonly org: string
  readonly status: AttendanceStatus
  /** Late arrival "10.10" (or "10:10"); only for present and remote. */
  readonly arrivedAt?: string | null
  /** Who meets for this person (written to Stedfortredere with substituteFor = name). */
  readonly substitute?: { readonly name: string; readonly org: string } | null
}

const GROUP_OF: Record<AttendanceStatus, AttendanceGroupName> = {
  present: 'presentList',
  remote: 'presentList',
  absent: 'absentList',
  observer: 'observerList',
  secretariat: 'secretariatList',
}

/** The status a roster member's default group stands for (substitutes default to present). */
export function statusOfGroup(group: AttendanceGroupName): AttendanceStatus {
  switch (group) {
    case 'absentList':
      return 'absent'
    case 'observerList':
      return 'observer'
    case 'secretariatList':
      return 'secretariat'
    default:
      return 'present'
  }
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('nb')

/** "Name (Org)" or "Name" when there is no organisation. */
export function attendeeText(name: string, org: string): string {
  const n = name.replace(/\s+/g, ' ').trim()
  const o = org.replace(/\s+/g, ' ').trim()
  return o ? `${n} (${o})` : n
}

/** "Name, Org" for a substitute. */
export function substituteText(name: string, org: string): string {
  const n = name.replace(/\s+/g, ' ').trim()
  const o = org.replace(/\s+/g, ' ').trim()
  return o ? `${n}, ${o}` : n
}

/** Name and organisation of an attendee text: "Name (Org)" (also with text after it), "Name, Org" or "Name". */
export function parseAttendeeText(text: string): { name: string; org: string } {
  const t = text.replace(/\s+/g, ' ').trim()
  const paren = /^(.*?)\s*\(([^)]*)\)/.exec(t)
  if (paren && paren[1]) return { name: paren[1].trim(), org: paren[2].trim() }
  const comma = t.indexOf(',')
  if (comma > 0) return { name: t.slice(0, comma).trim(), org: t.slice(comma + 1).trim() }
  const dash = /^(.*?)\s+[–-]\s+/.exec(t)
  if (dash && dash[1]) return { name: dash[1].trim(), org: '' }
  return { name: t, org: '' }
}

/** "10:10" → "10.10"; null for an empty or malformed time. */
export function normaliseClockTime(value: string | null | undefined): string | null {
  const t = (value ?? '').trim()
  return CLOCK_TIME_PATTERN.test(t) ? t.replace(':', '.') : null
}

/** The attendance node and its position, or null. */
function findAttendance(doc: PMNode): { node: PMNode; pos: number } | null {
  let found: { node: PMNode; pos: number } | null = null
  doc.forEach((child, offset) => {
    if (!found && child.type.name === 'attendance') found = { node: child, pos: offset }
  })
  return found
}

/**
 * The attendance the document shows, as rows (for the dialog's first state). Substitutes are
 * attached to the row of the person they stand in for; a substitute for someone not listed
 * gets no row. Empty attendees are skipped.
 */
export function readAttendance(doc: PMNode): AttendanceRow[] {
  const attendance = findAttendance(doc)
  if (!attendance) return []
  const rows: { name: string; org: string; status: AttendanceStatus; arrivedAt: string | null; substitute: { name: string; org: string } | null }[] = []
  const substitutes: { name: string; org: string; forName: string }[] = []
  attendance.node.forEach((group) => {
    group.forEach((attendee) => {
      const text = attendee.textContent.trim()
      if (!text) return
      const parsed = parseAttendeeText(text)
      if (group.type.name === 'substituteList') {
        const forName = String(attendee.attrs.substituteFor ?? '')
        if (forName) substitutes.push({ ...parsed, forName })
        return
      }
      const groupName = group.type.name as AttendanceGroupName
      const status: AttendanceStatus = groupName === 'presentList' && attendee.attrs.remote ? 'remote' : statusOfGroup(groupName)
      rows.push({ ...parsed, status, arrivedAt: (attendee.attrs.arrivedAt as string | null) ?? null, substitute: null })
    })
  })
  for (const sub of substitutes) {
    const row = rows.find((r) => norm(r.name) === norm(sub.forName))
    if (row && !row.substitute) row.substitute = { name: sub.name, org: sub.org }
  }
  return rows
}

interface Planned {
  readonly row: AttendanceRow
  /** The member's own attendee in its group. */
  readonly member: { group: AttendanceGroupName; text: string; attrs: Record<string, unknown> }
  /** The substitute's attendee, if any. */
  readonly substitute: { text: string; attrs: Record<string, unknown> } | null
}

function plan(row: AttendanceRow): Planned {
  const group = GROUP_OF[row.status]
  const present = group === 'presentList'
  const sub = row.substitute && row.substitute.name.trim() ? row.substitute : null
  return {
    row,
    member: {
      group,
      text: attendeeText(row.name, row.org),
      attrs: { remote: row.status === 'remote', arrivedAt: present ? normaliseClockTime(row.arrivedAt) : null, substituteFor: null },
    },
    substitute: sub ? { text: substituteText(sub.name, sub.org), attrs: { remote: false, arrivedAt: null, substituteFor: row.name.trim() } } : null,
  }
}

/**
 * Writes the rows into the attendance section in one transaction. Merges, never silently
 * deletes what was typed:
 * - an attendee whose name matches a row (substitutes: whose substituteFor matches a row, or
 *   whose name is that row's substitute) is updated in place when the row keeps it in the same
 *   group, and moved otherwise (to the end of its new group);
 * - every other attendee stays where it is, text and attrs untouched;
 * - rows not yet in the document are appended to their group in the given order;
 * - empty attendees (the template's placeholders) go, except where a group would be empty.
 * Rows with an empty name are ignored. Returns false when the document has no attendance
 * section or nothing would change.
 */
export function applyAttendance(rows: readonly AttendanceRow[]): Command {
  return (state, dispatch) => {
    const attendance = findAttendance(state.doc)
    if (!attendance) return false
    const schema: Schema = state.schema
    const plans = rows.filter((r) => r.name.trim()).map(plan)
    const byName = new Map<string, Planned>()
    for (const p of plans) if (!byName.has(norm(p.row.name))) byName.set(norm(p.row.name), p)
    const bySubstituteName = new Map<string, Planned>()
    for (const p of plans) if (p.substitute && p.row.substitute) bySubstituteName.set(norm(p.row.substitute.name), p)

    const placedMember = new Set<Planned>()
    const placedSubstitute = new Set<Planned>()
    const out = new Map<AttendanceGroupName, PMNode[]>(ATTENDANCE_GROUPS.map((g) => [g.name, []]))
    const attendee = (text: string, attrs: Record<string, unknown>) =>
      schema.nodes.attendee.create(attrs, text ? schema.text(text) : null)

    attendance.node.forEach((group) => {
      const groupName = group.type.name as AttendanceGroupName
      const list = out.get(groupName)
      if (!list) return
      group.forEach((node) => {
        const text = node.textContent.trim()
        if (!text) return
        const name = norm(parseAttendeeText(text).name)
        if (groupName === 'substituteList') {
          const forName = norm(String(node.attrs.substituteFor ?? ''))
          const owner = (forName && byName.get(forName)) || bySubstituteName.get(name)
          if (!owner) return void list.push(node)
          if (owner.substitute && !placedSubstitute.has(owner)) {
            placedSubstitute.add(owner)
            list.push(attendee(owner.substitute.text, owner.substitute.attrs))
          }
          return
        }
        const owner = byName.get(name)
        if (!owner) return void list.push(node)
        if (owner.member.group === groupName && !placedMember.has(owner)) {
          placedMember.add(owner)
          list.push(attendee(owner.member.text, owner.member.attrs))
        }
      })
    })
    for (const p of plans) {
      if (!placedMember.has(p)) out.get(p.member.group)!.push(attendee(p.member.text, p.member.attrs))
      if (p.substitute && !placedSubstitute.has(p)) out.get('substituteList')!.push(attendee(p.substitute.text, p.substitute.attrs))
    }

    const groups = ATTENDANCE_GROUPS.map((g) => {
      const list = out.get(g.name)!
      return schema.nodes[g.name].create(null, list.length ? list : [schema.nodes.attendee.create()])
    })
    const content = Fragment.from(groups)
    if (content.eq(attendance.node.content)) return false
    if (dispatch) {
      const from = attendance.pos + 1
      dispatch(state.tr.replaceWith(from, from + attendance.node.content.size, content).scrollIntoView())
    }
    return true
  }
}
