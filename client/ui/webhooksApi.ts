import type {
  CreateWebhookRequest,
  WebhookDeliveryInfo,
  WebhookEndpointInfo,
  WebhookSecretResponse,
} from '../../shared/api/webhooks'
import { t } from '../i18n'
import { call } from './api'

const webhooksPath = (organ: string) => `/api/organs/${encodeURIComponent(organ)}/webhooks`

/** `GET /api/organs/:organ/webhooks` (admin). Throws ApiError. */
export async function fetchWebhooks(adminKey: string, organ: string): Promise<WebhookEndpointInfo[]> {
  const body = await call(webhooksPath(organ), adminKey, t('admin.api.fetchWebhooks'))
  return Array.isArray(body.endpoints) ? (body.endpoints as WebhookEndpointInfo[]) : []
}

/** `POST /api/organs/:organ/webhooks` (admin): the new endpoint and its secret (shown once). Throws ApiError (with `field`). */
export async function addWebhook(adminKey: string, organ: string, request: CreateWebhookRequest): Promise<WebhookSecretResponse> {
  return (await call(webhooksPath(organ), adminKey, t('admin.api.addWebhook'), { method: 'POST', body: request })) as unknown as WebhookSecretResponse
}

/** `POST /api/organs/:organ/webhooks/:id/secret` (admin): a new secret, shown once. */
export async function rotateWebhookSecret(adminKey: string, organ: string, id: string): Promise<WebhookSecretResponse> {
  const path = `${webhooksPath(organ)}/${encodeURIComponent(id)}/secret`
  return (await call(path, adminKey, t('admin.api.rotateWebhookSecret'), { method: 'POST' })) as unknown as WebhookSecretResponse
}

/** `DELETE /api/organs/:organ/webhooks/:id` (admin). */
export async function removeWebhook(adminKey: string, organ: string, id: string): Promise<void> {
  await call(`${webhooksPath(organ)}/${encodeURIComponent(id)}`, adminKey, t('admin.api.removeWebhook'), { method: 'DELETE' })
}

/** `GET /api/organs/:organ/webhooks/deliveries` (admin): the newest 50. */
export async function fetchDeliveries(adminKey: string, organ: string): Promise<WebhookDeliveryInfo[]> {
  const body = await call(`${webhooksPath(organ)}/deliveries`, adminKey, t('admin.api.fetchDeliveries'))
  return Array.isArray(body.deliveries) ? (body.deliveries as WebhookDeliveryInfo[]) : []
}

/** `POST /api/organs/:organ/webhooks/deliveries/:id/resend` (admin). */
export async function resendDelivery(adminKey: string, organ: string, id: string): Promise<void> {
  await call(`${webhooksPath(organ)}/deliveries/${encodeURIComponent(id)}/resend`, adminKey, t('admin.api.resendDelivery'), { method: 'POST' })
}
