import { t } from '../i18n'
import { partLabel } from '../i18n/minutesLabels'
import { formatDay, formatPlanned } from './clock'

// What the minutes show beyond the document itself, without ProseMirror: used by the editor's
// decorations (displayDecorations.ts, placeholder.ts) and by the light reader (client/reader), so
// both draw the same page. Words come from the `common` catalogue (the reader's first render has
// no other), in the interface language at call time.

/**
 * Extra attributes only for display (CSS generated content), never parsed back: the label of a
 * part of the minutes in the interface language (`data-label`, over the schema's bokmål one), an
 * action item's due date ("1. november 2023") and the words after an attendee, an action item or
 * a sak's badge (`data-note`: " – digitalt, kom kl. 10.10", " (Ansvarlig: Kari, frist: …)").
 */
export function displayAttributes(name: string, attrs: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {}
  const label = partLabel(name)
  if (label) out['data-label'] = label
  const note = noteFor(name, attrs)
  if (note) out['data-note'] = note
  if (name === 'actionItem' && typeof attrs.dueDate === 'string' && attrs.dueDate) out['data-due-text'] = formatDay(attrs.dueDate)
  return out
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The words CSS puts after a node (see `displayAttributes`); '' when there are none. */
export function noteFor(name: string, attrs: Record<string, unknown>): string {
  if (name === 'attendee') {
    const substituteFor = text(attrs.substituteFor)
    const how = [
      attrs.remote === true ? t('common.minutes.note.remote') : '',
      text(attrs.arrivedAt) ? t('common.minutes.note.arrived', { time: formatPlanned(text(attrs.arrivedAt)) }) : '',
    ].filter(Boolean)
    return (
      (substituteFor ? t('common.minutes.note.substituteFor', { name: substituteFor }) : '') + (how.length ? ` – ${how.join(', ')}` : '')
    )
  }
  if (name === 'actionItem') {
    const owner = text(attrs.owner)
    const due = text(attrs.dueDate) ? formatDay(text(attrs.dueDate)) : ''
    if (owner && due) return ` (${t('common.minutes.note.ownerAndDue', { owner, date: due })})`
    if (owner) return ` (${t('common.minutes.note.owner', { owner })})`
    if (due) return ` (${t('common.minutes.note.due', { date: due })})`
    return ''
  }
  if (name === 'agendaItem' || name === 'otherBusiness') {
    const planned = text(attrs.plannedStart)
    return [planned ? t('common.minutes.note.plannedStart', { time: formatPlanned(planned) }) : '', text(attrs.caseType)]
      .filter(Boolean)
      .join(' · ')
  }
  return ''
}

/** The hint of an empty textblock of type `name` (in a parent with one child for paragraphs). */
function hintText(name: string): string | null {
  switch (name) {
    case 'agendaTitle':
      return t('common.minutes.hint.agendaTitle')
    case 'attendee':
      return t('common.minutes.hint.attendee')
    case 'memberInput':
      return t('common.minutes.hint.memberInput')
    case 'actionItem':
      return t('common.minutes.hint.actionItem')
    case 'subheading':
      return t('common.minutes.hint.subheading')
    default:
      return null
  }
}

function paragraphHint(parentName: string): string | null {
  if (parentName === 'narrative') return t('common.minutes.hint.narrative')
  if (parentName === 'decision') return t('common.minutes.hint.decision')
  return null
}

/**
 * The hint ("Sakstittel", "Vedtakstekst …") for an empty textblock of type `name` inside a parent
 * of type `parentName` with `parentChildCount` children, or null when it has none.
 */
export function hintFor(name: string, parentName: string | null, parentChildCount: number): string | null {
  if (name === 'paragraph') {
    if (parentName === null || parentChildCount !== 1) return null
    return paragraphHint(parentName)
  }
  return hintText(name)
}
