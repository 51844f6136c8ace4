import { Parser } from 'htmlparser2'
import { htmlToSource, type SourceDocument } from '../../shared/import'
import { ImportFileError } from './ImportFileError'
import type { BoundedUnzip } from './zip'

/** OpenDocument text elements and the HTML element each reads as. */
const AS_HTML: Record<string, string> = {
  'text:p': 'p',
  'text:h': 'h',
  'text:list': 'ul',
  'text:list-item': 'li',
  'text:line-break': 'br',
  'table:table': 'table',
  'table:table-row': 'tr',
  'table:table-cell': 'td',
}
/** Elements whose text is not part of the document's body text. */
const SKIPPED = new Set(['office:annotation', 'text:note', 'office:forms', 'text:tracked-changes', 'draw:frame'])

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/**
 * An .odt (LibreOffice Writer) as lines. No maintained npm reader for OpenDocument text exists,
 * so content.xml is read with htmlparser2 in XML mode and rewritten as the few HTML elements
 * htmlToSource reads (paragraphs, headings with their outline level, lists, tables, line breaks,
 * tabs as cell-like gaps). Styles are not read: no bold and no list numbers. Throws ImportFileError.
 */
export function readOdt(zip: BoundedUnzip): SourceDocument {
  const entry = zip.find('content.xml')
  if (!entry) throw new ImportFileError(422, 'OpenDocument-filen mangler innholdet (content.xml).', { code: 'damaged' })
  const xml = new TextDecoder().decode(zip.read(entry))
  const html: string[] = []
  const headingLevels: number[] = []
  let skipDepth = 0
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0 || SKIPPED.has(name)) {
          skipDepth++
          return
        }
        if (name === 'text:tab') html.push('\t')
        else if (name === 'text:s') html.push(' '.repeat(Math.min(Number(attribs['text:c'] ?? 1) || 1, 8)))
        else if (name === 'text:h') {
          headingLevels.push(Math.min(Math.max(Number(attribs['text:outline-level'] ?? 1) || 1, 1), 6))
          html.push(`<h${headingLevels[headingLevels.length - 1]}>`)
        }
        else if (AS_HTML[name]) html.push(`<${AS_HTML[name]}>`)
      },
      onclosetag(name) {
        if (skipDepth > 0) {
          skipDepth--
          return
        }
        if (name === 'text:h') html.push(`</h${headingLevels.pop() ?? 1}>`)
        else if (AS_HTML[name] && name !== 'text:line-break') html.push(`</${AS_HTML[name]}>`)
      },
      ontext(text) {
        if (skipDepth === 0) html.push(escapeHtml(text))
      },
    },
    { xmlMode: true, decodeEntities: true },
  )
  parser.write(xml)
  parser.end()
  return htmlToSource(html.join(''), 'odt')
}
