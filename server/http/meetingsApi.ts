import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { MeetingValidationError, parseMeetingInfo, type MeetingSummary } from '../../shared/minutes'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { log } from '../log'
import type { MeetingStore } from '../persistence'
import { initialMinutesUpdate } from '../rooms'
import { BodyError, readJsonBody } from './readJsonBody'
import { sendError, sendJson } from './respond'

/** Path prefix of the HTTP API. */
export const API_PREFIX = '/api/'

/** A new meeting id: 16 url-safe random characters (96 bits). */
export function newMeetingId(): string {
  return randomBytes(12).toString('base64url')
}

const methodNotAllowed = (res: ServerResponse, allow: string) =>
  sendError(res, 405, 'Metoden er ikke tillatt her.', undefined, { allow })

async function createMeeting(req: IncomingMessage, res: ServerResponse, store: MeetingStore): Promise<void> {
  let info
  try {
    info = parseMeetingInfo(await readJsonBody(req))
  } catch (err) {
    if (err instanceof BodyError) return sendError(res, err.status, err.message)
    if (err instanceof MeetingValidationError) return sendError(res, 400, err.message, err.field)
    throw err
  }
  const meeting: MeetingSummary = { id: newMeetingId(), ...info, createdAt: new Date().toISOString() }
  store.createMeeting(meeting, initialMinutesUpdate(info))
  log.info('meeting created', { docName: meeting.id })
  sendJson(res, 201, { meeting })
}

/**
 * Serves `/api/meetings` (GET list newest date first, POST create) and `/api/meetings/<id>`
 * (GET). Answers every error as `{ error, field? }` JSON: 400, 404, 405, 413, 415, and 500 when
 * storage fails. Never throws.
 */
export async function handleMeetingsApi(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  store: MeetingStore,
): Promise<void> {
  try {
    if (pathname === '/api/meetings') {
      if (req.method === 'GET') return sendJson(res, 200, { meetings: store.listMeetings() })
      if (req.method === 'POST') return await createMeeting(req, res, store)
      return methodNotAllowed(res, 'GET, POST')
    }
    const match = /^\/api\/meetings\/([^/]+)$/.exec(pathname)
    if (match) {
      if (req.method !== 'GET') return methodNotAllowed(res, 'GET')
      const meeting = DOC_NAME_PATTERN.test(match[1]) ? store.getMeeting(match[1]) : null
      if (!meeting) return sendError(res, 404, 'Fant ikke møtet.')
      return sendJson(res, 200, { meeting })
    }
    sendError(res, 404, 'Fant ikke denne adressen i API-et.')
  } catch (err) {
    log.error('api request failed', { path: pathname, err })
    if (!res.headersSent) sendError(res, 500, 'Noe gikk galt på serveren. Prøv igjen.')
    else res.destroy()
  }
}
