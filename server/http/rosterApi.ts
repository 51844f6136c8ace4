import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { canWriteMinutes } from '../../shared/auth'
import { parseRosterOrgan, parseRosterRequest, RosterValidationError, type RosterResponse } from '../../shared/api/roster'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { log } from '../log'
import type { RosterMember } from '../persistence'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireAdmin, requireMeetingCaller } from './authenticate'
import { readBody } from './readBody'
import { sendJson } from './respond'

/** Route of an organ's roster; the organ is URL-encoded (æøå, spaces). */
export const ROSTER_ROUTE_PATTERN = /^\/api\/rosters\/([^/]+)$/
/** Route of a meeting's roster (the roster of the meeting's organ). */
export const MEETING_ROSTER_ROUTE_PATTERN = /^\/api\/meetings\/([^/]+)\/roster$/

/** The organ named in a route, checked as for a roster (400 when empty, too long or with control characters). */
export function organOf(raw: string): string {
  try {
    return parseRosterOrgan(raw)
  } catch (err) {
    if (err instanceof RosterValidationError) throw ApiError.of(400, err.detail, err.message, { field: err.field })
    throw err
  }
}

/** GET /api/rosters/:organ (admin) → 200 { organ, members }. */
export async function handleGetRoster(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  await requireAdmin(req, ctx)
  const organ = organOf(rawOrgan)
  sendJson(res, 200, { organ, members: await ctx.store.getRoster(organ) } satisfies RosterResponse)
}

/** PUT /api/rosters/:organ (admin) { members: [{ name, org, defaultGroup }] } → 200 { organ, members }. Replaces the roster. */
export async function handlePutRoster(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  await requireAdmin(req, ctx)
  const organ = organOf(rawOrgan)
  let members: RosterMember[]
  try {
    members = parseRosterRequest(await readBody(req)).map((m) => ({ id: randomUUID(), ...m }))
  } catch (err) {
    if (err instanceof RosterValidationError) throw ApiError.of(400, err.detail, err.message, { field: err.field })
    throw err
  }
  await ctx.store.replaceRoster(organ, members)
  log.info('roster replaced', { members: members.length })
  sendJson(res, 200, { organ, members: await ctx.store.getRoster(organ) } satisfies RosterResponse)
}

/** GET /api/meetings/:id/roster (sekretær, møteleder, admin) → 200 { organ, members } of the meeting's organ. */
export async function handleGetMeetingRoster(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string): Promise<void> {
  const caller = await requireMeetingCaller(req, ctx, meetingId)
  if (caller.kind === 'member' && !canWriteMinutes(caller.actor.role)) {
    throw new ApiError(403, 'role-forbidden', 'Bare sekretær og møteleder kan hente medlemslisten.')
  }
  const meeting = DOC_NAME_PATTERN.test(meetingId) ? await ctx.store.getMeeting(meetingId) : null
  if (!meeting) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  sendJson(res, 200, { organ: meeting.organ, members: await ctx.store.getRoster(meeting.organ) } satisfies RosterResponse)
}
