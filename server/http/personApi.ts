import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MeResponse, MyMeetingsResponse } from '../../shared/api'
import type { TokenRecord } from '../persistence'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { sessionOf } from './authenticate'
import { sendJson } from './respond'

/** GET /api/me → 200 MeResponse: whether sign-in is on, and who is signed in with this browser. */
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
  } satisfies MeResponse)
}

/**
 * GET /api/my/meetings (session) → 200 MyMeetingsResponse: the meetings the signed-in person has a
 * valid personal invitation to (by e-mail or subject), newest meeting date first, each with the
 * role of its newest invitation. 404 when sign-in is off, 401 without a session.
 */
export async function handleMyMeetings(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  if (!ctx.signIn) throw new ApiError(404, 'Innlogging er ikke slått på for denne tjenesten.')
  const person = await sessionOf(req, ctx)
  if (!person) throw new ApiError(401, 'Du er ikke logget inn.')
  const newest = new Map<string, TokenRecord>()
  // Oldest first: a later invitation to the same meeting replaces an earlier one.
  for (const invitation of await ctx.auth.personInvitations(person)) newest.set(invitation.meetingId, invitation)
  const meetings: MyMeetingsResponse['meetings'][number][] = []
  for (const invitation of newest.values()) {
    const meeting = await ctx.store.getMeeting(invitation.meetingId)
    if (meeting) meetings.push({ meeting, role: invitation.role })
  }
  meetings.sort((a, b) => (a.meeting.date !== b.meeting.date ? (a.meeting.date < b.meeting.date ? 1 : -1) : a.meeting.createdAt < b.meeting.createdAt ? 1 : -1))
  sendJson(res, 200, { meetings } satisfies MyMeetingsResponse)
}
