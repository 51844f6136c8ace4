/**
 * The intermediate form every innkalling reader produces and the agenda parser reads (issue 13):
 * the document as lines, in reading order, with what the format knew about each line (its table
 * cells, heading level, list numbering, page and position). Readers live where their format can
 * be read (text and the clipboard's HTML in shared/, .docx and .pdf on the server); the parser in
 * shared/ never sees a format, only this.
 */

/** Where a document came from; for messages and the import report, not for parsing. */
export type SourceFormat = 'text' | 'markdown' | 'html' | 'docx' | 'pdf' | 'odt'

/** One line of the document. */
export interface SourceLine {
  /** The line's text, whitespace collapsed, without the cell separators. Empty for a blank line. */
  readonly text: string
  /**
   * The cells when the line is a table row (a Word table, a PDF row rebuilt from x positions, a
   * Markdown pipe row, tab-separated text), left to right; absent for ordinary lines.
   */
  readonly cells?: readonly string[]
  /** Heading level 1–6 when the format marks the line as a heading. */
  readonly heading?: number
  /** The number or bullet of a list item when the format numbers it itself ("3.", "a)"), not part of `text`. */
  readonly listMarker?: string
  /** The whole line is bold (often a label such as "Forslag til vedtak"). */
  readonly bold?: boolean
  /** 1-based page (PDF, and page breaks where a format has them). */
  readonly page?: number
  /** Left edge and baseline in PDF points (from the top of the page), for layout rules that need them. */
  readonly x?: number
  readonly y?: number
}

/** A document read into lines. */
export interface SourceDocument {
  readonly format: SourceFormat
  readonly lines: readonly SourceLine[]
}

/** Plain text (pasted, .txt, .md) as lines: tabs or runs of 3+ spaces between fields make cells. */
export function textToSource(text: string, format: SourceFormat = 'text'): SourceDocument {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((raw): SourceLine => {
    const trimmed = raw.replace(/\s+$/, '')
    const fields = trimmed.includes('\t') ? trimmed.split(/\t+/) : trimmed.trim().split(/ {3,}/)
    const cells = fields.map((f) => f.trim()).filter((f) => f !== '')
    const collapsed = trimmed.replace(/\s+/g, ' ').trim()
    return cells.length > 1 ? { text: cells.join(' '), cells } : { text: collapsed }
  })
  return { format, lines }
}
