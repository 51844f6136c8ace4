import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { canChair, canDecideFlags, canFlag } from '../../shared/auth'
import { decisionsOf, hashDecisionText } from '../../shared/minutes'
import { registerDocName, type Actor, type Confirmation, type Flag, type MeetingState } from '../../shared/register'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import { log } from '../log'
import { historyActorOf } from '../record'
import { confirmationOf, flagOf, meetingStateOf, writeRegister, type Room } from '../rooms'
import { fragmentToProseMirror } from '../validation'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireMeetingCaller, requireRole } from './authenticate'
import { readBody } from './readBody'
import {
  parseCloseMeetingRequest,
  parseConfirmDecisionRequest,
  parseCreateFlagRequest,
  parseDecideFlagRequest,
  refuseForeignIdentity,
} from './parseRequests'
import { sendJson } from './respond'
import { emitMeetingEvent } from './webhooksApi'

const nowOf = (ctx: ApiContext) => (ctx.now ?? Date.now)()

/** Authenticates, checks the role, reads the body and refuses foreign identity claims. */
async function authorised(
  req: IncomingMessage,
  ctx: ApiContext,
  meetingId: string,
  allowed: (role: Actor['role']) => boolean,
  what: string,
): Promise<{ actor: Actor; body: unknown }> {
  const actor = requireRole(await requireMeetingCaller(req, ctx, meetingId), allowed, what)
  const body = await readBody(req)
  refuseForeignIdentity(body, actor)
  return { actor, body }
}

/**
 * Runs `use` on the meeting's register room. Its checks and its applyServerChange must run in
 * its synchronous part (before its first await), so nothing can come between them.
 */
function withRegister<T>(ctx: ApiContext, meetingId: string, use: (room: Room) => Promise<T>): Promise<T> {
  return ctx.rooms.withRoom(registerDocName(meetingId), use)
}

/** Why a flag cannot be filed now (a 403), or null. */
function flagRefusal(state: MeetingState, nowMs: number): ApiError | null {
  if (state.closedAt === null) return null
  if (state.approvedAt) return new ApiError(403, 'minutes-approved', 'Referatet er godkjent, og det tas ikke imot flere merknader.')
  if (state.commentDeadline === null) return new ApiError(403, 'meeting-closed', 'Møtet er lukket, og det tas ikke imot flere merknader.')
  if (nowMs > Date.parse(state.commentDeadline)) return new ApiError(403, 'flag-deadline-passed', 'Møtet er lukket, og fristen for merknader er ute.')
  return null
}

/** POST /api/meetings/:id/flags (medlem) → 201 { flag }. The author is always the token's. */
export async function handleCreateFlag(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const { actor, body } = await authorised(req, ctx, meetingId, canFlag, 'melde merknader')
  const request = parseCreateFlagRequest(body)
  const flag = await withRegister(ctx, meetingId, async (room) => {
    const nowMs = nowOf(ctx)
    const refusal = flagRefusal(meetingStateOf(room.document), nowMs)
    if (refusal) throw refusal
    const created: Flag = {
      id: randomBytes(9).toString('base64url'),
      ...request,
      author: actor,
      createdAt: new Date(nowMs).toISOString(),
      status: 'open',
      reply: null,
      decidedBy: null,
      decidedAt: null,
    }
    await room.applyServerChange((doc) => writeRegister.flag(doc, created))
    void ctx.history?.record(meetingId, historyActorOf(actor), 'flag-raised', { flagId: created.id, sakId: created.agendaItemId }, created.createdAt)
    return created
  })
  log.info('flag filed', { docName: meetingId, tokenId: actor.tokenId, flagId: flag.id })
  sendJson(res, 201, { flag })
}

/** POST /api/meetings/:id/flags/:flagId/decision (sekretær, møteleder) → 200 { flag }. */
export async function handleDecideFlag(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: ApiContext,
  meetingId: string,
  flagId: string,
) {
  const { actor, body } = await authorised(req, ctx, meetingId, canDecideFlags, 'behandle merknader')
  const request = parseDecideFlagRequest(body)
  const flag = await withRegister(ctx, meetingId, async (room) => {
    if (meetingStateOf(room.document).approvedAt) throw new ApiError(403, 'minutes-approved', 'Referatet er godkjent; merknader kan ikke behandles lenger.')
    const existing = flagOf(room.document, flagId)
    if (!existing) throw new ApiError(404, 'flag-not-found', 'Fant ikke merknaden.')
    const decided: Flag = { ...existing, ...request, decidedBy: actor, decidedAt: new Date(nowOf(ctx)).toISOString() }
    await room.applyServerChange((doc) => writeRegister.flag(doc, decided))
    const details = { flagId, sakId: decided.agendaItemId, status: decided.status }
    void ctx.history?.record(meetingId, historyActorOf(actor), 'flag-decided', details, decided.decidedAt ?? undefined)
    return decided
  })
  log.info('flag decided', { docName: meetingId, tokenId: actor.tokenId, flagId, status: flag.status })
  sendJson(res, 200, { flag })
}

/**
 * The vedtak text of agenda item `agendaItemId` in the server's own minutes; 404 when there is
 * no such sak or it has no vedtak text.
 */
function serverDecisionText(minutesRoom: Room, agendaItemId: string): string {
  const minutes = fragmentToProseMirror(minutesRoom.document.getXmlFragment(MINUTES_FRAGMENT))
  let found = false
  minutes.forEach((node) => {
    if (node.type.name === 'agendaItem' && node.attrs.id === agendaItemId) found = true
  })
  if (!found) throw new ApiError(404, 'agenda-item-unknown', 'Fant ikke saken i referatet.', { field: 'agendaItemId' })
  const decision = decisionsOf(minutes).find((d) => d.agendaItemId === agendaItemId)
  if (!decision || decision.text.trim() === '') throw new ApiError(404, 'decision-empty', 'Saken har ingen vedtakstekst å bekrefte.', { field: 'agendaItemId' })
  return decision.text
}

/**
 * POST /api/meetings/:id/confirmations (møteleder) → 201 { confirmation }. The hash is the
 * server's, computed from its own minutes; 409 when the chair saw other text or after closing.
 */
export async function handleConfirm(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const { actor, body } = await authorised(req, ctx, meetingId, canChair, 'bekrefte vedtak')
  const request = parseConfirmDecisionRequest(body)
  const docs = [meetingId, registerDocName(meetingId)]
  const confirmation = await ctx.rooms.withRooms(docs, async ([minutesRoom, room]) => {
    if (meetingStateOf(room.document).closedAt !== null) throw new ApiError(409, 'meeting-closed', 'Møtet er lukket; vedtak kan ikke bekreftes lenger.')
    // Read and record in one synchronous step: no edit can come between the hash and the record.
    const text = serverDecisionText(minutesRoom, request.agendaItemId)
    const textHash = hashDecisionText(text)
    if (textHash !== request.textHash) {
      throw new ApiError(409, 'decision-changed', 'Vedtaksteksten er endret siden du så den. Les den på nytt og bekreft igjen.', { field: 'textHash' })
    }
    const recorded: Confirmation = { agendaItemId: request.agendaItemId, textHash, text, by: actor, at: new Date(nowOf(ctx)).toISOString() }
    // A re-confirmation replaces the register's entry; the history keeps both.
    const previous = confirmationOf(room.document, request.agendaItemId)
    await room.applyServerChange((doc) => writeRegister.confirmation(doc, recorded))
    const details = { sakId: recorded.agendaItemId, textSha256: textHash, reconfirmation: previous !== null, previousTextSha256: previous?.textHash ?? null }
    void ctx.history?.record(meetingId, historyActorOf(actor), 'decision-confirmed', details, recorded.at)
    return recorded
  })
  log.info('decision confirmed', { docName: meetingId, tokenId: actor.tokenId, agendaItemId: confirmation.agendaItemId })
  sendJson(res, 201, { confirmation })
}

/** POST /api/meetings/:id/close (møteleder) → 200 { state }; 409 when already closed. */
export async function handleClose(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const { actor, body } = await authorised(req, ctx, meetingId, canChair, 'lukke møtet')
  const nowMs = nowOf(ctx)
  const { commentDeadline } = parseCloseMeetingRequest(body, nowMs)
  const state = await withRegister(ctx, meetingId, async (room) => {
    if (meetingStateOf(room.document).closedAt !== null) throw new ApiError(409, 'meeting-closed', 'Møtet er allerede lukket.')
    const closed: MeetingState = { closedAt: new Date(nowMs).toISOString(), closedBy: actor, commentDeadline }
    const stored = room.applyServerChange((doc) => writeRegister.meetingState(doc, closed))
    // From now on (the same synchronous step) the minutes room refuses every change, from writers too.
    ctx.rooms.setMeetingClosed(meetingId, true)
    try {
      await stored
    } catch (err) {
      ctx.rooms.setMeetingClosed(meetingId, false) // the register was not stored, so the meeting is still open
      throw err
    }
    void ctx.history?.record(meetingId, historyActorOf(actor), 'meeting-closed', { commentDeadline }, closed.closedAt ?? undefined)
    void emitMeetingEvent(ctx, 'meeting.closed', meetingId, closed.closedAt!, { commentDeadline })
    // The closed minutes are final until reopened: the follow-up list gets their aksjonspunkter now.
    void ctx.actionSync?.syncNow(meetingId)
    return closed
  })
  log.info('meeting closed', { docName: meetingId, tokenId: actor.tokenId })
  sendJson(res, 200, { state })
}
