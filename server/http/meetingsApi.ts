import type { IncomingMessage, ServerResponse } from 'node:http'
import { STATUS_PATH, type CreateMeetingResponse, type ListMeetingsResponse, type MeetingResponse, type SignInRolesResponse, type StatusResponse, type TokenInfo } from '../../shared/api'
import { MeetingValidationError, parseMeetingInfo, type MeetingSummary } from '../../shared/minutes'
import { registerDocName } from '../../shared/register'
import { DOC_NAME_PATTERN } from '../../shared/schema'
import { log } from '../log'
import type { PersonPrincipal } from '../auth'
import { adminHistoryActor } from '../record'
import { StorageBusyError, StorageReadOnlyError, type TokenRecord } from '../persistence'
import { initialMinutesUpdate, initialRegisterUpdate } from '../rooms'
import { templateWords } from '../export/labels'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { CredentialError, bearerOf, checkOrigin, credentialKind, requireAdmin, requireMeetingCaller } from './authenticate'
import { ACTIONS_ROUTE_PATTERN, ACTION_STATUS_ROUTE_PATTERN, NEXT_MEETING_ROUTE_PATTERN, handleListActions, handleNextMeeting, handleSetActionStatus } from './actionsApi'
import { EXPORT_ROUTE_PATTERN, handleExport } from './exportApi'
import { HISTORY_ROUTE_PATTERN, HISTORY_VERIFY_ROUTE_PATTERN, handleHistory, handleHistoryVerify } from './historyApi'
import { handleImportMeeting, handleReadImport } from './importApi'
import { NOARK5_ROUTE_PATTERN, handleNoark5Export } from './noark5Api'
import { VERIFY_ROUTE_PATTERN, handleVerify } from './verifyApi'
import { SEARCH_ROUTE_PATTERN, handleSearch } from './searchApi'
import { LANGUAGE_ROUTE_PATTERN, handleSetLanguage, languageOfMeeting, parseLanguageField, withLanguages } from './meetingLanguage'
import { linkOrigin, newMeetingId, roleInvitations, toInvitation } from './newMeeting'
import { parseCreateTokenRequest, parseSignInRoles } from './parseRequests'
import { readBody } from './readBody'
import { handleClose, handleConfirm, handleCreateFlag, handleDecideFlag } from './registerApi'
import { WEBHOOK_ROUTES } from './webhooksApi'
import { handleApprove, handleCreateVersion, handleDiff, handleGetVersion, handleListVersions } from './versionsApi'
import { sendError, sendJson } from './respond'
import { handleListSessions, handleMe, handleMyMeetings, handleRevokeSession, handleSetPersonLanguage } from './personApi'
import { MEETING_ROSTER_ROUTE_PATTERN, ROSTER_ROUTE_PATTERN, handleGetMeetingRoster, handleGetRoster, handlePutRoster } from './rosterApi'

/** Path prefix of the HTTP API. */
export const API_PREFIX = '/api/'

function toTokenInfo(record: TokenRecord): TokenInfo {
  const { id, role, name, org, createdAt, expiresAt, revokedAt, personEmail, personSubject } = record
  return { tokenId: id, role, name, org, createdAt, expiresAt, revokedAt, personEmail, personSubject }
}

async function createMeeting(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, admin: PersonPrincipal | null): Promise<void> {
  let info
  const body = await readBody(req)
  // The meeting's language (issue 16) goes to its register, not to its summary.
  const language = parseLanguageField(typeof body === 'object' && body !== null ? (body as Record<string, unknown>).language : undefined, 'language') ?? 'nb'
  try {
    info = parseMeetingInfo(body)
  } catch (err) {
    if (err instanceof MeetingValidationError) throw ApiError.of(400, err.detail, err.message, { field: err.field })
    throw err
  }
  const meeting: MeetingSummary = { id: newMeetingId(), ...info, createdAt: new Date().toISOString() }
  await ctx.store.createMeeting(meeting, initialMinutesUpdate(info, templateWords(language)), new Map([[registerDocName(meeting.id), initialRegisterUpdate(language)]]))
  ctx.searchIndexer?.changed([meeting.id])
  const invitations = await roleInvitations(req, ctx, meeting.id, admin)
  log.info('meeting created', { docName: meeting.id, language })
  sendJson(res, 201, { meeting: { ...meeting, language }, invitations } satisfies CreateMeetingResponse)
}

async function meetingOr404(ctx: ApiContext, id: string): Promise<MeetingSummary> {
  const meeting = DOC_NAME_PATTERN.test(id) ? await ctx.store.getMeeting(id) : null
  if (!meeting) throw new ApiError(404, 'meeting-not-found', 'Fant ikke møtet.')
  return meeting
}

async function handleTokens(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string, tokenId?: string) {
  const admin = await requireAdmin(req, ctx)
  await meetingOr404(ctx, meetingId)
  if (tokenId === undefined && req.method === 'GET') {
    return sendJson(res, 200, { tokens: (await ctx.auth.list(meetingId)).map(toTokenInfo) })
  }
  if (tokenId === undefined) {
    const request = parseCreateTokenRequest(await readBody(req))
    const minted = await ctx.auth.mint({ meetingId, ...request })
    const fields = { docName: meetingId, tokenId: minted.claims.tid, role: minted.claims.role, by: admin ? admin.subject : 'admin-credential' }
    const details = { tokenId: minted.claims.tid, role: minted.claims.role, name: minted.claims.name, expiresAt: new Date(minted.claims.exp * 1000).toISOString() }
    if (request.personEmail || request.personSubject) {
      log.info('invitation created', { ...fields, personEmail: request.personEmail, personSubject: request.personSubject })
      const person = { personEmail: request.personEmail ?? null, personSubject: request.personSubject ?? null }
      void ctx.history?.record(meetingId, adminHistoryActor(admin), 'invitation-created', { ...details, ...person })
    } else {
      log.info('token minted', fields)
      void ctx.history?.record(meetingId, adminHistoryActor(admin), 'token-minted', details)
    }
    return sendJson(res, 201, { invitation: toInvitation(minted, linkOrigin(req, ctx)) })
  }
  const revoked = await ctx.auth.revoke(meetingId, tokenId)
  if (!revoked) throw new ApiError(404, 'token-not-found', 'Fant ikke tilgangsnøkkelen.')
  // Revocation takes effect at once: open sync connections with this token are closed.
  const closed = ctx.access.announce({ kind: 'token', tokenId })
  log.info('token revoked', { docName: meetingId, tokenId, closedConnections: closed })
  void ctx.history?.record(meetingId, adminHistoryActor(admin), 'token-revoked', { tokenId, role: revoked.role }, revoked.revokedAt ?? undefined)
  res.writeHead(204, { 'cache-control': 'no-store' })
  res.end()
}

/**
 * GET / PUT /api/meetings/:id/sign-in (admin): which roles of the meeting must sign in with the
 * identity provider. 404 without sign-in configured. A change closes the open link connections
 * of the roles that now must sign in (they sign in and come back with the session).
 */
async function handleSignInRoles(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, meetingId: string) {
  const admin = await requireAdmin(req, ctx)
  await meetingOr404(ctx, meetingId)
  const policy = ctx.signInPolicy
  if (!policy?.enabled) throw new ApiError(404, 'sign-in-disabled', 'Innlogging med virksomhetens konto er ikke satt opp på denne serveren.')
  if (req.method === 'PUT') {
    const roles = parseSignInRoles(await readBody(req))
    await ctx.store.setSignInRoles(meetingId, roles)
    const closed = ctx.access.announce({ kind: 'links', meetingId, roles })
    log.info('sign-in requirement changed', { docName: meetingId, roles, by: admin ? admin.subject : 'admin-credential', closedConnections: closed })
    void ctx.history?.record(meetingId, adminHistoryActor(admin), 'sign-in-roles-changed', { roles: [...roles] })
  }
  const { roles, chosen } = await policy.requirement(meetingId)
  sendJson(res, 200, { roles, chosen } satisfies SignInRolesResponse)
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: ApiContext, params: string[]) => Promise<void> | void

/** The API's routes: a path pattern and its handler per method. */
const ROUTES: { pattern: RegExp; methods: Record<string, Handler> }[] = [
  {
    pattern: new RegExp(`^${STATUS_PATH}$`),
    methods: { GET: (_req, res, ctx) => sendJson(res, 200, { storage: ctx.storageReadOnly ? 'read-only' : 'ok' } satisfies StatusResponse) },
  },
  { pattern: /^\/api\/me$/, methods: { GET: (req, res, ctx) => handleMe(req, res, ctx) } },
  { pattern: /^\/api\/me\/language$/, methods: { PUT: (req, res, ctx) => handleSetPersonLanguage(req, res, ctx) } },
  { pattern: /^\/api\/my\/meetings$/, methods: { GET: (req, res, ctx) => handleMyMeetings(req, res, ctx) } },
  { pattern: /^\/api\/sessions$/, methods: { GET: (req, res, ctx) => handleListSessions(req, res, ctx) } },
  { pattern: /^\/api\/sessions\/([^/]+)$/, methods: { DELETE: (req, res, ctx, [id]) => handleRevokeSession(req, res, ctx, id) } },
  {
    pattern: /^\/api\/meetings$/,
    methods: {
      GET: async (req, res, ctx) => {
        await requireAdmin(req, ctx)
        sendJson(res, 200, { meetings: await withLanguages(ctx, await ctx.store.listMeetings()) } satisfies ListMeetingsResponse)
      },
      POST: async (req, res, ctx) => {
        return createMeeting(req, res, ctx, await requireAdmin(req, ctx))
      },
    },
  },
  // Before /api/meetings/:id, which would otherwise take "import" for a meeting id.
  { pattern: /^\/api\/meetings\/import$/, methods: { POST: (req, res, ctx) => handleImportMeeting(req, res, ctx) } },
  { pattern: /^\/api\/meetings\/import\/read$/, methods: { POST: (req, res, ctx) => handleReadImport(req, res, ctx) } },
  {
    pattern: /^\/api\/meetings\/([^/]+)$/,
    methods: {
      GET: async (req, res, ctx, [id]) => {
        const caller = await requireMeetingCaller(req, ctx, id)
        const meeting = await meetingOr404(ctx, id)
        const me = caller.kind === 'admin' ? null : caller.actor
        sendJson(res, 200, { meeting: { ...meeting, language: await languageOfMeeting(ctx, id) }, me } satisfies MeetingResponse)
      },
    },
  },
  {
    pattern: /^\/api\/meetings\/([^/]+)\/tokens$/,
    methods: { GET: (req, res, ctx, [id]) => handleTokens(req, res, ctx, id), POST: (req, res, ctx, [id]) => handleTokens(req, res, ctx, id) },
  },
  {
    pattern: /^\/api\/meetings\/([^/]+)\/sign-in$/,
    methods: { GET: (req, res, ctx, [id]) => handleSignInRoles(req, res, ctx, id), PUT: (req, res, ctx, [id]) => handleSignInRoles(req, res, ctx, id) },
  },
  {
    pattern: /^\/api\/meetings\/([^/]+)\/tokens\/([^/]+)$/,
    methods: { DELETE: (req, res, ctx, [id, tokenId]) => handleTokens(req, res, ctx, id, tokenId) },
  },
  { pattern: /^\/api\/meetings\/([^/]+)\/flags$/, methods: { POST: (req, res, ctx, [id]) => handleCreateFlag(req, res, ctx, id) } },
  {
    pattern: /^\/api\/meetings\/([^/]+)\/flags\/([^/]+)\/decision$/,
    methods: { POST: (req, res, ctx, [id, flagId]) => handleDecideFlag(req, res, ctx, id, flagId) },
  },
  { pattern: /^\/api\/meetings\/([^/]+)\/confirmations$/, methods: { POST: (req, res, ctx, [id]) => handleConfirm(req, res, ctx, id) } },
  { pattern: /^\/api\/meetings\/([^/]+)\/close$/, methods: { POST: (req, res, ctx, [id]) => handleClose(req, res, ctx, id) } },
  { pattern: LANGUAGE_ROUTE_PATTERN, methods: { POST: (req, res, ctx, [id]) => handleSetLanguage(req, res, ctx, id) } },
  { pattern: EXPORT_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [id, format]) => handleExport(req, res, ctx, id, format) } },
  { pattern: NOARK5_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [id]) => handleNoark5Export(req, res, ctx, id) } },
  { pattern: VERIFY_ROUTE_PATTERN, methods: { POST: (req, res, ctx) => handleVerify(req, res, ctx) } },
  { pattern: SEARCH_ROUTE_PATTERN, methods: { GET: (req, res, ctx) => handleSearch(req, res, ctx) } },
  {
    pattern: /^\/api\/meetings\/([^/]+)\/versions$/,
    methods: { GET: (req, res, ctx, [id]) => handleListVersions(req, res, ctx, id), POST: (req, res, ctx, [id]) => handleCreateVersion(req, res, ctx, id) },
  },
  { pattern: /^\/api\/meetings\/([^/]+)\/versions\/([^/]+)$/, methods: { GET: (req, res, ctx, [id, v]) => handleGetVersion(req, res, ctx, id, v) } },
  { pattern: /^\/api\/meetings\/([^/]+)\/diff$/, methods: { GET: (req, res, ctx, [id]) => handleDiff(req, res, ctx, id) } },
  { pattern: /^\/api\/meetings\/([^/]+)\/approve$/, methods: { POST: (req, res, ctx, [id]) => handleApprove(req, res, ctx, id) } },
  { pattern: HISTORY_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [id]) => handleHistory(req, res, ctx, id) } },
  { pattern: HISTORY_VERIFY_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [id]) => handleHistoryVerify(req, res, ctx, id) } },
  { pattern: MEETING_ROSTER_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [id]) => handleGetMeetingRoster(req, res, ctx, id) } },
  {
    pattern: ROSTER_ROUTE_PATTERN,
    methods: { GET: (req, res, ctx, [organ]) => handleGetRoster(req, res, ctx, organ), PUT: (req, res, ctx, [organ]) => handlePutRoster(req, res, ctx, organ) },
  },
  ...WEBHOOK_ROUTES,
  { pattern: ACTIONS_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [organ]) => handleListActions(req, res, ctx, organ) } },
  { pattern: ACTION_STATUS_ROUTE_PATTERN, methods: { POST: (req, res, ctx, [organ, id]) => handleSetActionStatus(req, res, ctx, organ, id) } },
  { pattern: NEXT_MEETING_ROUTE_PATTERN, methods: { GET: (req, res, ctx, [organ]) => handleNextMeeting(req, res, ctx, organ) } },
]

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** The 503 answers when storage cannot do what was asked: a Norwegian message and a stable code. */
const STORAGE_ERRORS = {
  'storage-read-only': 'Serveren kan ikke lagre endringer nå (lagringen er skrivebeskyttet). Referatet kan leses, men ikke endres.',
  'storage-busy': 'Serveren kan ikke lagre akkurat nå fordi lagringen er opptatt. Prøv igjen om litt.',
} as const

function sendStorageError(res: ServerResponse, code: keyof typeof STORAGE_ERRORS): void {
  sendError(res, new ApiError(503, code, STORAGE_ERRORS[code], { headers: { 'retry-after': code === 'storage-busy' ? '5' : '60' } }))
}

/** "3 minutter", "45 sekunder": how long a blocked address waits, for the 429 message. */
function waitText(seconds: number): string {
  if (seconds > 90) return `${Math.ceil(seconds / 60)} minutter`
  return `${seconds} sekunder`
}

/**
 * 429 with Retry-After (seconds) when the caller's address used up the failure budget its
 * credential would count against; the credential is not even looked at then, so a blocked
 * address learns nothing, also not when it finally sends the right one.
 */
async function refuseBlockedAddress(req: IncomingMessage, ctx: ApiContext, address: string): Promise<void> {
  const bearer = bearerOf(req)
  if (!bearer || !ctx.limits) return
  const blocked = await ctx.limits.failures.blocked(address, credentialKind(bearer))
  if (!blocked) return
  ctx.limits.failures.refused(blocked)
  const seconds = Math.ceil(blocked.retryAfterMs / 1000)
  throw new ApiError(429, 'address-blocked', `For mange mislykkede forsøk fra denne adressen. Vent ${waitText(seconds)} og prøv igjen.`, {
    headers: { 'retry-after': String(seconds) },
    params: { seconds },
  })
}

/**
 * Serves the API (routes in ROUTES, documented in the README). Checks the Origin of every
 * state-changing request, then whether the caller's address is blocked for failed credentials
 * (429 with Retry-After), then the credential, before reading a body; a credential that fails is
 * counted against the address. Answers every error as `{ error, code, params?, field? }` JSON (shared/api/errorCodes.ts) (400, 401, 403,
 * 404, 405, 409, 413, 415, 429, 500) and never echoes a credential. Never throws.
 */
export async function handleMeetingsApi(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: ApiContext): Promise<void> {
  const address = ctx.limits?.proxies.clientAddress(req) ?? ''
  try {
    const route = ROUTES.find((r) => r.pattern.test(pathname))
    if (!route) throw new ApiError(404, 'route-not-found', 'Fant ikke denne adressen i API-et.')
    const handler = route.methods[req.method ?? '']
    if (!handler) throw new ApiError(405, 'method-not-allowed', 'Metoden er ikke tillatt her.', { headers: { allow: Object.keys(route.methods).join(', ') } })
    if (!SAFE_METHODS.has(req.method ?? '')) checkOrigin(req, ctx.origins)
    await refuseBlockedAddress(req, ctx, address)
    // Before the credential and the body: nothing of it could be stored anyway.
    // POST /api/verify only reads.
    if (!SAFE_METHODS.has(req.method ?? '') && ctx.storageReadOnly && !VERIFY_ROUTE_PATTERN.test(pathname)) throw new StorageReadOnlyError(`${req.method} ${pathname}`)
    const params = route.pattern.exec(pathname)!.slice(1).map((p) => decodeURIComponentSafe(p))
    await handler(req, res, ctx, params)
  } catch (err) {
    // An unread body would otherwise keep the connection busy.
    req.resume()
    if (err instanceof CredentialError) await ctx.limits?.failures.failed(err.kind, address)
    if (err instanceof ApiError) return sendError(res, err)
    if (err instanceof StorageReadOnlyError || err instanceof StorageBusyError) {
      log.warn('api request refused by storage', { path: pathname, code: err.code })
      if (!res.headersSent) return sendStorageError(res, err.code)
      return void res.destroy()
    }
    log.error('api request failed', { path: pathname, err })
    if (!res.headersSent) sendError(res, new ApiError(500, 'internal-error', 'Noe gikk galt på serveren. Prøv igjen.'))
    else res.destroy()
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    throw new ApiError(404, 'route-not-found', 'Fant ikke denne adressen i API-et.')
  }
}
