/** Path of the search across referater (GET, query parameters below). */
export const SEARCH_PATH = '/api/search'
/** Longest query `q`, in characters. */
export const MAX_SEARCH_QUERY_CHARS = 200
/** Most hits per page (`limit`); the default is DEFAULT_SEARCH_LIMIT. */
export const MAX_SEARCH_LIMIT = 50
export const DEFAULT_SEARCH_LIMIT = 20
/** Highest `offset` accepted. */
export const MAX_SEARCH_OFFSET = 1000
/** Longest `organ` or `caseType` filter, in characters. */
export const MAX_SEARCH_FILTER_CHARS = 200

/** Which part of a sak a hit is in: the sak itself (title and narrative), its vedtak, innspill or aksjonspunkter. */
export type SearchHitField = 'sak' | 'vedtak' | 'innspill' | 'aksjonspunkt'

/** One hit of GET /api/search. */
export interface SearchHit {
  readonly meeting: { readonly id: string; readonly organ: string; readonly title: string; readonly number: string; readonly date: string }
  readonly sak: { readonly id: string; readonly number: string | null; readonly title: string; readonly caseType: string | null }
  readonly field: SearchHitField
  /**
   * Plain text around the match (never HTML: escape it when showing it) with the matched words
   * as [start, end) UTF-16 offsets into `text`; `cutBefore`/`cutAfter` when text was left out.
   */
  readonly snippet: {
    readonly text: string
    readonly matches: readonly (readonly [number, number])[]
    readonly cutBefore: boolean
    readonly cutAfter: boolean
  }
  /** Where the sak opens: `/m/<meeting id>#sak=<sak id>`. */
  readonly href: string
}

/** GET /api/search → 200. */
export interface SearchResponse {
  /** How many hits there are in all (hits holds `limit` of them from `offset`). */
  readonly total: number
  readonly offset: number
  readonly limit: number
  readonly hits: readonly SearchHit[]
}

/** The fragment key that opens a sak: `/m/<id>#sak=<sak id>`. */
export const SAK_FRAGMENT_KEY = 'sak'
