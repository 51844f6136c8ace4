import { parseAgenda, textToSource } from '../import'
import type { AgendaDraft } from '../import'

/**
 * Reading the pasted text of an innkalling (the agenda sent before a meeting) into an
 * AgendaDraft. The parser itself reads any format's lines and lives in shared/import
 * (parseAgenda); this is its entry point for plain text, kept for the callers that have text.
 * The JSON agenda format (parseAgendaJson) and the minutes built from a draft (draftToMinutes)
 * live in agendaJson.ts.
 */

export type { AgendaDraft, AgendaDraftItem, DraftField, UnreadLine, UnsureNote } from '../import'
export { draftItem, parseNorwegianDate } from '../import'

/** The sakstype a word names when it is a known one ("orienteringssak" → "Orienteringssak"); null otherwise. */
export { knownCaseType as caseTypeOf } from '../import'

/**
 * Reads the pasted text of an innkalling: parseAgenda over the text's lines (tabs or runs of
 * spaces make table cells). Line numbers in `unread` are the text's. Never throws.
 */
export function parseInnkalling(text: string): AgendaDraft {
  return parseAgenda(textToSource(text))
}
