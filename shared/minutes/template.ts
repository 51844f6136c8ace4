import { hashDecisionText } from './decisionText'
import type { JSONContent } from './json'
import { ATTENDANCE_GROUPS, HEADER_FIELDS, type CaseType, type HeaderFieldName } from '../schema'

/** What the secretary fills in when creating a meeting. All free text, already trimmed. */
export interface MeetingInfo {
  readonly organ: string
  readonly title: string
  /** "3/2023" */
  readonly number: string
  /** ISO date, "2023-10-04" */
  readonly date: string
  /** "09.00 – 15.00" */
  readonly time: string
  readonly place: string
  /** Running number of the meeting's first sak (17 for "17/23"); 1 when absent. */
  readonly firstAgendaNumber?: number
}

const text = (value: string): JSONContent[] => (value ? [{ type: 'text', text: value }] : [])
const para = (value = ''): JSONContent => ({ type: 'paragraph', content: text(value) })

/** "4. oktober 2023" for "2023-10-04"; the input unchanged when it is not an ISO date. */
export function formatNorwegianDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso)
  if (!m) return iso
  const months = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'desember']
  const month = months[Number(m[2]) - 1]
  return month ? `${Number(m[3])}. ${month} ${m[1]}` : iso
}

/** "17/23" from a running number and the year of an ISO date. */
export function agendaNumber(runningNumber: number, isoDate: string): string {
  const year = /^(\d{4})-/.exec(isoDate)?.[1] ?? String(new Date().getFullYear())
  return `${runningNumber}/${year.slice(2)}`
}

/** A fresh url-safe id for an agenda item (16 characters). */
export function newNodeId(): string {
  const bytes = new Uint8Array(12)
  globalThis.crypto.getRandomValues(bytes)
  let out = ''
  for (const b of bytes) out += String.fromCharCode(b)
  return btoa(out).replace(/\+/g, '-').replace(/\//g, '_')
}

/** An agenda item (sak) as ProseMirror JSON. */
export function agendaItemJSON(opts: {
  number: string
  title: string
  caseType?: CaseType | null
  /** "PS" / "RS" before the number. */
  prefix?: string | null
  /** Paragraphs separated by a blank line. */
  narrative?: string
  decision?: string | null
  /** "Forslag til vedtak" from the innkalling: the vedtak starts as this text, marked as a proposal. */
  proposal?: string | null
  /** Planned start from the agenda, "13:05". */
  plannedStart?: string | null
  /** Planned end from the agenda, "13:20". */
  plannedEnd?: string | null
  id?: string
}): JSONContent {
  const narrative = opts.narrative ? opts.narrative.split(/\n{2,}/).map((p) => para(p)) : [para()]
  const content: JSONContent[] = [
    { type: 'agendaTitle', content: text(opts.title) },
    { type: 'narrative', content: narrative },
  ]
  if (opts.proposal) {
    const paragraphs = opts.proposal.split(/\n{2,}/)
    content.push({
      type: 'decision',
      attrs: { proposedTextHash: hashDecisionText(paragraphs.join('\n\n')) },
      content: paragraphs.map((p) => para(p)),
    })
  } else if (opts.decision !== null && opts.decision !== undefined) {
    content.push({ type: 'decision', content: [para(opts.decision)] })
  }
  return {
    type: 'agendaItem',
    attrs: {
      id: opts.id ?? newNodeId(),
      number: opts.number,
      prefix: opts.prefix ?? null,
      caseType: opts.caseType ?? null,
      plannedStart: opts.plannedStart ?? null,
      plannedEnd: opts.plannedEnd ?? null,
    },
    content,
  }
}

/** The "Eventuelt" block as ProseMirror JSON, with the agenda's prefix and planned times when it gave them. */
export function otherBusinessJSON(
  number: string,
  id = newNodeId(),
  extra: { prefix?: string | null; plannedStart?: string | null; plannedEnd?: string | null } = {},
  title = BOKMAL_TEMPLATE_WORDS.otherBusiness,
): JSONContent {
  const attrs: Record<string, string> = { id, number }
  for (const key of ['prefix', 'plannedStart', 'plannedEnd'] as const) if (extra[key]) attrs[key] = extra[key]
  return {
    type: 'otherBusiness',
    attrs,
    content: [
      { type: 'agendaTitle', content: text(title) },
      { type: 'narrative', content: [para()] },
    ],
  }
}

/**
 * The words a new meeting's minutes start with, in the meeting's language (the server fills them
 * from its export catalogue, server/export/labels.ts); bokmål by default.
 */
export interface TemplateWords {
  /** The title when none is given: "Referat fra møte i <organ>". */
  title(organ: string): string
  /** Who decides in the opening vedtak when no organ is given: "Møtet". */
  readonly organFallback: string
  readonly approveAgendaTitle: string
  approveAgendaDecision(organ: string): string
  readonly approvePreviousTitle: string
  approvePreviousDecision(organ: string): string
  /** The sakstype of both opening saker: "Godkjenning". */
  readonly approvalCaseType: string
  /** "Eventuelt" */
  readonly otherBusiness: string
  /** The meeting date as the header shows it: "4. oktober 2023". */
  date(isoDate: string): string
}

export const BOKMAL_TEMPLATE_WORDS: TemplateWords = {
  title: (organ) => `Referat fra møte i ${organ}`,
  organFallback: 'Møtet',
  approveAgendaTitle: 'Godkjenning av innkalling og dagsorden',
  approveAgendaDecision: (organ) => `${organ} godkjenner innkalling og dagsorden.`,
  approvePreviousTitle: 'Godkjenning av referat fra forrige møte',
  approvePreviousDecision: (organ) => `${organ} godkjenner referatet fra forrige møte.`,
  approvalCaseType: 'Godkjenning',
  otherBusiness: 'Eventuelt',
  date: formatNorwegianDate,
}

/**
 * The minutes a new meeting starts from: the header filled in, an empty attendance list, the two
 * standard opening saker with their usual vedtak, and Eventuelt, in `words`' language.
 */
export function minutesTemplate(info: MeetingInfo, words: TemplateWords = BOKMAL_TEMPLATE_WORDS): JSONContent {
  const header: Record<HeaderFieldName, string> = {
    organ: info.organ,
    meetingTitle: info.title || words.title(info.organ),
    meetingNumber: info.number,
    meetingDate: words.date(info.date),
    meetingTime: info.time,
    meetingPlace: info.place,
  }
  const first = info.firstAgendaNumber ?? 1
  const organ = info.organ || words.organFallback
  return {
    type: 'minutes',
    content: [
      { type: 'meetingHeader', content: HEADER_FIELDS.map((f) => ({ type: f.name, content: text(header[f.name]) })) },
      {
        type: 'attendance',
        content: ATTENDANCE_GROUPS.map((g) => ({ type: g.name, content: [{ type: 'attendee' }] })),
      },
      agendaItemJSON({
        number: agendaNumber(first, info.date),
        title: words.approveAgendaTitle,
        caseType: words.approvalCaseType,
        decision: words.approveAgendaDecision(organ),
      }),
      agendaItemJSON({
        number: agendaNumber(first + 1, info.date),
        title: words.approvePreviousTitle,
        caseType: words.approvalCaseType,
        decision: words.approvePreviousDecision(organ),
      }),
      otherBusinessJSON(agendaNumber(first + 2, info.date), undefined, {}, words.otherBusiness),
    ],
  }
}
