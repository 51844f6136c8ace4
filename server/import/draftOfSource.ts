import { parseAgenda, type AgendaDraft, type SourceDocument } from '../../shared/import'

/**
 * The agenda a read document says: the layout-aware parser over its lines. `keepBackground`
 * keeps each sak's description (saksnotat) as its background: for the preview, where the
 * secretary chooses whether it goes into the minutes; a direct import leaves it out.
 */
export function draftOfSource(doc: SourceDocument, keepBackground = false): AgendaDraft {
  return parseAgenda(doc, { keepBackground })
}
