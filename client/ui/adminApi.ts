import type { CreateMeetingResponse, CreateTokenRequest, Invitation, Language, MeetingInfo, MeetingSummary, TokenInfo } from '../../shared'
import { isRole, type MyMeetingsResponse, type Role, type SessionSummary, type SessionsResponse, type SignInRolesResponse } from '../../shared'
import { ApiError, call, meetingPath } from './api'
import { SESSION_CREDENTIAL } from './signIn'
import { t } from '../i18n'

// The admin's and the signed-in person's calls of the HTTP API (see api.ts), apart from a
// meeting's own calls so that a reader's page does not carry them.

// ---------- Admin ----------

/** `GET /api/meetings` (admin). Throws ApiError. */
export async function fetchMeetings(adminKey: string): Promise<MeetingSummary[]> {
  const body = await call('/api/meetings', adminKey, t('admin.api.fetchMeetings'))
  return Array.isArray(body.meetings) ? (body.meetings as MeetingSummary[]) : []
}

/** `POST /api/meetings` (admin): the meeting (with the language of its minutes) and one invitation per role. */
export async function createMeeting(adminKey: string, info: MeetingInfo & { readonly language: Language }): Promise<CreateMeetingResponse> {
  const body = await call('/api/meetings', adminKey, t('admin.api.createMeeting'), { method: 'POST', body: info })
  if (!body.meeting) throw new ApiError(t('admin.api.noMeeting'))
  return { meeting: body.meeting as MeetingSummary, invitations: Array.isArray(body.invitations) ? (body.invitations as Invitation[]) : [] }
}

/** `POST /api/meetings/:id/tokens` (admin): a personal link (or another role link). */
export async function createToken(adminKey: string, meetingId: string, request: CreateTokenRequest): Promise<Invitation> {
  const body = await call(`${meetingPath(meetingId)}/tokens`, adminKey, t('admin.api.createToken'), { method: 'POST', body: request })
  return body.invitation as Invitation
}

/** `GET /api/meetings/:id/tokens` (admin). */
export async function fetchTokens(adminKey: string, meetingId: string): Promise<TokenInfo[]> {
  const body = await call(`${meetingPath(meetingId)}/tokens`, adminKey, t('admin.api.fetchTokens'))
  return Array.isArray(body.tokens) ? (body.tokens as TokenInfo[]) : []
}

/** `DELETE /api/meetings/:id/tokens/:tokenId` (admin). */
export async function revokeToken(adminKey: string, meetingId: string, tokenId: string): Promise<void> {
  await call(`${meetingPath(meetingId)}/tokens/${encodeURIComponent(tokenId)}`, adminKey, t('admin.api.revokeToken'), {
    method: 'DELETE',
  })
}

// ---------- The signed-in person ----------

/** A meeting the signed-in person is invited to, with the role of the invitation. */
export type MyMeeting = MyMeetingsResponse['meetings'][number]

/** `GET /api/my/meetings` (signed in): the meetings the person is invited to, newest first. */
export async function fetchMyMeetings(): Promise<MyMeeting[]> {
  const body = await call('/api/my/meetings', SESSION_CREDENTIAL, t('admin.api.fetchMyMeetings'))
  const meetings = Array.isArray(body.meetings) ? (body.meetings as MyMeeting[]) : []
  return meetings.filter((m) => m && typeof m.meeting === 'object' && isRole(m.role))
}

/** `GET /api/sessions`: everyone's active sign-ins for an admin, else the person's own. */
export async function fetchSessions(credential: string): Promise<SessionsResponse> {
  const body = await call('/api/sessions', credential, t('admin.api.fetchSessions'))
  const sessions = Array.isArray(body.sessions) ? (body.sessions as SessionSummary[]) : []
  return { sessions: sessions.filter((s) => s && typeof s.id === 'string'), all: body.all === true }
}

/** `DELETE /api/sessions/:id`: ends a sign-in (its open meetings close at once). */
export async function revokeSession(credential: string, sessionId: string): Promise<void> {
  await call(`/api/sessions/${encodeURIComponent(sessionId)}`, credential, t('admin.api.revokeSession'), { method: 'DELETE' })
}

/** `GET /api/meetings/:id/sign-in` (admin): the roles of the meeting that must sign in. */
export async function fetchSignInRoles(adminKey: string, meetingId: string): Promise<SignInRolesResponse> {
  const body = await call(`${meetingPath(meetingId)}/sign-in`, adminKey, t('admin.api.fetchSignInRoles'))
  return { roles: Array.isArray(body.roles) ? body.roles.filter(isRole) : [], chosen: body.chosen === true }
}

/** `PUT /api/meetings/:id/sign-in` (admin): which roles of the meeting must sign in. */
export async function saveSignInRoles(adminKey: string, meetingId: string, roles: Role[]): Promise<SignInRolesResponse> {
  const body = await call(`${meetingPath(meetingId)}/sign-in`, adminKey, t('admin.api.saveSignInRoles'), { method: 'PUT', body: { roles } })
  return { roles: Array.isArray(body.roles) ? body.roles.filter(isRole) : [], chosen: body.chosen === true }
}
