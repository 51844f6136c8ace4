import { SEARCH_PATH, type SearchResponse } from '../../shared'
import { t } from '../i18n'
import { call } from './api'

/** The filters of a search, as typed ('' for none). */
export interface SearchForm {
  readonly q: string
  readonly organ: string
  readonly year: string
  readonly caseType: string
}

/** The query string of a search form (empty fields left out), also used for the page's own address. */
export function searchQueryString(form: SearchForm, offset = 0): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(form)) if (value.trim()) params.set(key, value.trim())
  if (offset > 0) params.set('offset', String(offset))
  return params.toString()
}

/** A search form from an address's query string. */
export function searchFormOf(search: string): SearchForm {
  const params = new URLSearchParams(search)
  return { q: params.get('q') ?? '', organ: params.get('organ') ?? '', year: params.get('year') ?? '', caseType: params.get('caseType') ?? '' }
}

/** `GET /api/search` with `credential` (admin key, or SESSION_CREDENTIAL). Throws ApiError. */
export async function searchReferater(credential: string, form: SearchForm, offset = 0): Promise<SearchResponse> {
  const body = await call(`${SEARCH_PATH}?${searchQueryString(form, offset)}`, credential, t('admin.api.search'))
  return {
    total: typeof body.total === 'number' ? body.total : 0,
    offset: typeof body.offset === 'number' ? body.offset : offset,
    limit: typeof body.limit === 'number' ? body.limit : 0,
    hits: Array.isArray(body.hits) ? (body.hits as SearchResponse['hits']) : [],
  }
}
