import type { IncomingMessage, ServerResponse } from 'node:http'
import { DEFAULT_HISTORY_PAGE, type HistoryResponse, type HistoryVerifyResponse } from '../../shared/record'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { MAX_HISTORY_PAGE } from '../persistence'
import type { HistoryRecorder } from '../record'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireMeetingCaller } from './authenticate'
import { sendJson } from './respond'

/** GET /api/meetings/:id/history and /history/verify. */
export const HISTORY_ROUTE_PATTERN = /^\/api\/meetings\/([^/]+)\/history$/
export const HISTORY_VERIFY_ROUTE_PATTERN = /^\/api\/meetings\/([^/]+)\/history\/verify$/

/**
 * Who may read a meeting's history: the admin, the møteleder and the sekretær. Members and
 * observers may not: besides what they already see in the register (flags, confirmations,
 * closing, approval), the history names who was invited by which e-mail or subject, which
 * tokens were minted and revoked, and who changed the sign-in requirement; that is the
 * secretariat's record, not part of the published referat.
 */
async function historyReader(req: IncomingMessage, ctx: ApiContext, meetingId: string): Promise<HistoryRecorder> {
  const caller = await requireMeetingCaller(req, ctx, meetingId)
  if (caller.kind === 'member' && caller.actor.role !== 'møteleder' && caller.actor.role !== 'sekretær') {
    throw new ApiError(403, 'role-forbidden', 'Bare møteleder, sekretær og administrator kan se historikken.')
  }
  if (!ctx.history || !DOC_NAME_PATTERN.test(meetingId) || !(await ctx.store.getMeeting(meetingId))) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  return ctx.history
}

/** A whole number from `min` to `max` in query parameter `name`, `fallback` when absent; 400 otherwise. */
function queryInteger(query: URLSearchParams, name: string, min: number, max: number, fallback: number): number {
  const raw = query.get(name)
  if (raw === null) return fallback
  if (!/^\d{1,15}$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ApiError(400, 'number-out-of-range', `«${name}» må være et helt tall fra ${min} til ${max}.`, { field: name, params: { field: name, min, max } })
  }
  return Number(raw)
}

/** GET /api/meetings/:id/history?after=<seq>&limit=<1..MAX_HISTORY_PAGE> → 200 HistoryResponse, oldest first. */
export async function handleHistory(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string): Promise<void> {
  const history = await historyReader(req, ctx, meetingId)
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams
  const after = queryInteger(query, 'after', 0, Number.MAX_SAFE_INTEGER, 0)
  const limit = queryInteger(query, 'limit', 1, MAX_HISTORY_PAGE, DEFAULT_HISTORY_PAGE)
  const events = await history.list(meetingId, after, limit)
  const head = await history.head(meetingId)
  const last = events.at(-1)?.seq ?? after
  const next = events.length === limit && head !== null && last < head.seq ? last : null
  sendJson(res, 200, { events, head, next } satisfies HistoryResponse, { 'cache-control': 'no-store' })
}

/** GET /api/meetings/:id/history/verify → 200 HistoryVerifyResponse. */
export async function handleHistoryVerify(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string): Promise<void> {
  const history = await historyReader(req, ctx, meetingId)
  sendJson(res, 200, (await history.verify(meetingId)) satisfies HistoryVerifyResponse, { 'cache-control': 'no-store' })
}
