import {
  caseTypeCell,
  knownCaseType,
  leadingTime,
  sakRefOf,
  timeSpanOf,
  trailingCaseType,
  trailingTime,
  type ColumnRole,
  type TimeSpan,
} from './rules'

/** A line or table row that names a sak. */
export interface SakRow {
  readonly prefix: string | null
  readonly number: string
  readonly title: string
  readonly caseType: string | null
  readonly start: string | null
  readonly end: string | null
}

/** Reads times and a sakstype off the end of the rest of a sak line, in either order. */
function tail(rest: string, span: TimeSpan | null): { title: string; caseType: string | null; span: TimeSpan | null } {
  let title = rest
  let caseType: string | null = null
  let times = span
  for (let round = 0; round < 2; round++) {
    const time = times ? null : trailingTime(title)
    if (time) {
      times = time.span
      title = time.rest
    }
    if (!caseType) {
      const typed = trailingCaseType(title)
      caseType = typed.caseType
      title = typed.title
    }
  }
  const lead = times ? null : leadingTime(title)
  if (lead) return { title: lead.rest, caseType, span: lead.span }
  return { title: title.replace(/^[–—-]\s+/, '').trim(), caseType, span: times }
}

/** Rule "sak line": "[time] [PS|Sak] 12/20[:] Tittel [Sakstype] [time]"; in a saksliste also "3. Tittel". */
function fromLine(text: string, listMarker: string | undefined, inList: boolean): SakRow | null {
  const lead = leadingTime(text)
  const body = lead ? lead.rest : text
  let ref = sakRefOf(body)
  if (!ref && inList) {
    // Rule "numbered saksliste": a list item "3. Tittel" (or Word's own numbering) is sak 3.
    const marker = /^(\d{1,3})[.)]$/.exec(listMarker ?? '')
    const numbered = /^(\d{1,3})[.)]\s+(\S.*)$/.exec(body)
    if (marker) ref = { prefix: null, number: marker[1], rest: body }
    else if (numbered) ref = { prefix: null, number: numbered[1], rest: numbered[2] }
  }
  if (!ref) return null
  const t = tail(ref.rest, lead ? lead.span : null)
  return { prefix: ref.prefix, number: ref.number, title: t.title, caseType: t.caseType, start: t.span?.start ?? null, end: t.span?.end ?? null }
}

/** Rule "table row with a head": each cell read by its column's role. */
function fromColumns(cells: readonly string[], columns: readonly ColumnRole[]): SakRow | null {
  const at = (role: ColumnRole) => cells.filter((_, i) => columns[i] === role)
  const numberCell = at('number')[0]?.trim() ?? ''
  const ref = /^\d{1,4}$/.test(numberCell) ? { prefix: null, number: numberCell, rest: '' } : sakRefOf(numberCell)
  if (!ref) return null
  const span = at('time').map(timeSpanOf).find((s) => s !== null) ?? null
  const typeCell = at('type')[0]
  const titleText = [ref.rest, ...at('title')].filter((c) => c.trim()).join(' ')
  const t = typeCell === undefined ? tail(titleText, span) : { title: titleText, caseType: caseTypeCell(typeCell), span }
  return { prefix: ref.prefix, number: ref.number, title: t.title.trim(), caseType: t.caseType, start: t.span?.start ?? null, end: t.span?.end ?? null }
}

/** Rule "table row without a head": time cells and a last cell that is a known type, the rest read as a line. */
function fromCells(cells: readonly string[], inList: boolean): SakRow | null {
  let span: TimeSpan | null = null
  const rest: string[] = []
  cells.forEach((cell) => {
    const time = span ? null : timeSpanOf(cell)
    if (time) span = time
    else rest.push(cell)
  })
  const last = rest.length > 1 ? knownCaseType(rest[rest.length - 1]) : null
  const row = fromLine(last ? rest.slice(0, -1).join(' ') : rest.join(' '), undefined, inList)
  if (!row) return null
  const found = span as TimeSpan | null
  return { ...row, caseType: last ?? row.caseType, start: found?.start ?? row.start, end: found?.end ?? row.end }
}

/**
 * The sak a line or table row names, or null. With `columns` (from the table head) a row is read
 * cell by cell; `inList` inside a saksliste, where a numbered item ("3.", or the `listMarker`) is a sak.
 */
export function readSakRow(
  text: string,
  cells: readonly string[] | undefined,
  columns: readonly ColumnRole[] | null,
  inList: boolean,
  listMarker: string | undefined,
): SakRow | null {
  if (cells && cells.length > 1) {
    if (columns && columns.length === cells.length) {
      const row = fromColumns(cells, columns)
      if (row) return row
    }
    return fromCells(cells, inList)
  }
  return fromLine(text, inList ? listMarker : undefined, inList)
}
