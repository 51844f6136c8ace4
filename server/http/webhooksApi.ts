import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  MAX_LISTED_DELIVERIES,
  MAX_WEBHOOK_ENDPOINTS,
  WEBHOOK_EVENT_TYPES,
  type CreateWebhookRequest,
  type WebhookDeliveriesResponse,
  type WebhookEndpointInfo,
  type WebhookEndpointsResponse,
  type WebhookEventType,
  type WebhookSecretResponse,
} from '../../shared/api/webhooks'
import { log } from '../log'
import type { WebhookEndpointRecord } from '../persistence'
import { WebhookUrlError, checkDestination, generateSecret, parseWebhookUrl, type Webhooks } from '../webhooks'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'
import { requireAdmin } from './authenticate'
import { readBody } from './readBody'
import { sendJson } from './respond'
import { organOf } from './rosterApi'

/** Default and largest `?limit=` of the delivery log. */
const DEFAULT_LISTED_DELIVERIES = 50

function toInfo(record: WebhookEndpointRecord): WebhookEndpointInfo {
  return { id: record.id, organ: record.organ, url: record.url, events: [...record.events], createdAt: record.createdAt }
}

/** The admin, and the webhooks (404 when this server has none). */
async function adminWebhooks(req: IncomingMessage, ctx: ApiContext): Promise<{ webhooks: Webhooks; by: string }> {
  const admin = await requireAdmin(req, ctx)
  if (!ctx.webhooks) throw new ApiError(404, 'webhooks-disabled', 'Webhooker er ikke slått på på denne serveren.')
  return { webhooks: ctx.webhooks, by: admin ? admin.subject : 'admin-credential' }
}

/** Checks `{ url, events }`: see parseWebhookUrl; events a non-empty list of WEBHOOK_EVENT_TYPES without repeats. */
function parseCreateWebhook(input: unknown, allowPrivate: boolean): CreateWebhookRequest {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new ApiError(400, 'body-not-object', 'Forespørselen må være et JSON-objekt.')
  const { url, events } = input as Record<string, unknown>
  let clean: string
  try {
    clean = parseWebhookUrl(url, allowPrivate)
  } catch (err) {
    if (err instanceof WebhookUrlError) throw ApiError.of(400, err.detail, err.message, { field: 'url' })
    throw err
  }
  if (!Array.isArray(events) || events.length === 0) throw new ApiError(400, 'field-required', 'Velg minst én hendelse.', { field: 'events', params: { field: 'events' } })
  if (events.length > WEBHOOK_EVENT_TYPES.length || !events.every((e) => (WEBHOOK_EVENT_TYPES as readonly unknown[]).includes(e)) || new Set(events).size !== events.length) {
    throw new ApiError(400, 'field-invalid', `Hendelsene må være blant ${WEBHOOK_EVENT_TYPES.join(', ')}, uten gjentakelser.`, { field: 'events', params: { field: 'events' } })
  }
  return { url: clean, events: events as WebhookEventType[] }
}

/** GET /api/organs/:organ/webhooks (admin) → 200 { organ, endpoints } (never the secrets). */
async function handleList(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  const { webhooks } = await adminWebhooks(req, ctx)
  const organ = organOf(rawOrgan)
  const endpoints = (await webhooks.store.listWebhookEndpoints(organ)).map(toInfo)
  sendJson(res, 200, { organ, endpoints } satisfies WebhookEndpointsResponse)
}

/**
 * POST /api/organs/:organ/webhooks (admin) { url, events } → 201 { endpoint, secret }: the secret
 * is shown this once. 400 for a URL the policy refuses (also when its name resolves to a private
 * address), 409 when the organ has MAX_WEBHOOK_ENDPOINTS already.
 */
async function handleCreate(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  const { webhooks, by } = await adminWebhooks(req, ctx)
  const organ = organOf(rawOrgan)
  const request = parseCreateWebhook(await readBody(req), webhooks.allowPrivate)
  try {
    await checkDestination(request.url, webhooks.allowPrivate)
  } catch (err) {
    if (err instanceof WebhookUrlError) throw ApiError.of(400, err.detail, err.message, { field: 'url' })
    throw err
  }
  const existing = await webhooks.store.listWebhookEndpoints(organ)
  if (existing.length >= MAX_WEBHOOK_ENDPOINTS) throw new ApiError(409, 'webhook-limit', `Et organ kan ha høyst ${MAX_WEBHOOK_ENDPOINTS} webhooker.`, { params: { max: MAX_WEBHOOK_ENDPOINTS } })
  const record: WebhookEndpointRecord = { id: randomUUID(), organ, url: request.url, events: request.events, secret: generateSecret(), createdAt: new Date((ctx.now ?? Date.now)()).toISOString() }
  await webhooks.store.insertWebhookEndpoint(record)
  log.info('webhook endpoint added', { endpointId: record.id, events: record.events, by })
  sendJson(res, 201, { endpoint: toInfo(record), secret: record.secret } satisfies WebhookSecretResponse)
}

/** DELETE /api/organs/:organ/webhooks/:id (admin) → 204; its deliveries and their log go with it. */
async function handleDelete(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string, id: string): Promise<void> {
  const { webhooks, by } = await adminWebhooks(req, ctx)
  const organ = organOf(rawOrgan)
  if (!(await webhooks.store.deleteWebhookEndpoint(organ, id))) throw new ApiError(404, 'webhook-not-found', 'Fant ikke webhooken.')
  log.info('webhook endpoint removed', { endpointId: id, by })
  res.writeHead(204, { 'cache-control': 'no-store' })
  res.end()
}

/** POST /api/organs/:organ/webhooks/:id/secret (admin) → 200 { endpoint, secret }: a new secret, shown this once; the old one stops at once. */
async function handleRotate(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string, id: string): Promise<void> {
  const { webhooks, by } = await adminWebhooks(req, ctx)
  const organ = organOf(rawOrgan)
  const secret = generateSecret()
  if (!(await webhooks.store.setWebhookSecret(organ, id, secret))) throw new ApiError(404, 'webhook-not-found', 'Fant ikke webhooken.')
  const endpoint = (await webhooks.store.listWebhookEndpoints(organ)).find((e) => e.id === id)
  if (!endpoint) throw new ApiError(404, 'webhook-not-found', 'Fant ikke webhooken.')
  log.info('webhook secret rotated', { endpointId: id, by })
  sendJson(res, 200, { endpoint: toInfo(endpoint), secret } satisfies WebhookSecretResponse)
}

/** GET /api/organs/:organ/webhooks/deliveries?limit= (admin; 1 to MAX_LISTED_DELIVERIES, default 50) → 200 { organ, deliveries }, newest first. */
async function handleDeliveries(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string): Promise<void> {
  const { webhooks } = await adminWebhooks(req, ctx)
  const organ = organOf(rawOrgan)
  const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('limit')
  const limit = raw === null ? DEFAULT_LISTED_DELIVERIES : Number(raw)
  if (!/^\d{1,4}$/.test(raw ?? '0') || !Number.isInteger(limit) || limit < 1 || limit > MAX_LISTED_DELIVERIES) {
    throw new ApiError(400, 'number-out-of-range', `limit må være et heltall fra 1 til ${MAX_LISTED_DELIVERIES}.`, {
      field: 'limit',
      params: { field: 'limit', min: 1, max: MAX_LISTED_DELIVERIES },
    })
  }
  sendJson(res, 200, { organ, deliveries: await webhooks.store.listWebhookDeliveries(organ, limit) } satisfies WebhookDeliveriesResponse)
}

/** POST /api/organs/:organ/webhooks/deliveries/:id/resend (admin) → 202: a failed delivery is tried again from the start. 404 when there is no such failed delivery. */
async function handleResend(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, rawOrgan: string, id: string): Promise<void> {
  const { webhooks, by } = await adminWebhooks(req, ctx)
  const organ = organOf(rawOrgan)
  if (!(await webhooks.store.resendWebhookDelivery(organ, id, (ctx.now ?? Date.now)()))) throw new ApiError(404, 'delivery-not-found', 'Fant ingen mislykket levering med denne id-en.')
  webhooks.wake()
  log.info('webhook delivery re-sent', { deliveryId: id, by })
  sendJson(res, 202, { id, status: 'pending' })
}

/**
 * Enqueues a meeting's `meeting.closed` / `meeting.approved` event after the act stood; looks the
 * meeting up for its organ and title. Never rejects (a failure is logged): the act stands anyway.
 */
export async function emitMeetingEvent(
  ctx: ApiContext,
  type: 'meeting.closed' | 'meeting.approved',
  meetingId: string,
  occurredAt: string,
  extra: Readonly<Record<string, unknown>> = {},
): Promise<void> {
  const webhooks = ctx.webhooks
  if (!webhooks) return
  const work = (async () => {
    try {
      const meeting = await ctx.store.getMeeting(meetingId)
      if (meeting) await webhooks.meetingEvent(type, meeting, occurredAt, extra)
    } catch (err) {
      log.error('webhook enqueue failed', { docName: meetingId, type, err })
    }
  })()
  await webhooks.track(work)
}

type Handler = (req: IncomingMessage, res: ServerResponse, ctx: ApiContext, params: string[]) => Promise<void>

/** The webhook routes (admin), for the API's route table; the delivery routes come before `/:id`. */
export const WEBHOOK_ROUTES: { pattern: RegExp; methods: Record<string, Handler> }[] = [
  { pattern: /^\/api\/organs\/([^/]+)\/webhooks$/, methods: { GET: (q, s, c, [o]) => handleList(q, s, c, o), POST: (q, s, c, [o]) => handleCreate(q, s, c, o) } },
  { pattern: /^\/api\/organs\/([^/]+)\/webhooks\/deliveries$/, methods: { GET: (q, s, c, [o]) => handleDeliveries(q, s, c, o) } },
  { pattern: /^\/api\/organs\/([^/]+)\/webhooks\/deliveries\/([^/]+)\/resend$/, methods: { POST: (q, s, c, [o, id]) => handleResend(q, s, c, o, id) } },
  { pattern: /^\/api\/organs\/([^/]+)\/webhooks\/([^/]+)$/, methods: { DELETE: (q, s, c, [o, id]) => handleDelete(q, s, c, o, id) } },
  { pattern: /^\/api\/organs\/([^/]+)\/webhooks\/([^/]+)\/secret$/, methods: { POST: (q, s, c, [o, id]) => handleRotate(q, s, c, o, id) } },
]
