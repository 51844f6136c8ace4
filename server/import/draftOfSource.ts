import { sourceToText, type SourceDocument } from '../../shared/import'
import { parseInnkalling, type AgendaDraft } from '../../shared/minutes'

/**
 * The agenda a read document says. Today the text parser reads the document as plain text (table
 * cells joined by tabs); when the layout-aware parser over SourceDocument lands (issue 13, the
 * parser's part), this is the one call to swap for it.
 */
export function draftOfSource(doc: SourceDocument): AgendaDraft {
  return parseInnkalling(sourceToText(doc))
}
