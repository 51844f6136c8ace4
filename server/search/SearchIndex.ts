import type { SearchHitField } from '../../shared/api'
import type { ParsedQuery } from './searchText'

/** Which part of a sak a hit is in. */
export type SearchField = SearchHitField

/** The meeting facts stored with every entry (denormalised: filters need no join). */
export interface SearchMeeting {
  readonly id: string
  readonly organ: string
  readonly title: string
  readonly number: string
  /** ISO date (YYYY-MM-DD), '' when not set. */
  readonly date: string
}

/** One searchable text: one field of one sak. */
export interface SearchEntry {
  readonly sakId: string
  /** As printed ("PS 12/24"), or null. */
  readonly sakNumber: string | null
  readonly sakTitle: string
  readonly caseType: string | null
  readonly field: SearchField
  /** The field's plain text (for `sak`: the title, then the narrative). */
  readonly text: string
}

/** What is indexed for one meeting: its entries as of the document's stored sequence number `docSeq`. */
export interface MeetingEntries {
  readonly meeting: SearchMeeting
  readonly docSeq: number
  readonly entries: readonly SearchEntry[]
}

/** Which meetings a search may return: every one (the admin), or these (an empty list: none). */
export type SearchScope = { readonly kind: 'all' } | { readonly kind: 'meetings'; readonly meetingIds: readonly string[] }


/** A search: the parsed query (at least one stem), filters, paging and the caller's scope. */
export interface SearchQuery {
  readonly query: ParsedQuery
  readonly scope: SearchScope
  /** Organ name, compared without regard to case. */
  readonly organ?: string
  readonly year?: number
  /** Sakstype, compared without regard to case. */
  readonly caseType?: string
  /** 1..MAX_SEARCH_LIMIT */
  readonly limit: number
  /** 0..MAX_SEARCH_OFFSET */
  readonly offset: number
}

/** One hit: an entry with its meeting. */
export interface SearchRow extends SearchEntry {
  readonly meeting: SearchMeeting
}

export interface SearchResult {
  /** How many entries match in all (for paging). */
  readonly total: number
  /** The page asked for: most relevant first, then newest meeting date, then meeting id, sak, field. */
  readonly rows: readonly SearchRow[]
}

/**
 * The full-text index of the saker of all meetings, one implementation per storage backend
 * (SQLite FTS5, PostgreSQL text search with the 'norwegian' configuration, memory). Every
 * method is safe against concurrent callers in other processes sharing the backend.
 */
export interface SearchIndex {
  /**
   * Replaces the meeting's entries with `doc`'s in one transaction unless entries of a later
   * `docSeq` are stored already (another node indexed further): then nothing changes and it
   * resolves to false. Re-indexing the same `docSeq` again is harmless (idempotent).
   */
  replaceMeeting(doc: MeetingEntries): Promise<boolean>
  /** The docSeq the meeting was last indexed at, or null when it never was. */
  indexedSeq(meetingId: string): Promise<number | null>
  /** The matching entries in scope; every query stem must match (stemmed, case-insensitive). */
  search(query: SearchQuery): Promise<SearchResult>
}

/** The ordering of hits with equal relevance, shared by every backend. */
export const FIELD_ORDER: readonly SearchField[] = ['sak', 'vedtak', 'innspill', 'aksjonspunkt']
