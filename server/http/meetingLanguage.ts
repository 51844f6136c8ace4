import type { IncomingMessage, ServerResponse } from 'node:http'
import type { MeetingLanguageResponse } from '../../shared/api'
import { canWriteMinutes } from '../../shared/auth'
import { LANGUAGES, isLanguage, type Language } from '../../shared/i18n/languages'
import type { MeetingSummary } from '../../shared/minutes'
import { registerDocName } from '../../shared/register'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { log } from '../log'
import { historyActorOf } from '../record'
import { meetingLanguageOf, meetingStateOf, writeRegister } from '../rooms'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireMeetingCaller, requireRole } from './authenticate'
import { refuseForeignIdentity } from './parseRequests'
import { readBody } from './readBody'
import { sendJson } from './respond'

/**
 * The meeting's language (issue 16): kept in the register (`meeting` map, key 'language'),
 * written only by the server, synced read-only to every client. It is the language of every
 * export and the interface's default for readers who chose none.
 */

/** Route pattern of the language route: `/api/meetings/:id/language`. */
export const LANGUAGE_ROUTE_PATTERN = /^\/api\/meetings\/([^/]+)\/language$/

/** `value` as a meeting language; undefined stays undefined (bokmål then). 400 on `field` for anything else. */
export function parseLanguageField(value: unknown, field: string): Language | undefined {
  if (value === undefined) return undefined
  if (!isLanguage(value)) throw new ApiError(400, 'field-invalid', `Språket må være ett av ${LANGUAGES.join(', ')}.`, { field, params: { field } })
  return value
}

/** The meeting's language as its register holds it (bokmål when it holds none). */
export function languageOfMeeting(ctx: ApiContext, meetingId: string): Promise<Language> {
  return ctx.rooms.withRoom(registerDocName(meetingId), (room) => meetingLanguageOf(room.document))
}

/**
 * The meetings with their language, for the routes that list meetings. Each register is read
 * in turn (one open room at a time), so a long list costs time, not memory.
 */
export async function withLanguages(ctx: ApiContext, meetings: readonly MeetingSummary[]): Promise<(MeetingSummary & { language: Language })[]> {
  const out: (MeetingSummary & { language: Language })[] = []
  for (const meeting of meetings) out.push({ ...meeting, language: await languageOfMeeting(ctx, meeting.id) })
  return out
}

/**
 * POST /api/meetings/:id/language (sekretær, møteleder) with `{ "language": "nb" | "nn" | "en" }`
 * → 200 `{ language }`. Allowed while the meeting is open and after closing (the referat may still
 * be corrected and re-exported until approved); 409 once the referat is approved, since the
 * approved version is sealed in the language it was approved in. 400 for any other value, 403
 * for other roles and the admin, 404 for an unknown meeting. Setting the language it already
 * has changes nothing and records nothing. A change is recorded in the history
 * (`language-changed`: `language`, `previous`).
 */
export async function handleSetLanguage(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string): Promise<void> {
  const actor = requireRole(await requireMeetingCaller(req, ctx, meetingId), canWriteMinutes, 'endre språket i møtet')
  const body = await readBody(req)
  refuseForeignIdentity(body, actor)
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ApiError(400, 'body-not-object', 'Forventet et JSON-objekt.', { field: 'body' })
  const raw = body as Record<string, unknown>
  const unknown = Object.keys(raw).find((key) => key !== 'language')
  if (unknown !== undefined) throw new ApiError(400, 'field-unknown', `Ukjent felt «${unknown}»; her sendes bare «language».`, { field: unknown, params: { field: unknown } })
  const language = parseLanguageField(raw.language, 'language')
  if (language === undefined) throw new ApiError(400, 'field-required', `Oppgi språket («language»): ett av ${LANGUAGES.join(', ')}.`, { field: 'language', params: { field: 'language' } })
  if (!DOC_NAME_PATTERN.test(meetingId) || !(await ctx.store.getMeeting(meetingId))) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  const previous = await ctx.rooms.withRoom(registerDocName(meetingId), async (room) => {
    // Check and write in one synchronous step: an approval cannot come between them.
    if (meetingStateOf(room.document).approvedAt) {
      throw new ApiError(409, 'minutes-approved', 'Referatet er godkjent; språket kan ikke endres lenger.', { field: 'language' })
    }
    const current = meetingLanguageOf(room.document)
    if (current === language) return current
    await room.applyServerChange((doc) => writeRegister.language(doc, language))
    void ctx.history?.record(meetingId, historyActorOf(actor), 'language-changed', { language, previous: current })
    return current
  })
  if (previous !== language) log.info('meeting language changed', { docName: meetingId, tokenId: actor.tokenId, language, previous })
  sendJson(res, 200, { language } satisfies MeetingLanguageResponse)
}
