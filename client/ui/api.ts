import type {
  CloseMeetingRequest,
  Confirmation,
  CreateFlagRequest,
  DecideFlagRequest,
  Flag,
  MeetingResponse,
  MeetingState,
  MeetingSummary,
  ApproveMeetingResponse,
  MinutesDiff,
  VersionInfo,
} from '../../shared'
import { t } from '../i18n'
import { errorText } from '../i18n/errorText'
import { credentialHeaders } from './signIn'

/**
 * The HTTP API (shared/api). Every call carries a credential: a bearer token (the admin
 * credential for the admin routes, the meeting token for a meeting's own routes), or
 * SESSION_CREDENTIAL for a signed-in browser (the session cookie and its CSRF token; see
 * signIn.ts). Errors become ApiError with the server's message in the interface language (errorText).
 */

/** Why a call failed, as far as the interface needs to tell. */
export type ApiErrorKind = 'network' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'invalid' | 'server'

/** A failed API call, with a message in the interface language and, for validation errors, the field. */
export class ApiError extends Error {
  override name = 'ApiError'
  constructor(
    message: string,
    readonly field: string | null = null,
    readonly kind: ApiErrorKind = 'server',
    readonly status = 0,
    /** The server's stable code for the refusal (e.g. `sign-in-required`), when it sent one. */
    readonly code: string | null = null,
  ) {
    super(message)
  }
}

function kindOf(status: number): ApiErrorKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not-found'
  if (status === 409) return 'conflict'
  if (status === 400 || status === 413 || status === 422) return 'invalid'
  return 'server'
}

async function readJson(response: Response): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await response.json()
    return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

/**
 * Calls the API and returns the JSON body of a 2xx answer. Other answers throw ApiError with the
 * refusal as text in the interface language (errorText: by its code, else the server's own
 * message), else with `fallback` and the status code.
 * @internal for the API modules of client/ui
 */
export async function call(path: string, token: string, fallback: string, init?: { method: string; body?: unknown }): Promise<Record<string, unknown>> {
  let response: Response
  try {
    response = await fetch(path, {
      method: init?.method ?? 'GET',
      headers: {
        Accept: 'application/json',
        ...credentialHeaders(token),
        ...(init?.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: init?.body !== undefined ? JSON.stringify(init.body) : undefined,
    })
  } catch {
    throw new ApiError(t('common.api.network'), null, 'network')
  }
  if (response.status === 204) return {}
  const body = await readJson(response)
  if (response.ok) return body
  const message = errorText(body, `${fallback} (feil ${response.status}).`)
  const code = typeof body.code === 'string' ? body.code : null
  throw new ApiError(message, typeof body.field === 'string' ? body.field : null, kindOf(response.status), response.status, code)
}

/** The API path of a meeting. */
export const meetingPath = (id: string) => `/api/meetings/${encodeURIComponent(id)}`

// ---------- A meeting, with its token ----------

/** `GET /api/meetings/:id`: the meeting and who the token says you are. */
export async function fetchMeeting(token: string, meetingId: string): Promise<MeetingResponse> {
  const body = await call(meetingPath(meetingId), token, t('common.api.openMeeting'))
  return { meeting: body.meeting as MeetingSummary, me: (body.me as MeetingResponse['me']) ?? null }
}

/** `POST /api/meetings/:id/flags` (medlem). */
export async function createFlag(token: string, meetingId: string, request: CreateFlagRequest): Promise<Flag> {
  const body = await call(`${meetingPath(meetingId)}/flags`, token, t('common.api.sendFlag'), { method: 'POST', body: request })
  return body.flag as Flag
}

/** `POST /api/meetings/:id/flags/:flagId/decision` (sekretær, møteleder). */
export async function decideFlag(token: string, meetingId: string, flagId: string, request: DecideFlagRequest): Promise<Flag> {
  const body = await call(`${meetingPath(meetingId)}/flags/${encodeURIComponent(flagId)}/decision`, token, t('common.api.saveReply'), {
    method: 'POST',
    body: request,
  })
  return body.flag as Flag
}

/** `POST /api/meetings/:id/confirmations` (møteleder). A 409 (text changed) has kind 'conflict'. */
export async function confirmDecision(token: string, meetingId: string, agendaItemId: string, textHash: string): Promise<Confirmation> {
  const body = await call(`${meetingPath(meetingId)}/confirmations`, token, t('common.api.confirmDecision'), {
    method: 'POST',
    body: { agendaItemId, textHash },
  })
  return body.confirmation as Confirmation
}

/** `POST /api/meetings/:id/close` (møteleder). */
export async function closeMeeting(token: string, meetingId: string, request: CloseMeetingRequest): Promise<MeetingState> {
  const body = await call(`${meetingPath(meetingId)}/close`, token, t('common.api.closeMeeting'), { method: 'POST', body: request })
  return body.state as MeetingState
}

/** `POST /api/meetings/:id/versions` (sekretær, møteleder): saves the minutes as they are now. */
export async function createVersion(token: string, meetingId: string, name: string): Promise<VersionInfo> {
  const body = await call(`${meetingPath(meetingId)}/versions`, token, t('common.api.saveVersion'), { method: 'POST', body: { name } })
  return body.version as VersionInfo
}

/** `GET /api/meetings/:id/diff`: what changed from one version (or 'current') to another. */
export async function fetchDiff(token: string, meetingId: string, from: string, to: string): Promise<MinutesDiff> {
  const query = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`
  const body = await call(`${meetingPath(meetingId)}/diff?${query}`, token, t('common.api.compareVersions'))
  return body.diff as MinutesDiff
}

/** `POST /api/meetings/:id/approve` (sekretær, møteleder; after closing). */
export async function approveMeeting(token: string, meetingId: string, approvedInMeeting: string | null): Promise<ApproveMeetingResponse> {
  const body = await call(`${meetingPath(meetingId)}/approve`, token, t('common.api.approve'), {
    method: 'POST',
    body: { approvedInMeeting },
  })
  return body as unknown as ApproveMeetingResponse
}
