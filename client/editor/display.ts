import { formatNorwegianDate } from '../../shared/minutes'

// What the minutes show beyond the document itself, without ProseMirror: used by the editor's
// node views and decorations (extensions.ts, placeholder.ts) and by the light reader
// (client/reader), so both draw the same page.

/**
 * Extra attributes only for display (CSS generated content), never parsed back: an action item's
 * due date as Norwegian text ("1. november 2023").
 */
export function displayAttributes(name: string, attrs: Record<string, unknown>): Record<string, string> {
  if (name === 'actionItem' && typeof attrs.dueDate === 'string' && attrs.dueDate) {
    return { 'data-due-text': formatNorwegianDate(attrs.dueDate) }
  }
  return {}
}

/** Hint per textblock type; `parent` restricts it to that parent (with one child). */
const HINTS: Record<string, string> = {
  agendaTitle: 'Sakstittel',
  attendee: 'Navn (organisasjon)',
  memberInput: 'Innspill fra et medlem …',
  actionItem: 'Hvem gjør hva, innen når …',
  subheading: 'Mellomtittel',
}
const PARAGRAPH_HINTS: Record<string, string> = {
  narrative: 'Hvem innledet, hva ble sagt …',
  decision: 'Vedtakstekst …',
}

/**
 * The hint ("Sakstittel", "Vedtakstekst …") for an empty textblock of type `name` inside a parent
 * of type `parentName` with `parentChildCount` children, or null when it has none.
 */
export function hintFor(name: string, parentName: string | null, parentChildCount: number): string | null {
  if (name === 'paragraph') {
    if (parentName === null || parentChildCount !== 1) return null
    return PARAGRAPH_HINTS[parentName] ?? null
  }
  return HINTS[name] ?? null
}
