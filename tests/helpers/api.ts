import type { CreateMeetingResponse, CreateTokenRequest, Invitation, MeetingWithLanguage } from '../../shared/api'
import type { Role } from '../../shared/auth'
import type { MeetingSummary } from '../../shared/minutes'

/**
 * The admin credential startTestServer and spawnServer give the server (ADMIN_TOKEN) unless told
 * otherwise; createMeeting and mintToken use it by default.
 */
export const TEST_ADMIN_TOKEN = process.env.TEST_ADMIN_TOKEN ?? 'test-admin-credential-0123456789'

/** A meeting created through the API (with its language), with its role invitations. */
export interface CreatedMeeting extends MeetingWithLanguage {
  /** One per role, in ROLES order. */
  readonly invitations: Invitation[]
  /** The token of each role invitation. */
  readonly tokens: Readonly<Record<Role, string>>
}

/** The meeting fields of a CreatedMeeting (what GET /api/meetings/:id returns as `meeting`). */
export function summaryOf(meeting: CreatedMeeting): MeetingSummary {
  const { invitations: _i, tokens: _t, ...summary } = meeting
  return summary
}

/**
 * Creates a meeting through `POST /api/meetings` with the admin credential and returns it with
 * its role invitations (throws on a non-201).
 */
export async function createMeeting(
  baseUrl: string,
  fields: Record<string, unknown> = {},
  adminToken: string = TEST_ADMIN_TOKEN,
): Promise<CreatedMeeting> {
  const res = await fetch(`${baseUrl}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ organ: 'Styret', title: 'Styremøte', date: '2024-03-01', ...fields }),
  })
  if (res.status !== 201) throw new Error(`POST /api/meetings: ${res.status} ${await res.text()}`)
  const body = (await res.json()) as CreateMeetingResponse
  const tokens = Object.fromEntries(body.invitations.map((i) => [i.role, i.token])) as Record<Role, string>
  return { ...body.meeting, invitations: body.invitations, tokens }
}

/** Mints a token through `POST /api/meetings/:id/tokens` (throws on a non-201). */
export async function mintToken(
  baseUrl: string,
  meetingId: string,
  request: CreateTokenRequest,
  adminToken: string = TEST_ADMIN_TOKEN,
): Promise<Invitation> {
  const res = await api(baseUrl, 'POST', `/api/meetings/${meetingId}/tokens`, { token: adminToken, body: request })
  if (res.status !== 201) throw new Error(`POST tokens: ${res.status} ${JSON.stringify(res.body)}`)
  return (res.body as { invitation: Invitation }).invitation
}

/** Revokes a token through `DELETE /api/meetings/:id/tokens/:tokenId` (throws on a non-204). */
export async function revokeToken(baseUrl: string, meetingId: string, tokenId: string, adminToken: string = TEST_ADMIN_TOKEN): Promise<void> {
  const res = await api(baseUrl, 'DELETE', `/api/meetings/${meetingId}/tokens/${tokenId}`, { token: adminToken })
  if (res.status !== 204) throw new Error(`DELETE token: ${res.status} ${JSON.stringify(res.body)}`)
}

/** An API answer: the status, the parsed JSON body (null when empty) and the raw text. */
export interface ApiAnswer {
  readonly status: number
  readonly body: unknown
  readonly text: string
  readonly headers: Headers
}

/**
 * One API request. `token` becomes `Authorization: Bearer`, `body` is sent as JSON, `origin`
 * sets the Origin header (as a browser page would).
 */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  opts: { token?: string | null; body?: unknown; origin?: string; headers?: Record<string, string> } = {},
): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...opts.headers }
  if (opts.token) headers.authorization = `Bearer ${opts.token}`
  if (opts.origin) headers.origin = opts.origin
  if (opts.body !== undefined) headers['content-type'] = 'application/json'
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  })
  const text = await res.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  return { status: res.status, body, text, headers: res.headers }
}
