import type { IncomingMessage, ServerResponse } from 'node:http'
import { canWriteMinutes, type Role } from '../../shared/auth'
import {
  ActionRequestError,
  MAX_OWNER_FILTER_CHARS,
  parseActionFilter,
  parseActionStatusRequest,
  type ActionItemInfo,
  type ActionListResponse,
  type ActionStatusResponse,
  type NextMeetingResponse,
} from '../../shared/api'
import { parseRosterOrgan, RosterValidationError } from '../../shared/api/roster'
import { nextMeetingDraft, type MeetingSummary } from '../../shared/minutes'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { readStoredMinutes, sakNumbersOf } from '../actions'
import { osloParts } from '../export/light'
import { log } from '../log'
import type { ActionItemRecord } from '../persistence'
import { adminHistoryActor, historyActorOf } from '../record'
import type { PersonPrincipal } from '../auth'
import type { Actor } from '../../shared/register'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireAdmin, requireMeetingCaller } from './authenticate'
import { readBody } from './readBody'
import { sendJson } from './respond'

/** Routes of an organ's follow-up list and next meeting; the organ is URL-encoded (æøå, spaces). */
export const ACTIONS_ROUTE_PATTERN = /^\/api\/organs\/([^/]+)\/actions$/
export const ACTION_STATUS_ROUTE_PATTERN = /^\/api\/organs\/([^/]+)\/actions\/([^/]+)\/status$/
export const NEXT_MEETING_ROUTE_PATTERN = /^\/api\/organs\/([^/]+)\/next-meeting$/

/** Roles of a meeting of the organ that may read its follow-up list: the organ's own people, not observers. */
const canReadActions = (role: Role) => role !== 'observatør'

/** Who asks about an organ: the admin, or someone with a role in one of its meetings (`?meeting=`). */
type OrganCaller = { readonly kind: 'admin'; readonly person: PersonPrincipal | null; readonly meeting: MeetingSummary | null } | { readonly kind: 'member'; readonly actor: Actor; readonly meeting: MeetingSummary }

function organOf(raw: string): string {
  try {
    return parseRosterOrgan(raw)
  } catch (err) {
    if (err instanceof RosterValidationError) throw ApiError.of(400, err.detail, err.message, { field: 'organ' })
    throw err
  }
}

/**
 * The caller of an organ route: with `?meeting=<id>`, a credential for that meeting (token,
 * invitation, or the admin) whose meeting belongs to the organ (403 otherwise: nobody reads another
 * organ's list through their own meeting); without it, only the admin.
 */
async function organCaller(req: IncomingMessage, ctx: ApiContext, organ: string): Promise<OrganCaller> {
  const meetingId = new URL(req.url ?? '/', 'http://localhost').searchParams.get('meeting')
  if (meetingId === null) return { kind: 'admin', person: await requireAdmin(req, ctx), meeting: null }
  if (!DOC_NAME_PATTERN.test(meetingId)) throw new ApiError(400, 'field-invalid', '«meeting» er ikke en gyldig møte-id.', { field: 'meeting', params: { field: 'meeting' } })
  const caller = await requireMeetingCaller(req, ctx, meetingId)
  const meeting = await ctx.store.getMeeting(meetingId)
  if (!meeting) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  if (meeting.organ !== organ) throw new ApiError(403, 'organ-forbidden', 'Tilgangen gjelder et møte i et annet organ.')
  return caller.kind === 'admin' ? { kind: 'admin', person: null, meeting } : { kind: 'member', actor: caller.actor, meeting }
}

/** True when `a` comes after `b` (later date, or the same date and created later). */
const isLater = (a: MeetingSummary, b: MeetingSummary) => a.date > b.date || (a.date === b.date && a.createdAt > b.createdAt)

/** The caller may change the status of an item of `from`: the admin, or a writing role of a later meeting. */
function mayChange(caller: OrganCaller, from: MeetingSummary): boolean {
  if (caller.kind === 'admin') return true
  return canWriteMinutes(caller.actor.role) && isLater(caller.meeting, from)
}

const todayOf = (ctx: ApiContext) => osloParts(new Date(ctx.now?.() ?? Date.now()).toISOString())!.date

function toInfo(item: ActionItemRecord, meetings: ReadonlyMap<string, MeetingSummary>, caller: OrganCaller, today: string): ActionItemInfo {
  const from = meetings.get(item.meetingId)!
  return {
    id: `${item.meetingId}.${item.itemId}`,
    meetingId: item.meetingId,
    meetingNumber: from.number,
    meetingDate: from.date,
    text: item.text,
    owner: item.owner,
    dueDate: item.dueDate,
    sakNumber: item.sakNumber,
    sakTitle: item.sakTitle,
    status: item.status,
    overdue: item.status === 'open' && item.dueDate !== null && item.dueDate < today,
    statusAt: item.statusAt,
    statusByName: item.statusByName,
    statusByRole: item.statusByRole,
    statusNote: item.statusNote,
    statusInMeetingNumber: item.statusInMeeting ? (meetings.get(item.statusInMeeting)?.number ?? null) : null,
    canChange: mayChange(caller, from),
  }
}

/** The organ's meetings by id, and its items (read in first where this process has not yet), oldest meeting first. */
async function organItems(ctx: ApiContext, organ: string): Promise<{ meetings: Map<string, MeetingSummary>; items: ActionItemRecord[] }> {
  const list = (await ctx.store.listMeetings()).filter((m) => m.organ === organ)
  await ctx.actionSync?.ensureSynced(list)
  const meetings = new Map(list.map((m) => [m.id, m]))
  const order = new Map(list.map((m, i) => [m.id, list.length - i]))
  const items = (await ctx.store.actions.listOrganActions(organ))
    // Only items of this organ's meetings: never another organ's, whatever a row says.
    .filter((i) => meetings.has(i.meetingId))
    .sort((a, b) => order.get(a.meetingId)! - order.get(b.meetingId)! || a.position - b.position)
  return { meetings, items }
}

/**
 * GET /api/organs/:organ/actions?meeting=&status=open|done|overdue|all&owner= → 200
 * ActionListResponse. The admin, or sekretær, møteleder and medlem of a meeting of the organ.
 */
export async function handleListActions(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  const organ = organOf(rawOrgan)
  const caller = await organCaller(req, ctx, organ)
  if (caller.kind === 'member' && !canReadActions(caller.actor.role)) throw new ApiError(403, 'role-forbidden', 'Observatører kan ikke se organets aksjonspunkter.')
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams
  const filter = parseActionFilter(query.get('status'))
  if (!filter) throw new ApiError(400, 'field-invalid', '«status» må være open, done, overdue eller all.', { field: 'status', params: { field: 'status' } })
  const owner = (query.get('owner') ?? '').trim().toLowerCase()
  if (owner.length > MAX_OWNER_FILTER_CHARS) {
    throw new ApiError(400, 'text-too-long', `«owner» kan ha høyst ${MAX_OWNER_FILTER_CHARS} tegn.`, {
      field: 'owner',
      params: { field: 'owner', max: MAX_OWNER_FILTER_CHARS },
    })
  }
  const today = todayOf(ctx)
  const { meetings, items } = await organItems(ctx, organ)
  const infos = items.map((i) => toInfo(i, meetings, caller, today))
  const owners = [...new Set(infos.flatMap((i) => (i.owner ? [i.owner] : [])))].sort((a, b) => a.localeCompare(b, 'nb'))
  const shown = infos.filter(
    (i) =>
      (filter === 'all' || (filter === 'overdue' ? i.overdue : i.status === filter)) && (!owner || (i.owner ?? '').toLowerCase().includes(owner)),
  )
  sendJson(res, 200, { organ, today, items: shown, owners } satisfies ActionListResponse)
}

/**
 * POST /api/organs/:organ/actions/:id/status?meeting= { status, note? } → 200 { item }. The admin,
 * or the sekretær or møteleder of a meeting of the organ held after the item's meeting (403
 * otherwise); 404 for an item not in its minutes. Recorded with who and when in the item's history
 * and in the history of the meeting it was changed in.
 */
export async function handleSetActionStatus(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string, id: string): Promise<void> {
  const organ = organOf(rawOrgan)
  const caller = await organCaller(req, ctx, organ)
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{1,120})$/.exec(id)
  const from = match && DOC_NAME_PATTERN.test(match[1]) ? await ctx.store.getMeeting(match[1]) : null
  if (!match || !from || from.organ !== organ) throw new ApiError(404, 'action-item-not-found', 'Fant ikke aksjonspunktet.')
  if (!mayChange(caller, from)) {
    throw new ApiError(403, 'role-forbidden', 'Bare sekretær og møteleder i et senere møte i organet kan endre status på aksjonspunktet.')
  }
  let request
  try {
    request = parseActionStatusRequest(await readBody(req))
  } catch (err) {
    if (err instanceof ActionRequestError) throw ApiError.of(400, err.detail, err.message, { field: err.field })
    throw err
  }
  const at = new Date(ctx.now?.() ?? Date.now()).toISOString()
  const by = caller.kind === 'admin' ? { byName: caller.person ? (caller.person.name ?? caller.person.email) : null, byRole: 'admin' as const } : { byName: caller.actor.name, byRole: caller.actor.role as 'sekretær' | 'møteleder' }
  const item = await ctx.store.actions.setActionStatus({ meetingId: from.id, itemId: match[2], status: request.status, note: request.note, at, ...by, inMeetingId: caller.meeting?.id ?? null })
  if (!item) throw new ApiError(404, 'action-item-not-found', 'Fant ikke aksjonspunktet.')
  const actor = caller.kind === 'admin' ? adminHistoryActor(caller.person) : historyActorOf(caller.actor)
  const details = { itemMeetingId: from.id, itemId: item.itemId, fromMeetingNumber: from.number, text: item.text.slice(0, 200), status: item.status, note: item.statusNote }
  void ctx.history?.record(caller.meeting?.id ?? from.id, actor, 'action-status-changed', details, at)
  void ctx.webhooks?.meetingEvent('action.changed', from, at, {
    action: { id: `${from.id}.${item.itemId}`, text: item.text, owner: item.owner, dueDate: item.dueDate, status: item.status, note: item.statusNote, changedBy: { name: by.byName, role: by.byRole }, inMeetingId: caller.meeting?.id ?? null },
  })
  log.info('action item status changed', { docName: from.id, itemId: item.itemId, status: item.status, inMeeting: caller.meeting?.id ?? null })
  const meetings = new Map([[from.id, from], ...(caller.meeting ? ([[caller.meeting.id, caller.meeting]] as const) : [])])
  sendJson(res, 200, { item: toInfo(item, meetings, caller, todayOf(ctx)) } satisfies ActionStatusResponse)
}

/**
 * GET /api/organs/:organ/next-meeting?meeting= → 200 NextMeetingResponse: the proposed agenda of
 * the organ's next meeting (see nextMeetingDraft), for the admin and the sekretær and møteleder of
 * a meeting of the organ. Creating it is the import route's (POST /api/meetings/import with the
 * edited draft as `agenda`).
 */
export async function handleNextMeeting(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  const organ = organOf(rawOrgan)
  const caller = await organCaller(req, ctx, organ)
  if (caller.kind === 'member' && !canWriteMinutes(caller.actor.role)) throw new ApiError(403, 'role-forbidden', 'Bare sekretær og møteleder kan forberede neste møte.')
  const { meetings, items } = await organItems(ctx, organ)
  const last = [...meetings.values()][0] ?? null
  const minutes = last ? await readStoredMinutes(ctx.store, last.id) : null
  const openActions = items
    .filter((i) => i.status === 'open')
    .map((i) => ({ text: i.text, owner: i.owner, dueDate: i.dueDate, meetingNumber: meetings.get(i.meetingId)!.number, meetingDate: meetings.get(i.meetingId)!.date }))
  const draft = nextMeetingDraft({ organ, last, lastSakNumbers: minutes ? sakNumbersOf(minutes) : [], openActions, today: todayOf(ctx) })
  const roster = (await ctx.store.getRoster(organ)).map(({ name, org, defaultGroup }) => ({ name, org, defaultGroup }))
  sendJson(res, 200, { organ, last, draft, roster } satisfies NextMeetingResponse)
}
