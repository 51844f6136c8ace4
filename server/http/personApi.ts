import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MeResponse, MyMeetingsResponse, PersonLanguageResponse, SessionSummary, SessionsResponse } from '../../shared/api'
import { LANGUAGES } from '../../shared/i18n/languages'
import type { PersonPrincipal } from '../auth'
import { log } from '../log'
import type { SessionRecord, TokenRecord } from '../persistence'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { bearerOf, requireAdmin, requireCsrf, sessionOf } from './authenticate'
import { languageOfMeeting, parseLanguageField } from './meetingLanguage'
import { readBody } from './readBody'
import { sendJson } from './respond'

/**
 * GET /api/me → 200 MeResponse: whether sign-in is on, and who is signed in with this browser,
 * with the interface language they chose on any device (or null).
 */
export async function handleMe(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  if (!ctx.signIn) return sendJson(res, 200, { oidc: false, signedIn: false } satisfies MeResponse)
  const person = await sessionOf(req, ctx)
  if (!person) return sendJson(res, 200, { oidc: true, signedIn: false } satisfies MeResponse)
  const { name, email, org, issuer, subject } = person
  sendJson(res, 200, {
    oidc: true,
    signedIn: true,
    person: { name, email, org, issuer, subject },
    isAdmin: person.isAdmin,
    csrfToken: person.csrfToken,
    language: await ctx.store.getPersonLanguage(person),
  } satisfies MeResponse)
}

/**
 * PUT /api/me/language (session, X-CSRF-Token) with `{ "language": "nb" | "nn" | "en" }` → 200
 * PersonLanguageResponse: the signed-in person's interface language, kept per (issuer, subject)
 * so that every device they sign in on shows it (issue 16). 404 when sign-in is off, 401 without
 * a session, 403 without the CSRF token, 400 for a body that is not `{ language }` with one of
 * the languages.
 */
export async function handleSetPersonLanguage(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  if (!ctx.signIn) throw new ApiError(404, 'sign-in-disabled', 'Innlogging er ikke slått på for denne tjenesten.')
  const person = await sessionOf(req, ctx)
  if (!person) throw new ApiError(401, 'not-signed-in', 'Du er ikke logget inn.')
  requireCsrf(req, person)
  const body = await readBody(req)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'body-not-object', 'Forventet et JSON-objekt.', { field: 'body' })
  const raw = body as Record<string, unknown>
  const unknown = Object.keys(raw).find((key) => key !== 'language')
  if (unknown !== undefined) throw new ApiError(400, 'field-unknown', `Ukjent felt «${unknown}»; her sendes bare «language».`, { field: unknown, params: { field: unknown } })
  const language = parseLanguageField(raw.language, 'language')
  if (language === undefined) throw new ApiError(400, 'field-required', `Oppgi språket («language»): ett av ${LANGUAGES.join(', ')}.`, { field: 'language', params: { field: 'language' } })
  await ctx.store.setPersonLanguage(person, language, new Date(ctx.now?.() ?? Date.now()).toISOString())
  sendJson(res, 200, { language } satisfies PersonLanguageResponse)
}

/**
 * GET /api/my/meetings (session) → 200 MyMeetingsResponse: the meetings the signed-in person has a
 * valid personal invitation to (by e-mail or subject), newest meeting date first, each with the
 * role of its newest invitation. 404 when sign-in is off, 401 without a session.
 */
export async function handleMyMeetings(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  if (!ctx.signIn) throw new ApiError(404, 'sign-in-disabled', 'Innlogging er ikke slått på for denne tjenesten.')
  const person = await sessionOf(req, ctx)
  if (!person) throw new ApiError(401, 'not-signed-in', 'Du er ikke logget inn.')
  const newest = new Map<string, TokenRecord>()
  // Oldest first: a later invitation to the same meeting replaces an earlier one.
  for (const invitation of await ctx.auth.personInvitations(person)) newest.set(invitation.meetingId, invitation)
  const meetings: MyMeetingsResponse['meetings'][number][] = []
  for (const invitation of newest.values()) {
    const meeting = await ctx.store.getMeeting(invitation.meetingId)
    if (meeting) meetings.push({ meeting: { ...meeting, language: await languageOfMeeting(ctx, meeting.id) }, role: invitation.role })
  }
  meetings.sort((a, b) => (a.meeting.date !== b.meeting.date ? (a.meeting.date < b.meeting.date ? 1 : -1) : a.meeting.createdAt < b.meeting.createdAt ? 1 : -1))
  sendJson(res, 200, { meetings } satisfies MyMeetingsResponse)
}

/** A session id as the API names it: the SHA-256 (hex) the store keys it by. */
const SESSION_ID_HASH = /^[0-9a-f]{64}$/

/**
 * Who asks about sessions: the admin (credential, or a signed-in admin) sees and ends everyone's;
 * a signed-in person only their own. `person` is null for the admin credential.
 */
async function sessionsCaller(req: IncomingMessage, ctx: ApiContext): Promise<{ person: PersonPrincipal | null; admin: boolean }> {
  if (!ctx.signIn) throw new ApiError(404, 'sign-in-disabled', 'Innlogging er ikke slått på for denne tjenesten.')
  if (bearerOf(req) !== null) return { person: await requireAdmin(req, ctx), admin: true }
  const person = await sessionOf(req, ctx)
  if (!person) throw new ApiError(401, 'not-signed-in', 'Du er ikke logget inn.')
  requireCsrf(req, person)
  return { person, admin: person.isAdmin }
}

function toSummary(record: SessionRecord, current: PersonPrincipal | null): SessionSummary {
  const { idHash, name, email, issuer, subject, isAdmin, createdAt, expiresAt } = record
  return { id: idHash, name, email, issuer, subject, isAdmin, createdAt, expiresAt, current: current?.sessionId === idHash }
}

/** GET /api/sessions → 200 SessionsResponse. */
export async function handleListSessions(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const { person, admin } = await sessionsCaller(req, ctx)
  const sessions = await ctx.signIn!.sessions.listActive(admin ? undefined : { issuer: person!.issuer, subject: person!.subject })
  sendJson(res, 200, { sessions: sessions.map((s) => toSummary(s, person)), all: admin } satisfies SessionsResponse)
}

/**
 * DELETE /api/sessions/:id → 204: ends the session (an admin any, a person their own; 404 for
 * anyone else's, so that ids cannot be probed) and closes its open connections on every node.
 */
export async function handleRevokeSession(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, sessionId: string): Promise<void> {
  const { person, admin } = await sessionsCaller(req, ctx)
  if (!SESSION_ID_HASH.test(sessionId)) throw new ApiError(404, 'session-not-found', 'Fant ikke innloggingen.')
  const sessions = ctx.signIn!.sessions
  const record = await sessions.find(sessionId)
  const own = record !== null && person !== null && record.issuer === person.issuer && record.subject === person.subject
  if (!record || (!admin && !own)) throw new ApiError(404, 'session-not-found', 'Fant ikke innloggingen.')
  await sessions.revoke(sessionId)
  const closed = ctx.access.announce({ kind: 'session', sessionId })
  log.info('session revoked', {
    session: sessionId.slice(0, 12),
    issuer: record.issuer,
    subject: record.subject,
    by: person ? person.subject : 'admin-credential',
    closedConnections: closed,
  })
  res.writeHead(204, { 'cache-control': 'no-store' })
  res.end()
}
