import {
  AGENDA_NUMBER_PATTERN,
  AGENDA_PREFIX_PATTERN,
  CLOCK_TIME_PATTERN,
  MAX_AGENDA_ITEMS,
  MAX_AGENDA_TITLE_CHARS,
  MAX_CASE_TYPE_CHARS,
  MAX_PROPOSAL_CHARS,
  draftItem,
  joinWrapped,
  nextAgendaNumber,
  type AgendaDraft,
  type AgendaDraftItem,
  type DraftField,
} from '../../shared'
import { t } from '../i18n'

/**
 * The secretary's corrections in the import preview, as pure operations on an AgendaDraft: edit
 * a sak's fields, merge a sak with the next, split one, drop one, move an unread line into a
 * sak's proposal; check the draft and turn it into the JSON agenda the server imports. Nothing
 * here creates anything. Messages are in the interface language (`admin` catalogue: the import
 * preview is on the meeting list).
 */

/** The editable fields of a sak in the preview. */
export type EditableField = 'number' | 'prefix' | 'title' | 'caseType' | 'plannedStart' | 'plannedEnd' | 'proposal'

const withItems = (draft: AgendaDraft, items: AgendaDraftItem[]): AgendaDraft => ({ ...draft, items })

/** The draft with one field of sak `index` changed; what the parser was unsure of there is cleared. */
export function editItem(draft: AgendaDraft, index: number, field: EditableField, value: string): AgendaDraft {
  const item = draft.items[index]
  if (!item) return draft
  const text = field === 'proposal' ? value : value.replace(/[\r\n]+/g, ' ')
  const next: AgendaDraftItem = {
    ...item,
    [field]: field === 'title' || field === 'number' ? text : text.trim() === '' ? null : text,
    unsure: item.unsure.filter((u) => u.field !== (field === 'plannedEnd' ? 'plannedStart' : (field as DraftField))),
  }
  return withItems(draft, draft.items.map((it, i) => (i === index ? next : it)))
}

const paragraphs = (text: string | null) => (text ? text.split(/\n{2,}/).filter((p) => p.trim()) : [])
const joinText = (a: string | null, b: string | null) => [...paragraphs(a), ...paragraphs(b)].join('\n\n') || null

/**
 * Sak `index` and the one after it as one sak: the first's number, title, type and start; the
 * second's end (or start) as the end; proposals and backgrounds one after the other.
 */
export function mergeWithNext(draft: AgendaDraft, index: number): AgendaDraft {
  const [a, b] = [draft.items[index], draft.items[index + 1]]
  if (!a || !b) return draft
  const merged: AgendaDraftItem = {
    ...a,
    caseType: a.caseType ?? b.caseType,
    plannedStart: a.plannedStart ?? b.plannedStart,
    plannedEnd: b.plannedEnd ?? a.plannedEnd,
    proposal: joinText(a.proposal, b.proposal),
    background: joinText(a.background, b.background),
    unsure: [...a.unsure, ...b.unsure.filter((u) => u.field === 'proposal')],
  }
  return withItems(draft, [...draft.items.slice(0, index), merged, ...draft.items.slice(index + 2)])
}

/**
 * Sak `index` as two: the proposal's paragraphs from `atParagraph` on go to a new sak right after
 * it, with the next free number (in the same form) and an empty title for the secretary to fill in.
 */
export function splitItem(draft: AgendaDraft, index: number, atParagraph = 1): AgendaDraft {
  const item = draft.items[index]
  if (!item) return draft
  const parts = paragraphs(item.proposal)
  const cut = Math.min(Math.max(atParagraph, 0), parts.length)
  const used = new Set(draft.items.map((it) => it.number))
  let number = nextAgendaNumber(draft.items.map((it) => it.number)) ?? String(draft.items.length + 1)
  for (let guard = 0; used.has(number) && guard < MAX_AGENDA_ITEMS; guard++) number = nextAgendaNumber([number]) ?? number
  const first: AgendaDraftItem = { ...item, proposal: parts.slice(0, cut).join('\n\n') || null }
  const second = draftItem({
    number,
    prefix: item.prefix,
    title: '',
    proposal: parts.slice(cut).join('\n\n') || null,
    unsure: [{ field: 'title', reason: t('admin.draft.splitUnsure') }],
  })
  return withItems(draft, [...draft.items.slice(0, index), first, second, ...draft.items.slice(index + 1)])
}

/** The draft without sak `index`. */
export function dropItem(draft: AgendaDraft, index: number): AgendaDraft {
  return withItems(draft, draft.items.filter((_, i) => i !== index))
}

/**
 * Unread line `unreadIndex` moved to the end of sak `itemIndex`'s proposal: a new paragraph after
 * a finished sentence, else the rest of the last one (hyphenation joined).
 */
export function moveUnreadToProposal(draft: AgendaDraft, unreadIndex: number, itemIndex: number): AgendaDraft {
  const line = draft.unread[unreadIndex]
  const item = draft.items[itemIndex]
  if (!line || !item) return draft
  const parts = paragraphs(item.proposal)
  const last = parts.at(-1)
  const proposal = !last || /[.!?:]$/.test(last) ? [...parts, line.text] : [...parts.slice(0, -1), joinWrapped([last, line.text])]
  return {
    ...draft,
    items: draft.items.map((it, i) => (i === itemIndex ? { ...it, proposal: proposal.join('\n\n') } : it)),
    unread: draft.unread.filter((_, i) => i !== unreadIndex),
  }
}

/** A problem with one field of one sak, in Norwegian, for the preview. */
export interface DraftProblem {
  readonly index: number
  readonly field: EditableField | 'items'
  readonly message: string
}

/** Everything that stops the draft from being imported; [] when it can be. */
export function draftProblems(draft: AgendaDraft): DraftProblem[] {
  const out: DraftProblem[] = []
  if (draft.items.length === 0) out.push({ index: -1, field: 'items', message: t('admin.draft.problem.noItems') })
  if (draft.items.length > MAX_AGENDA_ITEMS) out.push({ index: -1, field: 'items', message: t('admin.draft.problem.tooManyItems', { max: MAX_AGENDA_ITEMS }) })
  const seen = new Set<string>()
  draft.items.forEach((it, index) => {
    const add = (field: EditableField, message: string) => out.push({ index, field, message })
    if (!AGENDA_NUMBER_PATTERN.test(it.number.trim())) add('number', t('admin.draft.problem.number'))
    const key = `${it.prefix ?? ''} ${it.number.trim()}`
    if (seen.has(key)) add('number', t('admin.draft.problem.duplicateNumber', { number: it.number }))
    seen.add(key)
    if (it.prefix && !AGENDA_PREFIX_PATTERN.test(it.prefix)) add('prefix', t('admin.draft.problem.prefix'))
    if (!it.title.trim()) add('title', t('admin.draft.problem.title'))
    if (it.title.length > MAX_AGENDA_TITLE_CHARS) add('title', t('admin.draft.problem.tooLong', { max: MAX_AGENDA_TITLE_CHARS }))
    if (it.caseType && it.caseType.length > MAX_CASE_TYPE_CHARS) add('caseType', t('admin.draft.problem.tooLong', { max: MAX_CASE_TYPE_CHARS }))
    if (it.plannedStart && !CLOCK_TIME_PATTERN.test(it.plannedStart)) add('plannedStart', t('admin.draft.problem.plannedStart'))
    if (it.plannedEnd && !CLOCK_TIME_PATTERN.test(it.plannedEnd)) add('plannedEnd', t('admin.draft.problem.plannedEnd'))
    if (it.proposal && it.proposal.length > MAX_PROPOSAL_CHARS) add('proposal', t('admin.draft.problem.tooLong', { max: MAX_PROPOSAL_CHARS }))
  })
  return out
}

/**
 * The draft as the JSON agenda POST /api/meetings/import takes (`agenda`): each sak's fields,
 * its background only when `keepBackground`; the meeting's details go in the request's `meeting`.
 */
export function draftToAgendaJson(draft: AgendaDraft, keepBackground: boolean): { items: Record<string, string>[] } {
  return {
    items: draft.items.map((it) => {
      const out: Record<string, string> = { number: it.number.trim(), title: it.title.trim() }
      const optional = { prefix: it.prefix, caseType: it.caseType, proposal: it.proposal, plannedStart: it.plannedStart, plannedEnd: it.plannedEnd }
      for (const [key, value] of Object.entries(optional)) if (value && value.trim()) out[key] = value.trim()
      if (keepBackground && it.background) out.background = it.background
      return out
    }),
  }
}
