import type { Node as PMNode } from '@tiptap/pm/model'
import { diffWordsWithSpace } from 'diff'
import { ATTENDANCE_GROUPS, HEADER_FIELDS } from '../schema'

/**
 * A readable diff between two versions of the minutes: what was added, removed or changed in the
 * header, the attendance and per sak (matched by agendaItem id, else by number), each part as a
 * word-level list of kept, added and removed text.
 */

/** One run of text: kept, added in the newer version, or removed from the older one. */
export interface DiffPart {
  readonly kind: 'same' | 'added' | 'removed'
  readonly text: string
}

/** A part of the minutes whose text differs. `key` is stable (node name), `label` Norwegian. */
export interface SectionDiff {
  readonly key: string
  readonly label: string
  /** added: only in the newer version; removed: only in the older; changed: in both, different. */
  readonly status: 'added' | 'removed' | 'changed'
  readonly parts: readonly DiffPart[]
}

/** A sak (or "Eventuelt") that was added, removed or changed. */
export interface SakDiff {
  readonly agendaItemId: string | null
  readonly number: string | null
  /** The title in the newer version (the older one's when removed). */
  readonly title: string
  readonly status: 'added' | 'removed' | 'changed'
  /** The sections that differ, in document order. */
  readonly sections: readonly SectionDiff[]
}

/** The whole diff; every list is empty when the two versions read the same. */
export interface MinutesDiff {
  readonly header: readonly SectionDiff[]
  readonly attendance: readonly SectionDiff[]
  readonly saker: readonly SakDiff[]
  /** True when nothing differs. */
  readonly unchanged: boolean
}

/** Sections of a sak, in document order, with their Norwegian labels. */
export const SAK_SECTIONS = [
  { key: 'agendaTitle', label: 'Tittel' },
  { key: 'narrative', label: 'Tekst' },
  { key: 'memberInputs', label: 'Innspill' },
  { key: 'actionItems', label: 'Aksjonspunkter' },
  { key: 'decision', label: 'Vedtak' },
] as const

interface Sak {
  readonly id: string | null
  readonly number: string | null
  readonly title: string
  readonly sections: ReadonlyMap<string, string>
}

/** The text of one textblock, with the attributes a reader would see printed beside it. */
function blockText(block: PMNode): string {
  const text = block.textContent
  if (block.type.name === 'actionItem') {
    const extras = [block.attrs.owner && `ansvarlig: ${String(block.attrs.owner)}`, block.attrs.dueDate && `frist: ${String(block.attrs.dueDate)}`]
    const suffix = extras.filter(Boolean).join(', ')
    return suffix ? `${text} (${suffix})` : text
  }
  if (block.type.name === 'memberInput' && block.attrs.namedBy) return `${text} (${String(block.attrs.namedBy)})`
  return text
}

/** A section's text: one line per textblock, in document order. */
export function sectionText(node: PMNode): string {
  if (node.isTextblock) return blockText(node)
  const lines: string[] = []
  node.descendants((child) => {
    if (!child.isTextblock) return true
    lines.push(blockText(child))
    return false
  })
  return lines.join('\n')
}

function sakOf(node: PMNode): Sak {
  const sections = new Map<string, string>()
  node.forEach((section) => sections.set(section.type.name, sectionText(section)))
  const isOther = node.type.name === 'otherBusiness'
  return {
    // "Eventuelt" has at most one per meeting; it gets a fixed key so it always matches itself.
    id: isOther ? '#otherBusiness' : typeof node.attrs.id === 'string' ? node.attrs.id : null,
    number: typeof node.attrs.number === 'string' ? node.attrs.number : null,
    title: sections.get('agendaTitle') ?? '',
    sections,
  }
}

function sakerOf(minutes: PMNode): Sak[] {
  const saker: Sak[] = []
  minutes.forEach((node) => {
    if (node.type.name === 'agendaItem' || node.type.name === 'otherBusiness') saker.push(sakOf(node))
  })
  return saker
}

/** Named child texts of the first child of `minutes` named `container`. */
function namedTexts(minutes: PMNode, container: string): Map<string, string> {
  const out = new Map<string, string>()
  minutes.forEach((node) => {
    if (node.type.name !== container) return
    node.forEach((child) => out.set(child.type.name, sectionText(child)))
  })
  return out
}

/** Word-level parts of the change from `before` to `after` (whitespace runs are tokens too). */
export function diffText(before: string, after: string): DiffPart[] {
  if (before === after) return before === '' ? [] : [{ kind: 'same', text: before }]
  return diffWordsWithSpace(before, after).map((c) => ({
    kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }))
}

/** The diff of one section, or null when it reads the same in both. */
function diffSection(key: string, label: string, before: string | undefined, after: string | undefined): SectionDiff | null {
  if ((before ?? '') === (after ?? '')) return null
  const status = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed'
  return { key, label, status, parts: diffText(before ?? '', after ?? '') }
}

function diffNamed(
  fields: readonly { readonly name: string; readonly label: string }[],
  before: Map<string, string>,
  after: Map<string, string>,
): SectionDiff[] {
  return fields.flatMap((f) => diffSection(f.name, f.label, before.get(f.name), after.get(f.name)) ?? [])
}

function diffSak(before: Sak | null, after: Sak | null): SakDiff | null {
  const sak = (after ?? before)!
  const sections = SAK_SECTIONS.flatMap((s) => diffSection(s.key, s.label, before?.sections.get(s.key), after?.sections.get(s.key)) ?? [])
  if (before && after && sections.length === 0) return null
  const agendaItemId = sak.id === '#otherBusiness' ? null : sak.id
  const status = !before ? 'added' : !after ? 'removed' : 'changed'
  return { agendaItemId, number: sak.number, title: sak.title, status, sections }
}

/** Pairs each newer sak with its older self: by id first, then by number among the unmatched. */
function matchSaker(before: Sak[], after: Sak[]): Map<Sak, Sak> {
  const matched = new Map<Sak, Sak>()
  const free = new Set(before)
  for (const sak of after) {
    const twin = sak.id === null ? undefined : [...free].find((b) => b.id === sak.id)
    if (twin) {
      matched.set(sak, twin)
      free.delete(twin)
    }
  }
  for (const sak of after) {
    if (matched.has(sak) || sak.number === null) continue
    const twin = [...free].find((b) => b.number === sak.number && (b.id === null || sak.id === null || !after.some((a) => a.id === b.id)))
    if (twin) {
      matched.set(sak, twin)
      free.delete(twin)
    }
  }
  return matched
}

/**
 * Compares two minutes documents (ProseMirror, the minutes schema): header fields, attendance
 * groups and each sak, word by word. Saker are listed in the newer version's order, followed by
 * the removed ones in the older version's order. Marks are ignored (bold is not a change of
 * wording). Pure; never throws for documents of the schema.
 */
export function diffMinutes(before: PMNode, after: PMNode): MinutesDiff {
  const header = diffNamed(HEADER_FIELDS, namedTexts(before, 'meetingHeader'), namedTexts(after, 'meetingHeader'))
  const attendance = diffNamed(ATTENDANCE_GROUPS, namedTexts(before, 'attendance'), namedTexts(after, 'attendance'))
  const oldSaker = sakerOf(before)
  const newSaker = sakerOf(after)
  const matched = matchSaker(oldSaker, newSaker)
  const twins = new Set(matched.values())
  const saker = [
    ...newSaker.flatMap((sak) => diffSak(matched.get(sak) ?? null, sak) ?? []),
    ...oldSaker.filter((sak) => !twins.has(sak)).flatMap((sak) => diffSak(sak, null) ?? []),
  ]
  return { header, attendance, saker, unchanged: header.length === 0 && attendance.length === 0 && saker.length === 0 }
}
