/** The events an organ's webhook endpoint may subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['meeting.closed', 'meeting.approved', 'action.changed'] as const
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/** Most endpoints one organ may have. */
export const MAX_WEBHOOK_ENDPOINTS = 20
/** Longest endpoint URL, in characters. */
export const MAX_WEBHOOK_URL_CHARS = 2048
/** Most deliveries one listing returns (newest first). */
export const MAX_LISTED_DELIVERIES = 200

/** Where a delivery stands: waiting for its (next) attempt, delivered (2xx), or given up. */
export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed'

/** An endpoint as listed (never its secret). */
export interface WebhookEndpointInfo {
  readonly id: string
  readonly organ: string
  readonly url: string
  readonly events: WebhookEventType[]
  /** ISO timestamp. */
  readonly createdAt: string
}

/** `GET /api/organs/:organ/webhooks`. */
export interface WebhookEndpointsResponse {
  readonly organ: string
  readonly endpoints: WebhookEndpointInfo[]
}

/** `POST /api/organs/:organ/webhooks` body. */
export interface CreateWebhookRequest {
  readonly url: string
  readonly events: WebhookEventType[]
}

/**
 * `POST /api/organs/:organ/webhooks` (201) and `POST …/webhooks/:id/secret` (200): the endpoint
 * with its signing secret, shown this once (the server keeps it, but never shows it again).
 */
export interface WebhookSecretResponse {
  readonly endpoint: WebhookEndpointInfo
  readonly secret: string
}

/** One attempt to deliver an event to an endpoint. */
export interface WebhookAttemptInfo {
  /** ISO timestamp of the start of the attempt. */
  readonly at: string
  /** The receiver's HTTP status, or null when there was no answer (see error). */
  readonly statusCode: number | null
  /** Why there was no answer (refused, timed out, address not allowed ...), or null. */
  readonly error: string | null
  readonly durationMs: number
}

/** One event for one endpoint, with its attempts (oldest first). */
export interface WebhookDeliveryInfo {
  readonly id: string
  readonly eventId: string
  readonly endpointId: string
  readonly url: string
  readonly type: WebhookEventType
  readonly status: WebhookDeliveryStatus
  /** Attempts in the current round (a re-send starts a new round). */
  readonly attempts: number
  /** ISO timestamp of the next attempt while pending, else null. */
  readonly nextAttemptAt: string | null
  /** ISO timestamp of the event. */
  readonly createdAt: string
  readonly log: WebhookAttemptInfo[]
}

/** `GET /api/organs/:organ/webhooks/deliveries`. */
export interface WebhookDeliveriesResponse {
  readonly organ: string
  readonly deliveries: WebhookDeliveryInfo[]
}
