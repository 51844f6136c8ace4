import type { SearchRow } from './SearchIndex'

/** An entry as both SQL backends select it (snake_case columns). */
export interface EntryRow {
  meeting_id: string
  organ: string
  meeting_title: string
  meeting_number: string
  meeting_date: string
  sak_id: string
  sak_number: string | null
  sak_title: string
  case_type: string | null
  field: SearchRow['field']
  text: string
}

/** Ties in rank are ordered sak, vedtak, innspill, aksjonspunkt. */
export const FIELD_ORDER_SQL = `CASE field WHEN 'sak' THEN 0 WHEN 'vedtak' THEN 1 WHEN 'innspill' THEN 2 ELSE 3 END`

/** A selected row as a SearchRow. */
export function toRow(r: EntryRow): SearchRow {
  return {
    meeting: { id: r.meeting_id, organ: r.organ, title: r.meeting_title, number: r.meeting_number, date: r.meeting_date },
    sakId: r.sak_id,
    sakNumber: r.sak_number,
    sakTitle: r.sak_title,
    caseType: r.case_type,
    field: r.field,
    text: r.text,
  }
}
