import { Parser } from 'htmlparser2'
import { MAX_SOURCE_LINES } from './limits'
import type { SourceDocument, SourceFormat, SourceLine } from './source'

/*
 * HTML → SourceDocument, for the clipboard's HTML when a secretary pastes from Word (in the
 * browser) and for mammoth's HTML of a .docx (on the server). htmlparser2 is a tokenizer in plain
 * JavaScript: the same code runs on both sides, where DOMParser exists only in the browser, and it
 * never builds a DOM (memory grows with the lines, not with the markup).
 */

/** Elements that end the line before and after them. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'legend', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'tfoot', 'thead', 'ul',
])
/** Elements whose content is never text of the document (Word's clipboard carries <xml> and <style> in <head>). */
const SKIPPED = new Set(['head', 'script', 'style', 'template', 'noscript', 'title', 'xml', 'svg', 'math', 'object', 'iframe', 'select', 'textarea', 'button'])

const BOLD_WEIGHT = /font-weight\s*:\s*(bold|bolder|[6-9]00)/i
const HIDDEN = /display\s*:\s*none|mso-hide\s*:\s*all/i
/** Word's clipboard writes a list item's number as text in a span it marks to be ignored. */
const MSO_LIST_MARKER = /mso-list\s*:\s*ignore/i
/** Word's clipboard writes a tab as spaces in a span with a tab count. */
const MSO_TAB = /mso-tab-count\s*:\s*\d/i
/** Stands for a tab the document meant (Word's tab stops), as opposed to whitespace in the markup. */
const TAB = '\u001f'

interface LineBuilder {
  text: string
  marker: string
  chars: number
  boldChars: number
  heading?: number
  listMarker?: string
}

interface Container {
  readonly lines: SourceLine[]
  line: LineBuilder
}

interface Table {
  row: Container[] | null
  rowHeader: boolean
}

const emptyBuilder = (): LineBuilder => ({ text: '', marker: '', chars: 0, boldChars: 0 })
const collapse = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim()
const nonSpace = (s: string): number => s.replace(/[\s\u00a0]/g, '').length

/**
 * Reads HTML into lines: each paragraph, heading, list item or line break a line (so in `html`,
 * `docx` and `odt` documents a line is a whole paragraph, not a wrapped line); each table row a
 * line with its cells (empty cells kept, so columns line up; a row with one cell, a layout table,
 * gives its paragraphs as lines); a paragraph split by Word tabs (mammoth's tab characters in
 * `docx`, Word's mso-tab-count spans on the clipboard) gets those fields as cells. Headings keep their level, list items their number ("3.", from
 * <ol> or Word's own list text) or "•", and a line all in bold is marked bold. Scripts, styles,
 * comments and hidden elements are not read. Never throws; at most MAX_SOURCE_LINES lines.
 */
export function htmlToSource(html: string, format: SourceFormat = 'html'): SourceDocument {
  const tabsAreCells = format === 'docx'
  const root: Container = { lines: [], line: emptyBuilder() }
  const containers: Container[] = [root]
  const tables: Table[] = []
  const lists: { ordered: boolean; count: number }[] = []
  // Per open element: did it switch bold or the list-marker span on? Popped on close.
  const flags: { bold: boolean; marker: boolean; tab: boolean }[] = []
  let skipDepth = 0
  let tabDepth = 0
  let boldDepth = 0
  let markerDepth = 0

  const top = () => containers[containers.length - 1]
  const push = (container: Container, line: SourceLine) => {
    if (container !== root || root.lines.length < MAX_SOURCE_LINES) container.lines.push(line)
  }
  const flush = (container = top()) => {
    const b = container.line
    const fields = b.text.split(TAB).map(collapse).filter((f) => f !== '')
    const text = fields.join(' ')
    const marker = collapse(b.marker) || b.listMarker
    if (!text) {
      // A list item's number arrives before the paragraph that holds its text.
      container.line = { ...emptyBuilder(), heading: b.heading, listMarker: marker || undefined }
      return
    }
    const line: { -readonly [K in keyof SourceLine]: SourceLine[K] } = { text }
    if (b.heading) line.heading = b.heading
    if (marker) line.listMarker = marker === '·' || marker === '§' ? '•' : marker
    if (fields.length > 1) line.cells = fields
    if (b.boldChars > 0 && b.boldChars >= b.chars) line.bold = true
    push(container, line)
    container.line = emptyBuilder()
  }

  const openRow = (table: Table) => {
    table.row = []
    table.rowHeader = true
  }
  const closeRow = (table: Table) => {
    const row = table.row
    table.row = null
    if (!row) return
    const cells = row.map((cell) => cell.lines.map((l) => (l.listMarker ? `${l.listMarker} ${l.text}` : l.text)).join(' '))
    const filled = row.filter((_, i) => cells[i] !== '')
    if (filled.length === 0) return
    const parent = top()
    flush(parent)
    if (row.length === 1 || (filled.length === 1 && filled[0].lines.length > 1)) {
      for (const line of filled[0].lines) push(parent, line)
      return
    }
    const bold = table.rowHeader || row.every((cell) => cell.lines.every((l) => l.bold))
    push(parent, { text: cells.filter((c) => c !== '').join(' '), cells, ...(bold ? { bold: true } : {}) })
  }

  const handleOpen = (name: string, attribs: Record<string, string>) => {
    if (skipDepth > 0 || SKIPPED.has(name) || HIDDEN.test(attribs.style ?? '')) {
      skipDepth++
      return
    }
    const style = attribs.style ?? ''
    const bold = name === 'b' || name === 'strong' || BOLD_WEIGHT.test(style)
    const marker = MSO_LIST_MARKER.test(style)
    const tab = MSO_TAB.test(style)
    flags.push({ bold, marker, tab })
    if (bold) boldDepth++
    if (marker) markerDepth++
    if (tab) {
      top().line.text += TAB
      tabDepth++
    }
    const table = tables[tables.length - 1]
    if (name === 'br') return flush()
    if (name === 'table') {
      flush()
      tables.push({ row: null, rowHeader: false })
    } else if (name === 'tr' && table) {
      if (table.row) closeRow(table)
      openRow(table)
    } else if ((name === 'td' || name === 'th') && table) {
      if (!table.row) openRow(table)
      if (name === 'td') table.rowHeader = false
      flush()
      const cell: Container = { lines: [], line: emptyBuilder() }
      table.row!.push(cell)
      containers.push(cell)
    } else if (name === 'ol' || name === 'ul') {
      flush()
      const start = Number(attribs.start)
      lists.push({ ordered: name === 'ol', count: Number.isInteger(start) ? start - 1 : 0 })
    } else if (name === 'li') {
      flush()
      const list = lists[lists.length - 1]
      if (list) {
        const value = Number(attribs.value)
        list.count = Number.isInteger(value) ? value : list.count + 1
        top().line.listMarker = list.ordered ? `${list.count}.` : '•'
      }
    } else if (BLOCKS.has(name)) {
      flush()
      const level = /^h([1-6])$/.exec(name)
      if (level) top().line.heading = Number(level[1])
    }
  }

  const handleClose = (name: string) => {
    if (skipDepth > 0) {
      skipDepth--
      return
    }
    const flag = flags.pop()
    if (flag?.bold) boldDepth--
    if (flag?.marker) markerDepth--
    if (flag?.tab) tabDepth--
    const table = tables[tables.length - 1]
    if ((name === 'td' || name === 'th') && table && containers.length > 1) {
      flush()
      containers.pop()
    } else if (name === 'tr' && table) {
      closeRow(table)
    } else if (name === 'table' && table) {
      closeRow(table)
      tables.pop()
    } else if (name === 'ol' || name === 'ul') {
      flush()
      lists.pop()
    } else if (BLOCKS.has(name)) {
      flush()
    }
  }

  const handleText = (data: string) => {
    if (skipDepth > 0 || tabDepth > 0) return
    const line = top().line
    // mammoth writes Word's tabs as tab characters; in other HTML a tab is only markup whitespace.
    if (tabsAreCells) data = data.replace(/\t/g, TAB)
    if (markerDepth > 0) {
      line.marker += data
      return
    }
    line.text += data
    const count = nonSpace(data)
    line.chars += count
    if (boldDepth > 0) line.boldChars += count
  }

  const parser = new Parser(
    { onopentag: handleOpen, onclosetag: handleClose, ontext: handleText },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.write(html)
  parser.end()
  flush(root)
  return { format, lines: root.lines }
}
