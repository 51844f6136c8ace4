import type { SourceDocument, SourceLine } from './source'

/** One line as plain text: its cells joined by tabs (so textToSource finds them again), its list number in front. */
export function sourceLineText(line: SourceLine): string {
  const text = line.cells && line.cells.length > 1 ? line.cells.join('\t') : line.text
  return line.listMarker ? `${line.listMarker} ${text}` : text
}

/**
 * A document as plain text, one line per SourceLine: what the secretary sees in the import's text
 * box after reading a file or pasting from Word, and what the text parser reads. Table cells are
 * joined by tabs and list numbers kept; headings, bold and positions are not in the text.
 */
export function sourceToText(doc: SourceDocument): string {
  return doc.lines.map(sourceLineText).join('\n')
}
