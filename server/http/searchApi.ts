import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_FILTER_CHARS,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_OFFSET,
  MAX_SEARCH_QUERY_CHARS,
  SAK_FRAGMENT_KEY,
  SEARCH_PATH,
  type SearchHit,
  type SearchResponse,
} from '../../shared/api'
import { parseQuery, snippetOf, type ParsedQuery, type SearchRow, type SearchScope } from '../search'
import { ApiError, badField } from './ApiError'
import type { ApiContext } from './ApiContext'
import { CredentialError, bearerOf, credentialKind, requireMeetingCaller, sessionOf } from './authenticate'
import { countRequestOf } from './requestBudget'
import { sendJson } from './respond'

/** GET /api/search */
export const SEARCH_ROUTE_PATTERN = new RegExp(`^${SEARCH_PATH}$`)

/** The search's parameters, checked. */
export interface SearchParams {
  readonly query: ParsedQuery
  readonly organ?: string
  readonly year?: number
  readonly caseType?: string
  readonly limit: number
  readonly offset: number
}

const bad = badField
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL = /[\u0000-\u001f\u007f]/

function textParam(params: URLSearchParams, name: string, maxChars: number): string | undefined {
  const value = params.get(name)?.trim()
  if (!value) return undefined
  if (value.length > maxChars) throw bad(name, `«${name}» kan ha høyst ${maxChars} tegn.`, { code: 'text-too-long', params: { field: name, max: maxChars } })
  if (CONTROL.test(value)) throw bad(name, `«${name}» inneholder kontrolltegn.`, { code: 'text-control-characters', params: { field: name } })
  return value
}

function integerParam(params: URLSearchParams, name: string, min: number, max: number, fallback?: number): number | undefined {
  const raw = params.get(name)?.trim()
  if (!raw) return fallback
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw bad(name, `«${name}» må være et heltall fra ${min} til ${max}.`, { code: 'number-out-of-range', params: { field: name, min, max } })
  }
  return Number(raw)
}

/**
 * The query string of GET /api/search: `q` (required, at most MAX_SEARCH_QUERY_CHARS, at least one
 * word), `organ`, `year` (1900–2100), `caseType`, `limit` (1–MAX_SEARCH_LIMIT), `offset`
 * (0–MAX_SEARCH_OFFSET). 400 naming the parameter otherwise. Search syntax in `q` is plain text.
 */
export function parseSearchParams(params: URLSearchParams): SearchParams {
  const q = textParam(params, 'q', MAX_SEARCH_QUERY_CHARS)
  const query = parseQuery(q ?? '')
  if (query.stems.length === 0) throw bad('q', 'Skriv minst ett ord å søke etter.', { code: 'search-query-empty' })
  return {
    query,
    organ: textParam(params, 'organ', MAX_SEARCH_FILTER_CHARS),
    year: integerParam(params, 'year', 1900, 2100),
    caseType: textParam(params, 'caseType', MAX_SEARCH_FILTER_CHARS),
    limit: integerParam(params, 'limit', 1, MAX_SEARCH_LIMIT, DEFAULT_SEARCH_LIMIT)!,
    offset: integerParam(params, 'offset', 0, MAX_SEARCH_OFFSET, 0)!,
  }
}

/**
 * The meetings the caller may read: the admin (credential, or a signed-in admin) all; a meeting
 * token its meeting only (checked as on the meeting's own routes: expiry, revocation, sign-in
 * requirement); a signed-in person the meetings of their valid personal invitations ("Mine
 * møter"). 401 without a credential.
 */
export async function searchScope(req: IncomingMessage, ctx: ApiContext): Promise<SearchScope> {
  const bearer = bearerOf(req)
  if (bearer) {
    if (ctx.auth.isAdmin(bearer)) return { kind: 'all' }
    const meetingId = ctx.auth.claimedMeeting(bearer)
    if (!meetingId) throw new CredentialError(credentialKind(bearer), new ApiError(401, 'token-invalid', 'Ugyldig tilgangsnøkkel. Bruk invitasjonslenken du har fått.', { headers: { 'www-authenticate': 'Bearer' } }))
    await requireMeetingCaller(req, ctx, meetingId)
    return { kind: 'meetings', meetingIds: [meetingId] }
  }
  const person = await sessionOf(req, ctx)
  if (!person) throw new ApiError(401, 'credential-missing', 'Logg inn eller bruk invitasjonslenken for å søke.', { headers: { 'www-authenticate': 'Bearer' } })
  if (person.isAdmin) return { kind: 'all' }
  const invitations = await ctx.auth.personInvitations(person)
  return { kind: 'meetings', meetingIds: [...new Set(invitations.map((i) => i.meetingId))] }
}

function toHit(row: SearchRow, query: ParsedQuery): SearchHit {
  const { meeting } = row
  return {
    meeting: { id: meeting.id, organ: meeting.organ, title: meeting.title, number: meeting.number, date: meeting.date },
    sak: { id: row.sakId, number: row.sakNumber, title: row.sakTitle, caseType: row.caseType },
    field: row.field,
    snippet: snippetOf(row.text, query.stems),
    href: `/m/${encodeURIComponent(meeting.id)}#${SAK_FRAGMENT_KEY}=${encodeURIComponent(row.sakId)}`,
  }
}

/**
 * GET /api/search?q=&organ=&year=&caseType=&limit=&offset= → 200 SearchResponse: the saker,
 * vedtak, innspill and aksjonspunkter that contain every word of `q` (Norwegian stemming), in the
 * meetings the caller may read, most relevant first, then newest. 400 for bad parameters, 401
 * without credential, 404 when the server has no search index, 429 past SEARCH_REQUEST_LIMIT.
 */
export async function handleSearch(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  if (!ctx.search) throw new ApiError(404, 'search-disabled', 'Søk er ikke tilgjengelig på denne serveren.')
  const scope = await searchScope(req, ctx)
  await countRequestOf(req, ctx, 'search-request', 'For mange søk fra denne adressen.')
  const params = parseSearchParams(new URL(req.url ?? '/', 'http://localhost').searchParams)
  const { limit, offset } = params
  if (scope.kind === 'meetings' && scope.meetingIds.length === 0) {
    return sendJson(res, 200, { total: 0, offset, limit, hits: [] } satisfies SearchResponse)
  }
  const result = await ctx.search.search({ ...params, scope })
  sendJson(res, 200, { total: result.total, offset, limit, hits: result.rows.map((row) => toHit(row, params.query)) } satisfies SearchResponse)
}
