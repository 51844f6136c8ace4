import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Node as PMNode } from '@tiptap/pm/model'
import * as Y from 'yjs'
import type { ApproveMeetingResponse, DiffResponse, ListVersionsResponse, VersionResponse } from '../../shared/api'
import { canWriteMinutes } from '../../shared/auth'
import { diffMinutes, type JSONContent } from '../../shared/minutes'
import {
  MAX_APPROVED_IN_CHARS,
  MAX_VERSION_NAME_CHARS,
  registerDocName,
  type Actor,
  type MeetingState,
  type VersionInfo,
} from '../../shared/register'
import { DOC_NAME_PATTERN, MINUTES_FRAGMENT } from '../../shared/schema'
import { exportLabels } from '../export/light'
import { log } from '../log'
import type { SealRecord, VersionMeta, VersionRecord } from '../persistence'
import { buildSeal, historyActorOf, minutesOfState } from '../record'
import { confirmationsOf, meetingLanguageOf, meetingStateOf, writeRegister, type Room } from '../rooms'
import { fragmentToProseMirror } from '../validation'
import { ApiError, badField } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireMeetingCaller, requireRole } from './authenticate'
import { refuseForeignIdentity } from './parseRequests'
import { readBody } from './readBody'
import { sendJson } from './respond'
import { emitMeetingEvent } from './webhooksApi'

/** Most versions one meeting may have (a bound on storage, far above any real meeting's need). */
export const MAX_VERSIONS_PER_MEETING = 200
/** `from`/`to` of the diff route meaning the live minutes rather than a stored version. */
export const CURRENT_VERSION = 'current'

const VERSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** The day of approval is the day in Norway, not in UTC. */
const OSLO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Oslo', year: 'numeric', month: '2-digit', day: '2-digit' })

const nowOf = (ctx: ApiContext) => (ctx.now ?? Date.now)()
const bad = badField

function objectBody(input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw bad('body', 'Forventet et JSON-objekt.', { code: 'body-not-object' })
  return input as Record<string, unknown>
}

/** A one-line text field: trimmed, no control characters, at most `maxChars`; null when absent or empty. */
function lineField(raw: Record<string, unknown>, field: string, maxChars: number): string | null {
  const value = raw[field]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string') throw bad(field, `Feltet «${field}» må være tekst.`, { code: 'field-not-text', params: { field } })
  const trimmed = value.trim()
  if ([...trimmed].length > maxChars) throw bad(field, `Feltet «${field}» kan ha høyst ${maxChars} tegn.`, { code: 'text-too-long', params: { field, max: maxChars } })
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) throw bad(field, `Feltet «${field}» inneholder kontrolltegn.`, { code: 'text-control-characters', params: { field } })
  return trimmed === '' ? null : trimmed
}

/** Checks a CreateVersionRequest body: a name of 1 to MAX_VERSION_NAME_CHARS characters. Throws ApiError(400). */
export function parseCreateVersionRequest(input: unknown): { name: string } {
  const name = lineField(objectBody(input), 'name', MAX_VERSION_NAME_CHARS)
  if (name === null) throw bad('name', 'Versjonen må ha et navn.', { code: 'field-required', params: { field: 'name' } })
  return { name }
}

/** Checks an ApproveMeetingRequest body (approvedInMeeting optional). Throws ApiError(400). */
export function parseApproveMeetingRequest(input: unknown): { approvedInMeeting: string | null } {
  return { approvedInMeeting: lineField(objectBody(input ?? {}), 'approvedInMeeting', MAX_APPROVED_IN_CHARS) }
}

async function meetingOr404(ctx: ApiContext, meetingId: string): Promise<void> {
  if (!DOC_NAME_PATTERN.test(meetingId) || !(await ctx.store.getMeeting(meetingId))) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
}

/** Authenticates any role of the meeting (or the admin) and checks that the meeting exists. */
async function reader(req: IncomingMessage, ctx: ApiContext, meetingId: string): Promise<void> {
  await requireMeetingCaller(req, ctx, meetingId)
  await meetingOr404(ctx, meetingId)
}

/**
 * Authenticates a sekretær or møteleder and reads the body. The author is always the token's;
 * `identityCheck` refuses bodies that name another (off for a version, whose `name` is its title).
 */
async function writer(
  req: IncomingMessage,
  ctx: ApiContext,
  meetingId: string,
  what: string,
  identityCheck: boolean,
): Promise<{ actor: Actor; body: unknown }> {
  const actor = requireRole(await requireMeetingCaller(req, ctx, meetingId), canWriteMinutes, what)
  await meetingOr404(ctx, meetingId)
  const body = await readBody(req)
  if (identityCheck) refuseForeignIdentity(body, actor)
  return { actor, body }
}

function toInfo(meta: VersionMeta): VersionInfo {
  return {
    id: meta.id,
    name: meta.name,
    createdAt: meta.createdAt,
    createdBy: { tokenId: meta.createdByTokenId, role: meta.createdByRole, name: meta.createdByName },
  }
}

/** Throws ApiError(409) when the meeting has MAX_VERSIONS_PER_MEETING versions. */
async function checkVersionLimit(ctx: ApiContext, meetingId: string): Promise<void> {
  if ((await ctx.store.listVersions(meetingId)).length >= MAX_VERSIONS_PER_MEETING) {
    throw new ApiError(409, 'version-limit', `Møtet har allerede ${MAX_VERSIONS_PER_MEETING} versjoner.`, { params: { max: MAX_VERSIONS_PER_MEETING } })
  }
}

/**
 * A version named `name` of the minutes in `minutesRoom`, taken synchronously from a settled
 * room (see RoomRegistry.withRooms), so it is exactly what is stored at this moment.
 */
function versionOf(minutesRoom: Room, name: string, actor: Actor, nowMs: number): { info: VersionInfo; record: VersionRecord } {
  const info: VersionInfo = {
    id: randomBytes(9).toString('base64url'),
    name,
    createdAt: new Date(nowMs).toISOString(),
    createdBy: { tokenId: actor.tokenId, role: actor.role, name: actor.name },
  }
  const { createdBy } = info
  const record: VersionRecord = {
    meetingId: minutesRoom.docName, id: info.id, name, createdAt: info.createdAt,
    createdByTokenId: createdBy.tokenId, createdByName: createdBy.name, createdByRole: createdBy.role,
    state: Y.encodeStateAsUpdate(minutesRoom.document),
  }
  return { info, record }
}

/**
 * Stores a version, then lists it in the register. Storage is the record; the register only
 * lists it for live clients (a failure there leaves a version that the GET routes still list).
 */
async function storeVersion(ctx: ApiContext, registerRoom: Room, version: { info: VersionInfo; record: VersionRecord }, actor: Actor): Promise<void> {
  await ctx.store.insertVersion(version.record)
  await registerRoom.applyServerChange((doc) => writeRegister.version(doc, version.info))
  log.info('version saved', { docName: version.record.meetingId, tokenId: actor.tokenId, versionId: version.info.id })
}

/** Stores the live minutes as a version named `name` and lists it in the register. */
async function saveVersion(ctx: ApiContext, meetingId: string, name: string, actor: Actor, nowMs: number): Promise<VersionInfo> {
  await checkVersionLimit(ctx, meetingId)
  return ctx.rooms.withRooms([meetingId, registerDocName(meetingId)], async ([minutesRoom, registerRoom]) => {
    const version = versionOf(minutesRoom, name, actor, nowMs)
    await storeVersion(ctx, registerRoom, version, actor)
    const details = { versionId: version.info.id, name: version.info.name }
    void ctx.history?.record(meetingId, historyActorOf(actor), 'version-saved', details, version.info.createdAt)
    return version.info
  })
}

/** The minutes of version `versionId` (or the live ones for CURRENT_VERSION); 404 naming `field`. */
async function minutesAt(ctx: ApiContext, meetingId: string, versionId: string, field: string): Promise<PMNode> {
  if (versionId === CURRENT_VERSION) {
    return ctx.rooms.withRoom(meetingId, (room) => fragmentToProseMirror(room.document.getXmlFragment(MINUTES_FRAGMENT)))
  }
  const version = VERSION_ID_PATTERN.test(versionId) ? await ctx.store.getVersion(meetingId, versionId) : null
  if (!version) throw new ApiError(404, 'version-not-found', 'Fant ikke versjonen.', { field })
  return minutesOfState(version.state)
}

/** POST /api/meetings/:id/versions (sekretær, møteleder) → 201 { version } */
export async function handleCreateVersion(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const { actor, body } = await writer(req, ctx, meetingId, 'lagre versjoner', false)
  const { name } = parseCreateVersionRequest(body)
  sendJson(res, 201, { version: await saveVersion(ctx, meetingId, name, actor, nowOf(ctx)) })
}

/** GET /api/meetings/:id/versions (any role) → 200 { versions }, oldest first */
export async function handleListVersions(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  await reader(req, ctx, meetingId)
  sendJson(res, 200, { versions: (await ctx.store.listVersions(meetingId)).map(toInfo) } satisfies ListVersionsResponse)
}

/** GET /api/meetings/:id/versions/:versionId (any role) → 200 { version, minutes } */
export async function handleGetVersion(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string, versionId: string) {
  await reader(req, ctx, meetingId)
  const version = VERSION_ID_PATTERN.test(versionId) ? await ctx.store.getVersion(meetingId, versionId) : null
  if (!version) throw new ApiError(404, 'version-not-found', 'Fant ikke versjonen.')
  const minutes = minutesOfState(version.state).toJSON() as JSONContent
  sendJson(res, 200, { version: toInfo(version), minutes } satisfies VersionResponse)
}

/** GET /api/meetings/:id/diff?from=<versionId|current>&to=<versionId|current> (any role) → 200 { diff } */
export async function handleDiff(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  await reader(req, ctx, meetingId)
  const query = new URL(req.url ?? '/', 'http://localhost').searchParams
  const from = query.get('from')
  const to = query.get('to')
  if (!from) throw bad('from', 'Oppgi from: en versjons id eller «current».', { code: 'field-required', params: { field: 'from' } })
  if (!to) throw bad('to', 'Oppgi to: en versjons id eller «current».', { code: 'field-required', params: { field: 'to' } })
  const diff = diffMinutes(await minutesAt(ctx, meetingId, from, 'from'), await minutesAt(ctx, meetingId, to, 'to'))
  sendJson(res, 200, { diff } satisfies DiffResponse)
}

/**
 * POST /api/meetings/:id/approve (sekretær, møteleder) → 201 { state, version }: records the
 * approval in the register and saves the version "Godkjent <dato>". 409 before closing and when
 * already approved.
 */
export async function handleApprove(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const { actor, body } = await writer(req, ctx, meetingId, 'markere referatet som godkjent', true)
  const { approvedInMeeting } = parseApproveMeetingRequest(body)
  const nowMs = nowOf(ctx)
  await checkVersionLimit(ctx, meetingId)
  const meeting = (await ctx.store.getMeeting(meetingId))!
  const answer = await ctx.rooms.withRooms([meetingId, registerDocName(meetingId)], async ([minutesRoom, room]) => {
    // One synchronous step: no close, approval or flag decision can come between check and record.
    const current = meetingStateOf(room.document)
    if (current.closedAt === null) throw new ApiError(409, 'meeting-not-closed', 'Møtet må lukkes før referatet kan godkjennes.')
    if (current.approvedAt) throw new ApiError(409, 'minutes-approved', 'Referatet er allerede godkjent.')
    // "Godkjent 15. november 2023" (nb, nn), "Approved 15 November 2023" (en): the meeting's language, as the seal's exports.
    const labels = exportLabels(meetingLanguageOf(room.document))
    const version = versionOf(minutesRoom, labels.t('export.approval.on', { date: labels.date(OSLO_DATE.format(nowMs)) }), actor, nowMs)
    const state: MeetingState = { ...current, approvedAt: new Date(nowMs).toISOString(), approvedBy: actor, approvedInMeeting }
    await room.applyServerChange((doc) => writeRegister.meetingState(doc, state))
    let seal: SealRecord
    try {
      await storeVersion(ctx, room, version, actor)
      // The seal: the canonical JSON export of exactly this version and its SHA-256 (server/record).
      // Each vedtak as the register has it confirmed at this moment (the same step as the version).
      const approval = { approvedAt: state.approvedAt!, approvedIn: approvedInMeeting, approvedBy: actor }
      seal = await ctx.store.insertSeal(buildSeal(meeting, version.record, approval, confirmationsOf(room.document), meetingLanguageOf(room.document)))
      log.info('approved version sealed', { docName: meetingId, versionId: seal.versionId, sha256: seal.sha256 })
    } catch (err) {
      // Without its version and seal the approval does not stand: take it back (best effort; logged).
      await room.applyServerChange((doc) => writeRegister.meetingState(doc, current)).catch((undo: unknown) => {
        log.error('could not take back an approval whose version was not stored', { docName: meetingId, err: undo })
      })
      throw err
    }
    const details = { versionId: version.info.id, name: version.info.name, approvedInMeeting }
    void ctx.history?.record(meetingId, historyActorOf(actor), 'minutes-approved', details, state.approvedAt ?? undefined)
    void ctx.history?.record(meetingId, historyActorOf(actor), 'minutes-sealed', { versionId: seal.versionId, sha256: seal.sha256 }, state.approvedAt ?? undefined)
    void emitMeetingEvent(ctx, 'meeting.approved', meetingId, state.approvedAt!, { approvedInMeeting, versionId: seal.versionId, sealSha256: seal.sha256 })
    return { state, version: version.info }
  })
  log.info('minutes approved', { docName: meetingId, tokenId: actor.tokenId, versionId: answer.version.id })
  sendJson(res, 201, answer satisfies ApproveMeetingResponse)
}
