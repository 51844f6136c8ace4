import type { Node as PMNode } from '@tiptap/pm/model'
import type { Language } from '../../shared/i18n/languages'
import { actionItemIdsByPlace, decisionText, hashDecisionText, isUnchangedProposal, type JSONContent, type MeetingSummary } from '../../shared/minutes'
import type { Confirmation } from '../../shared/register'
import { ATTENDANCE_GROUPS, type AttendanceGroupName } from '../../shared/schema'
import { BOKMAL_LABELS, exportLabels, type ExportKey, type ExportLabels } from './labels'
import {
  approvalLine,
  confirmationLine,
  confirmedBy,
  followUpText,
  sakTimesLine,
  type ActionFollowUp,
  type ConfirmationRecord,
  type RecordFacts,
  type ReferatStatus,
  type VedtakStatus,
} from './record'

export type { RenderOptions, SealInfo } from './record'

/**
 * The referat as every export renders it: the minutes document reduced to what a published
 * referat shows (seed 003's layout), in document order. Plain data (JSON-safe); `toJson` writes
 * it as the documented `referat/1` format (docs/EXPORT_FORMAT.md). Empty paragraphs, entries
 * and attendees (the editor's placeholders) are left out.
 */
export interface ReferatModel {
  /**
   * The meeting's language (the register's, issue 16): every label and printed line of the model
   * is in it, and every renderer prints its own fixed words in it. Absent in exports sealed before
   * languages: bokmål (languageOf).
   */
  readonly language: Language
  readonly organ: string
  readonly title: string
  /** Møte, Dato, Tid, Sted: in print order, each with its label; empty values kept as ''. */
  readonly header: readonly HeaderRow[]
  /** Attendance groups that have at least one attendee, in print order. */
  readonly attendance: readonly AttendanceGroup[]
  /** One row per sak (Eventuelt included), in document order. */
  readonly agenda: readonly AgendaRow[]
  readonly saker: readonly Sak[]
  /** "Godkjent" once the register records an approval, else "Utkast". */
  readonly status: ReferatStatus
  /** The approval, when recorded: its time, where, and the printed line. */
  readonly approval: Approval | null
}

export interface Approval {
  /** ISO timestamp. */
  readonly approvedAt: string
  /** As the approver wrote it ("møte 4/2023"), or null. */
  readonly approvedIn: string | null
  /** "Godkjent i møte 4/2023, 15. november 2023" */
  readonly display: string
}

export interface HeaderRow {
  readonly field: 'meetingNumber' | 'meetingDate' | 'meetingTime' | 'meetingPlace'
  readonly label: string
  readonly value: string
}

export interface AttendanceGroup {
  readonly group: string
  readonly label: string
  readonly attendees: readonly Attendee[]
}

export interface Attendee {
  /** As typed: "Erik Hansen (Helse Vest RHF)". */
  readonly text: string
  readonly remote: boolean
  /** "10.10" when the attendee came late. */
  readonly arrivedAt: string | null
  /** The member a stedfortreder stands in for. */
  readonly substituteFor: string | null
  /** The printed line: text, ", for <name>", " – digitalt", ", kom kl. <time>". */
  readonly display: string
}

export interface AgendaRow {
  /** As printed: the series and the number ("PS 12/24"), or the number alone. */
  readonly number: string | null
  readonly title: string
  readonly caseType: string | null
}

/** A piece of running text; a line break inside a paragraph is "\n". */
export interface Run {
  readonly text: string
  readonly bold?: true
  readonly italic?: true
}

export type Block =
  | { readonly type: 'paragraph'; readonly runs: readonly Run[] }
  | { readonly type: 'subheading'; readonly text: string }
  | { readonly type: 'bulletList'; readonly items: readonly (readonly Block[])[] }
  /** One innspill (a bullet under "Innspill:"); `namedBy` when the member asked to be named. */
  | { readonly type: 'memberInput'; readonly runs: readonly Run[]; readonly namedBy: string | null }

export interface ActionPoint {
  readonly runs: readonly Run[]
  /** Ansvarlig */
  readonly owner: string | null
  /** Frist, ISO date */
  readonly dueDate: string | null
  /** The organ's follow-up status (issue 15), where known: only in exports of the live minutes and unsealed versions. */
  readonly followUp?: ActionFollowUp
}

export interface Sak {
  readonly kind: 'agendaItem' | 'otherBusiness'
  readonly id: string | null
  /** As printed: the series and the number ("PS 12/24", "RS 3/24"), or the number alone ("12/20"). */
  readonly number: string | null
  /** The series (PS politisk sak, RS referatsak) as the agenda wrote it; null when none. */
  readonly prefix: string | null
  /** The agenda's planned start and end, "HH:MM"; null when it gave none. */
  readonly plannedStart: string | null
  readonly plannedEnd: string | null
  readonly title: string
  readonly caseType: string | null
  readonly narrative: readonly Block[]
  /** The Innspill section: memberInput entries, with the section's own paragraphs and subheadings. */
  readonly innspill: readonly Block[]
  readonly aksjonspunkter: readonly ActionPoint[]
  /** The vedtak's paragraphs; null when the sak has none (always for Eventuelt). */
  readonly vedtak: readonly (readonly Run[])[] | null
  /** True while the vedtak is still the innkalling's unchanged "Forslag til vedtak". */
  readonly vedtakIsUnchangedProposal: boolean
  /** The vedtak as a record (see VedtakStatus); null when the sak has no vedtak text. */
  readonly vedtakStatus: VedtakStatus | null
  /** The heading over the vedtak: "Vedtak", or "Forslag til vedtak (ikke behandlet)" for a `proposal`; null without one. */
  readonly vedtakLabel: string | null
  /** The chair's latest confirmation of this sak's vedtak, also when the text changed after it. */
  readonly confirmation: ConfirmationRecord | null
  /** The line under the vedtak: "Bekreftet av møteleder …", "Ikke bekreftet", "Endret etter bekreftelse (…)"; null without vedtak. */
  readonly confirmationDisplay: string | null
  /** When the sak was started and ended in the meeting (ISO timestamps), null when not recorded. */
  readonly startedAt: string | null
  readonly endedAt: string | null
  /** "Startet kl. 10.12, avsluttet kl. 10.40." in Norwegian time; null when neither is recorded. */
  readonly timesDisplay: string | null
}

const HEADER_ROWS = [
  { field: 'meetingNumber', label: 'export.header.meetingNumber' },
  { field: 'meetingDate', label: 'export.header.meetingDate' },
  { field: 'meetingTime', label: 'export.header.meetingTime' },
  { field: 'meetingPlace', label: 'export.header.meetingPlace' },
] as const satisfies readonly { field: HeaderRow['field']; label: ExportKey }[]

/**
 * Printed labels of the attendance groups (seed 003 says "Stedfortreder"); shared/schema's labels
 * stay the bokmål words the import parses.
 */
const GROUP_LABELS: Readonly<Record<AttendanceGroupName, ExportKey>> = {
  presentList: 'export.attendance.presentList',
  absentList: 'export.attendance.absentList',
  substituteList: 'export.attendance.substituteList',
  observerList: 'export.attendance.observerList',
  secretariatList: 'export.attendance.secretariatList',
}

/** The printed label of an attendance group ("Til stede", "Til stades", "Present"); the group name itself when unknown. */
export function attendanceGroupLabel(group: string, labels: ExportLabels = BOKMAL_LABELS): string {
  const key = (GROUP_LABELS as Readonly<Record<string, ExportKey | undefined>>)[group]
  return key ? labels.t(key) : group
}

/** The language of a model, also of one sealed before languages (bokmål then). */
export function languageOf(model: { readonly language?: Language | null }): Language {
  return model.language ?? 'nb'
}

/** The export words of a model's language. */
export function labelsOf(model: { readonly language?: Language | null }): ExportLabels {
  return exportLabels(languageOf(model))
}

function runsOf(node: PMNode): Run[] {
  const runs: Run[] = []
  node.forEach((child) => {
    const text = child.type.name === 'hardBreak' ? '\n' : (child.text ?? '')
    if (!text) return
    const bold = child.marks.some((m) => m.type.name === 'bold')
    const italic = child.marks.some((m) => m.type.name === 'italic')
    const run: Run = { text, ...(bold ? { bold: true as const } : {}), ...(italic ? { italic: true as const } : {}) }
    const last = runs[runs.length - 1]
    // Adjacent runs with the same formatting are one run (a hardBreak splits text nodes).
    if (last && !!last.bold === bold && !!last.italic === italic) runs[runs.length - 1] = { ...last, text: last.text + text }
    else runs.push(run)
  })
  return runs
}

const hasText = (runs: readonly Run[]) => runs.some((r) => r.text.trim() !== '')

function blocksOf(container: PMNode): Block[] {
  const blocks: Block[] = []
  container.forEach((node) => {
    const block = blockOf(node)
    if (block) blocks.push(block)
  })
  return blocks
}

function blockOf(node: PMNode): Block | null {
  switch (node.type.name) {
    case 'paragraph': {
      const runs = runsOf(node)
      return hasText(runs) ? { type: 'paragraph', runs } : null
    }
    case 'subheading':
      return node.textContent.trim() ? { type: 'subheading', text: node.textContent } : null
    case 'memberInput': {
      const runs = runsOf(node)
      const namedBy = typeof node.attrs.namedBy === 'string' && node.attrs.namedBy ? node.attrs.namedBy : null
      return hasText(runs) ? { type: 'memberInput', runs, namedBy } : null
    }
    case 'bulletList': {
      const items: Block[][] = []
      node.forEach((item) => {
        const content = blocksOf(item)
        if (content.length > 0) items.push(content)
      })
      return items.length > 0 ? { type: 'bulletList', items } : null
    }
    default:
      return null
  }
}

function attendeeOf(node: PMNode, labels: ExportLabels): Attendee | null {
  const text = node.textContent.trim()
  if (!text) return null
  const remote = node.attrs.remote === true
  const arrivedAt = typeof node.attrs.arrivedAt === 'string' ? node.attrs.arrivedAt : null
  const substituteFor = typeof node.attrs.substituteFor === 'string' && node.attrs.substituteFor ? node.attrs.substituteFor : null
  let display = text
  if (substituteFor) display += `, ${labels.t('export.attendee.substituteFor', { name: substituteFor })}`
  if (remote) display += ` – ${labels.t('export.attendee.remote')}`
  if (arrivedAt) display += `, ${labels.t('export.attendee.arrived', { time: arrivedAt })}`
  return { text, remote, arrivedAt, substituteFor, display }
}

function attendanceOf(attendance: PMNode | null, labels: ExportLabels): AttendanceGroup[] {
  if (!attendance) return []
  const groups: AttendanceGroup[] = []
  for (const def of ATTENDANCE_GROUPS) {
    let groupNode: PMNode | null = null
    attendance.forEach((child) => {
      if (child.type.name === def.name) groupNode = child
    })
    if (!groupNode) continue
    const attendees: Attendee[] = []
    ;(groupNode as PMNode).forEach((child) => {
      const attendee = attendeeOf(child, labels)
      if (attendee) attendees.push(attendee)
    })
    if (attendees.length > 0) groups.push({ group: def.name, label: attendanceGroupLabel(def.name, labels), attendees })
  }
  return groups
}

/** What a sak's record needs from outside the minutes. */
interface SakContext {
  readonly confirmations: ReadonlyMap<string, Confirmation>
  /** The meeting's ISO date: a sak time on that day prints without its date. */
  readonly meetingDate: string | null
  /** The follow-up status of the sak's `index`-th aksjonspunkt node, or undefined. */
  readonly followUpOf: (sakIndex: number, index: number) => ActionFollowUp | undefined
  readonly labels: ExportLabels
}

const isoAttr = (value: unknown) => (typeof value === 'string' && value ? value : null)

/** The vedtak's status, heading, confirmation and printed line; all null when the sak has no vedtak text. */
function vedtakRecordOf(
  decision: PMNode | null,
  confirmation: Confirmation | undefined,
  labels: ExportLabels,
): Pick<Sak, 'vedtakStatus' | 'vedtakLabel' | 'confirmation' | 'confirmationDisplay'> {
  if (!decision || decisionText(decision).trim() === '') {
    return { vedtakStatus: null, vedtakLabel: null, confirmation: null, confirmationDisplay: null }
  }
  // The first vedtak's text is what the chair confirms (decisionsOf, registerApi's handleConfirm).
  const record: ConfirmationRecord | null = confirmation
    ? { by: confirmedBy(confirmation.by), at: confirmation.at, textHash: confirmation.textHash, text: confirmation.text }
    : null
  let status: VedtakStatus
  if (record) status = record.textHash === hashDecisionText(decisionText(decision)) ? 'confirmed' : 'changed'
  else status = isUnchangedProposal(decision) ? 'proposal' : 'unconfirmed'
  return {
    vedtakStatus: status,
    vedtakLabel: labels.t(status === 'proposal' ? 'export.vedtak.proposal' : 'export.vedtak.label'),
    confirmation: record,
    confirmationDisplay: confirmationLine(status, record, labels),
  }
}

function sakOf(node: PMNode, context: SakContext, sakIndex: number): Sak {
  const kind = node.type.name === 'otherBusiness' ? 'otherBusiness' : 'agendaItem'
  let title = ''
  const narrative: Block[] = []
  const innspill: Block[] = []
  const aksjonspunkter: ActionPoint[] = []
  let vedtak: Run[][] | null = null
  let vedtakIsUnchangedProposal = false
  let firstDecision: PMNode | null = null
  let actionNodes = 0
  node.forEach((section) => {
    switch (section.type.name) {
      case 'agendaTitle':
        title = section.textContent
        break
      case 'narrative':
        narrative.push(...blocksOf(section))
        break
      case 'memberInputs':
        innspill.push(...blocksOf(section))
        break
      case 'actionItems':
        section.forEach((item) => {
          const index = actionNodes++
          const runs = runsOf(item)
          if (!hasText(runs)) return
          const owner = typeof item.attrs.owner === 'string' && item.attrs.owner ? item.attrs.owner : null
          const dueDate = typeof item.attrs.dueDate === 'string' ? item.attrs.dueDate : null
          const followUp = context.followUpOf(sakIndex, index)
          aksjonspunkter.push({ runs, owner, dueDate, ...(followUp ? { followUp } : {}) })
        })
        break
      case 'decision':
        // A merged shape may briefly hold two vedtak; their paragraphs print as one.
        vedtak = [...(vedtak ?? []), ...blocksOf(section).flatMap((b) => (b.type === 'paragraph' ? [[...b.runs]] : []))]
        vedtakIsUnchangedProposal = isUnchangedProposal(section)
        firstDecision ??= section
        break
    }
  })
  const id = typeof node.attrs.id === 'string' ? node.attrs.id : null
  const startedAt = isoAttr(node.attrs.startedAt)
  const endedAt = isoAttr(node.attrs.endedAt)
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)
  const prefix = kind === 'agendaItem' ? text(node.attrs.prefix) : null
  const number = text(node.attrs.number)
  const plannedStart = kind === 'agendaItem' ? text(node.attrs.plannedStart) : null
  const plannedEnd = kind === 'agendaItem' ? text(node.attrs.plannedEnd) : null
  return {
    kind,
    id,
    number: number && prefix ? `${prefix} ${number}` : number,
    prefix,
    plannedStart,
    plannedEnd,
    title,
    caseType: kind === 'agendaItem' && typeof node.attrs.caseType === 'string' ? node.attrs.caseType : null,
    narrative,
    innspill,
    aksjonspunkter,
    vedtak: kind === 'agendaItem' ? vedtak : null,
    vedtakIsUnchangedProposal: kind === 'agendaItem' && vedtakIsUnchangedProposal,
    ...vedtakRecordOf(kind === 'agendaItem' ? firstDecision : null, id ? context.confirmations.get(id) : undefined, context.labels),
    startedAt,
    endedAt,
    timesDisplay: sakTimesLine(startedAt, endedAt, context.meetingDate, { start: plannedStart, end: plannedEnd }, context.labels),
  }
}

function approvalOf(record: RecordFacts | null | undefined, labels: ExportLabels): Approval | null {
  if (!record?.approvedAt) return null
  const approvedIn = record.approvedInMeeting?.trim() || null
  return { approvedAt: record.approvedAt, approvedIn, display: approvalLine(record.approvedAt, approvedIn, labels) }
}

/**
 * Builds the export model from a minutes document (minutesSchema). `meeting` fills header
 * fields the document leaves empty (number, a date, time, place, organ); `record` (the
 * register's confirmations, approval and language) gives each vedtak its status, the referat its
 * Utkast/Godkjent, and every label and printed line its language (bokmål without one). Pure.
 */
export function toReferatModel(doc: PMNode, meeting?: MeetingSummary | null, record?: RecordFacts | null): ReferatModel {
  const labels = record?.language ? exportLabels(record.language) : BOKMAL_LABELS
  const fields: Record<string, string> = {}
  let attendanceNode: PMNode | null = null
  const saker: Sak[] = []
  const context: SakContext = {
    confirmations: new Map((record?.confirmations ?? []).map((c) => [c.agendaItemId, c])),
    meetingDate: meeting?.date || null,
    followUpOf: followUpsOf(doc, record?.followUps),
    labels,
  }
  doc.forEach((child) => {
    if (child.type.name === 'meetingHeader') child.forEach((field) => (fields[field.type.name] = field.textContent.trim()))
    else if (child.type.name === 'attendance') attendanceNode = child
    else if (child.type.name === 'agendaItem' || child.type.name === 'otherBusiness') saker.push(sakOf(child, context, saker.length))
  })
  const approval = approvalOf(record, labels)
  const fallback: Record<string, string> = {
    organ: meeting?.organ ?? '',
    meetingTitle: meeting?.title ?? '',
    meetingNumber: meeting?.number ?? '',
    meetingDate: meeting?.date ? labels.date(meeting.date) : '',
    meetingTime: meeting?.time ?? '',
    meetingPlace: meeting?.place ?? '',
  }
  const value = (name: string) => fields[name] || fallback[name] || ''
  const organ = value('organ')
  return {
    language: labels.language,
    organ,
    title: value('meetingTitle') || (organ ? labels.t('export.title.withOrgan', { organ }) : labels.t('export.title.plain')),
    header: HEADER_ROWS.map((row) => ({ field: row.field, label: labels.t(row.label), value: value(row.field) })),
    attendance: attendanceOf(attendanceNode, labels),
    agenda: saker.map((s) => ({ number: s.number, title: s.title, caseType: s.caseType })),
    saker,
    status: approval ? 'Godkjent' : 'Utkast',
    approval,
  }
}

/** The follow-up status of an aksjonspunkt by its place, from `followUps` by item id (the ids actionItemIdsByPlace gives). */
function followUpsOf(doc: PMNode, followUps: ReadonlyMap<string, ActionFollowUp> | undefined): SakContext['followUpOf'] {
  if (!followUps || followUps.size === 0) return () => undefined
  const ids = actionItemIdsByPlace(doc.toJSON() as JSONContent)
  return (sakIndex, index) => {
    const id = ids.get(`${sakIndex}:${index}`)
    return id === undefined ? undefined : followUps.get(id)
  }
}

/** A run list as plain text. */
export function plainText(runs: readonly Run[]): string {
  return runs.map((r) => r.text).join('')
}

/** "17/23 Godkjenning av innkalling og dagsorden": the heading of a sak. */
export function sakHeading(sak: Sak): string {
  return sak.number ? `${sak.number} ${sak.title}` : sak.title
}

/** "… (Ansvarlig: X, Frist: 4. oktober 2023)": an action point's responsibility, or ''. */
export function actionSuffix(action: ActionPoint, labels: ExportLabels = BOKMAL_LABELS): string {
  const parts: string[] = []
  if (action.owner) parts.push(labels.t('export.action.owner', { owner: action.owner }))
  if (action.dueDate) parts.push(labels.t('export.action.due', { date: labels.date(action.dueDate) }))
  if (action.followUp) parts.push(followUpText(action.followUp, labels))
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
