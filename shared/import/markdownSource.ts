import { MAX_SOURCE_LINES } from './limits'
import type { SourceDocument, SourceLine } from './source'
import { textToSource } from './source'

const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/
const PIPE_ROW = /^\s*\|(.*)\|\s*$/
const SEPARATOR_ROW = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/
const LIST_ITEM = /^\s*(\d{1,3}[.)]|[-*+])\s+(.*)$/
const EMPHASIS = /(\*\*|__)(.+?)\1/g

/** Markdown emphasis and escapes removed; whether the whole text was bold. */
function plain(text: string): { text: string; bold: boolean } {
  const bold = /^(\*\*|__).+\1$/.test(text.trim())
  return { text: text.replace(EMPHASIS, '$2').replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1').replace(/\s+/g, ' ').trim(), bold }
}

/**
 * Markdown (.md, or text an agenda tool exported) as lines: "#" headings with their level, pipe
 * tables as cells (the separator row dropped), "1." and "-" list items with their marker, a line
 * all in ** as bold. Anything else is read as textToSource reads plain text. Never throws.
 */
export function markdownToSource(markdown: string): SourceDocument {
  const lines: SourceLine[] = []
  for (const line of textToSource(markdown, 'markdown').lines.slice(0, MAX_SOURCE_LINES)) {
    const raw = line.cells ? line.cells.join('   ') : line.text
    const heading = HEADING.exec(raw)
    const row = PIPE_ROW.exec(raw)
    const item = LIST_ITEM.exec(raw)
    if (SEPARATOR_ROW.test(raw) && raw.includes('-')) continue
    if (heading) {
      lines.push({ text: plain(heading[2]).text, heading: heading[1].length })
    } else if (row) {
      const cells = row[1].split(/(?<!\\)\|/).map((c) => plain(c).text)
      const bold = row[1].split(/(?<!\\)\|/).every((c) => !c.trim() || plain(c).bold)
      lines.push({ text: cells.filter(Boolean).join(' '), cells, ...(bold ? { bold } : {}) })
    } else if (item) {
      const { text, bold } = plain(item[2])
      lines.push({ text, listMarker: /\d/.test(item[1]) ? item[1] : '•', ...(bold ? { bold } : {}) })
    } else if (line.cells) {
      lines.push({ text: line.cells.map((c) => plain(c).text).join(' '), cells: line.cells.map((c) => plain(c).text) })
    } else {
      const { text, bold } = plain(line.text)
      lines.push({ text, ...(bold ? { bold } : {}) })
    }
  }
  return { format: 'markdown', lines }
}
