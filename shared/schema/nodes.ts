import {
  AGENDA_NUMBER_PATTERN,
  AGENDA_PREFIX_PATTERN,
  CLOCK_TIME_PATTERN,
  ISO_DATE_PATTERN,
  ISO_TIMESTAMP_PATTERN,
  NODE_ID_PATTERN,
  SHA256_HEX_PATTERN,
  caseTypeAttr,
  flagAttr,
  patternAttr,
  textAttr,
  type AttrDef,
} from './attrs'

/**
 * The minutes document, defined once.
 *
 * These plain definitions are the single source of truth: `buildSchema()` turns them into the
 * ProseMirror schema the server validates with, and the client turns each into a Tiptap node
 * extension. Node names are also the Y.XmlElement names y-prosemirror stores in the shared
 * fragment, so renaming a node is an incompatible change (bump SCHEMA_VERSION).
 */
export interface NodeDef {
  readonly name: string
  /** ProseMirror content expression; absent for leaves. */
  readonly content?: string
  readonly group?: 'block' | 'inline'
  readonly inline?: boolean
  /** Marks allowed inside; '' for none. Defaults to all marks for textblocks. */
  readonly marks?: string
  readonly attrs?: Readonly<Record<string, AttrDef>>
  /** DOM element the node renders to, and parses from together with `className`. */
  readonly tag: string
  readonly className?: string
  /** Norwegian label the UI shows for this part of the minutes. */
  readonly label?: string
  readonly defining?: boolean
  readonly isolating?: boolean
  readonly leaf?: boolean
}

/** Header fields, in the order they are printed. */
export const HEADER_FIELDS = [
  { name: 'organ', label: 'Organ' },
  { name: 'meetingTitle', label: 'Tittel' },
  { name: 'meetingNumber', label: 'Møte' },
  { name: 'meetingDate', label: 'Dato' },
  { name: 'meetingTime', label: 'Tid' },
  { name: 'meetingPlace', label: 'Sted' },
] as const
export type HeaderFieldName = (typeof HEADER_FIELDS)[number]['name']

/** Attendance groups, in the order they are printed. */
export const ATTENDANCE_GROUPS = [
  { name: 'presentList', label: 'Til stede' },
  { name: 'absentList', label: 'Ikke til stede' },
  { name: 'substituteList', label: 'Stedfortredere' },
  { name: 'observerList', label: 'Observatører' },
  { name: 'secretariatList', label: 'Sekretariat' },
] as const
export type AttendanceGroupName = (typeof ATTENDANCE_GROUPS)[number]['name']

const headerFieldDefs: NodeDef[] = HEADER_FIELDS.map((f) => ({
  name: f.name,
  content: 'text*',
  marks: '',
  tag: 'p',
  className: `field-${f.name}`,
  label: f.label,
  defining: true,
}))

const attendanceGroupDefs: NodeDef[] = ATTENDANCE_GROUPS.map((g) => ({
  name: g.name,
  content: 'attendee+',
  tag: 'ul',
  className: `attendance-${g.name}`,
  label: g.label,
  isolating: true,
}))

const agendaItemAttrs = {
  id: patternAttr(NODE_ID_PATTERN, 'data-id'),
  number: patternAttr(AGENDA_NUMBER_PATTERN, 'data-number'),
  /** "PS" / "RS" before the number in a municipal saksliste; null for bodies without series. */
  prefix: patternAttr(AGENDA_PREFIX_PATTERN, 'data-prefix'),
  plannedStart: patternAttr(CLOCK_TIME_PATTERN, 'data-planned-start'),
  /** Planned end from the agenda ("13.00–13.20"); without it, the next sak's start ends it. */
  plannedEnd: patternAttr(CLOCK_TIME_PATTERN, 'data-planned-end'),
  /** When the secretary marked the sak as started and ended during the meeting. */
  startedAt: patternAttr(ISO_TIMESTAMP_PATTERN, 'data-started-at'),
  endedAt: patternAttr(ISO_TIMESTAMP_PATTERN, 'data-ended-at'),
}

/** Every node of the minutes schema. The first is the top node. */
export const NODE_DEFS: readonly NodeDef[] = [
  {
    name: 'minutes',
    content: 'meetingHeader attendance agendaItem* otherBusiness?',
    tag: 'article',
    className: 'minutes',
  },
  {
    name: 'meetingHeader',
    content: HEADER_FIELDS.map((f) => f.name).join(' '),
    tag: 'header',
    className: 'meeting-header',
    isolating: true,
  },
  ...headerFieldDefs,
  {
    name: 'attendance',
    content: ATTENDANCE_GROUPS.map((g) => g.name).join(' '),
    tag: 'section',
    className: 'attendance',
    label: 'Medlemmer',
    isolating: true,
  },
  ...attendanceGroupDefs,
  {
    name: 'attendee',
    content: 'text*',
    marks: '',
    tag: 'li',
    className: 'attendee',
    attrs: {
      remote: flagAttr('data-remote'),
      arrivedAt: patternAttr(CLOCK_TIME_PATTERN, 'data-arrived-at'),
      substituteFor: textAttr('data-substitute-for'),
    },
    defining: true,
  },
  {
    name: 'agendaItem',
    content: 'agendaTitle narrative memberInputs? actionItems? decision?',
    tag: 'section',
    className: 'agenda-item',
    attrs: { ...agendaItemAttrs, caseType: caseTypeAttr('data-case-type') },
    isolating: true,
  },
  {
    name: 'otherBusiness',
    content: 'agendaTitle narrative memberInputs? actionItems?',
    tag: 'section',
    className: 'other-business',
    attrs: agendaItemAttrs,
    isolating: true,
  },
  {
    name: 'agendaTitle',
    content: 'text*',
    marks: '',
    tag: 'h2',
    className: 'agenda-title',
    defining: true,
  },
  {
    name: 'narrative',
    content: '(paragraph | bulletList | subheading)+',
    tag: 'div',
    className: 'narrative',
    isolating: true,
  },
  {
    name: 'memberInputs',
    content: '(memberInput | paragraph | subheading)+',
    tag: 'section',
    className: 'member-inputs',
    label: 'Innspill',
    isolating: true,
  },
  {
    name: 'memberInput',
    content: 'inline*',
    tag: 'p',
    className: 'member-input',
    attrs: { namedBy: textAttr('data-named-by') },
    defining: true,
  },
  {
    name: 'actionItems',
    content: 'actionItem+',
    tag: 'section',
    className: 'action-items',
    label: 'Aksjonspunkter',
    isolating: true,
  },
  {
    name: 'actionItem',
    content: 'inline*',
    tag: 'p',
    className: 'action-item',
    attrs: {
      // Stable id of the aksjonspunkt (issue 15): the organ's follow-up list keeps its status under
      // it. Null in minutes written before; the editor gives every local change's item one.
      id: patternAttr(NODE_ID_PATTERN, 'data-id'),
      owner: textAttr('data-owner'),
      dueDate: patternAttr(ISO_DATE_PATTERN, 'data-due-date'),
    },
    defining: true,
  },
  {
    name: 'decision',
    content: 'paragraph+',
    tag: 'section',
    className: 'decision',
    label: 'Vedtak',
    attrs: {
      // Set when the vedtak was filled in from the innkalling's "Forslag til vedtak": the hash of
      // that text (hashDecisionText). While the text still hashes to it, it is only a proposal.
      proposedTextHash: patternAttr(SHA256_HEX_PATTERN, 'data-proposed-text-hash'),
    },
    isolating: true,
  },
  { name: 'paragraph', content: 'inline*', group: 'block', tag: 'p' },
  { name: 'subheading', content: 'text*', marks: '', group: 'block', tag: 'h3' },
  { name: 'bulletList', content: 'listItem+', group: 'block', tag: 'ul' },
  { name: 'listItem', content: 'paragraph (paragraph | bulletList)*', tag: 'li', defining: true },
  { name: 'text', group: 'inline', inline: true, tag: '#text' },
  { name: 'hardBreak', group: 'inline', inline: true, tag: 'br', leaf: true },
]

/** Marks allowed in running text. */
export interface MarkDef {
  readonly name: string
  readonly tag: string
  readonly parseTags: readonly string[]
}

export const MARK_DEFS: readonly MarkDef[] = [
  { name: 'bold', tag: 'strong', parseTags: ['strong', 'b'] },
  { name: 'italic', tag: 'em', parseTags: ['em', 'i'] },
]

/** Name of the Y.XmlFragment (in the meeting's Y.Doc) that holds the minutes. */
export const MINUTES_FRAGMENT = 'minutes'
