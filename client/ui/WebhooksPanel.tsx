import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import {
  MAX_WEBHOOK_URL_CHARS,
  WEBHOOK_EVENT_TYPES,
  type WebhookDeliveryInfo,
  type WebhookDeliveryStatus,
  type WebhookEndpointInfo,
  type WebhookEventType,
  type WebhookSecretResponse,
} from '../../shared/api/webhooks'
import { t as translate, useT } from '../i18n'
import { formatInstant } from './localFormat'
import { errorMessage, useSubmit } from './useSubmit'
import { addWebhook, fetchDeliveries, fetchWebhooks, removeWebhook, rotateWebhookSecret, resendDelivery } from './webhooksApi'
import './webhooks.css'

/** The catalogue key of each event's name. */
const EVENT_KEYS: Record<WebhookEventType, string> = {
  'meeting.closed': 'admin.webhooks.event.meetingClosed',
  'meeting.approved': 'admin.webhooks.event.meetingApproved',
  'action.changed': 'admin.webhooks.event.actionChanged',
}

const eventLabel = (type: WebhookEventType) => translate(EVENT_KEYS[type])

const STATUS_KEYS: Record<WebhookDeliveryStatus, string> = {
  pending: 'admin.webhooks.status.pending',
  delivered: 'admin.webhooks.status.delivered',
  failed: 'admin.webhooks.status.failed',
}

/** The last attempt as words: "HTTP 500", "ECONNREFUSED …", or "ikke forsøkt ennå". */
function lastAttempt(d: WebhookDeliveryInfo): string {
  const last = d.log.at(-1)
  if (!last) return translate('admin.webhooks.notTried')
  return last.statusCode !== null ? `HTTP ${last.statusCode}` : (last.error ?? translate('admin.webhooks.attemptFailed'))
}

/** The secret of a just added or rotated endpoint, shown this once. */
function SecretNotice({ shown, onDone }: { shown: WebhookSecretResponse; onDone: () => void }) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  // Focus moves to the secret, so a keyboard or screen-reader user meets it at once.
  useEffect(() => ref.current?.focus(), [shown])
  return (
    <div className="webhook-secret" role="status" tabIndex={-1} ref={ref}>
      <p>{t('admin.webhooks.secretNotice', { url: shown.endpoint.url })}</p>
      <code>{shown.secret}</code>
      <button type="button" onClick={onDone}>
        {t('admin.webhooks.secretCopied')}
      </button>
    </div>
  )
}

/** The form that adds an endpoint: URL and the events it hears. */
function AddWebhookForm({ adminKey, organ, onAdded }: { adminKey: string; organ: string; onAdded: (added: WebhookSecretResponse) => void }) {
  const t = useT()
  const id = useId()
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<WebhookEventType[]>(['meeting.closed', 'meeting.approved'])
  const { busy, error, setError, run } = useSubmit()
  const toggle = (type: WebhookEventType, on: boolean) => setEvents((es) => (on ? [...es, type] : es.filter((e) => e !== type)))
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!url.trim()) return setError(t('admin.webhooks.urlMissing'))
    if (events.length === 0) return setError(t('admin.webhooks.eventsMissing'))
    await run(async () => {
      onAdded(await addWebhook(adminKey, organ, { url: url.trim(), events: WEBHOOK_EVENT_TYPES.filter((type) => events.includes(type)) }))
      setUrl('')
    })
  }
  return (
    <form onSubmit={(e) => void handleSubmit(e)} noValidate className="webhook-form">
      <div className="field">
        <label htmlFor={`${id}-url`}>{t('admin.webhooks.urlLabel')}</label>
        <input id={`${id}-url`} type="url" value={url} maxLength={MAX_WEBHOOK_URL_CHARS} onChange={(e) => setUrl(e.target.value)} aria-describedby={error ? `${id}-error` : undefined} />
      </div>
      <fieldset>
        <legend>{t('admin.webhooks.events')}</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} /> {eventLabel(type)}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        {busy ? t('admin.webhooks.adding') : t('admin.webhooks.add')}
      </button>
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  )
}

/** The delivery log: newest first, with "Send på nytt" for a failed one. */
function DeliveryLog({ adminKey, organ }: { adminKey: string; organ: string }) {
  const t = useT()
  const [deliveries, setDeliveries] = useState<WebhookDeliveryInfo[] | null>(null)
  const [status, setStatus] = useState('')
  const { error, setError, run } = useSubmit()
  const load = useCallback(() => {
    fetchDeliveries(adminKey, organ).then(setDeliveries, (err: unknown) => setError(errorMessage(err)))
  }, [adminKey, organ, setError])
  useEffect(load, [load])
  const resend = (d: WebhookDeliveryInfo) =>
    run(async () => {
      await resendDelivery(adminKey, organ, d.id)
      setStatus(t('admin.webhooks.resending', { event: eventLabel(d.type), url: d.url }))
      load()
    })
  return (
    <div className="webhook-deliveries">
      <h4>{t('admin.webhooks.deliveries')}</h4>
      <button type="button" onClick={load}>
        {t('admin.webhooks.refreshDeliveries')}
      </button>
      {deliveries === null && !error && <p role="status">{t('admin.webhooks.loadingDeliveries')}</p>}
      {deliveries?.length === 0 && <p>{t('admin.webhooks.noDeliveries')}</p>}
      {deliveries && deliveries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.webhooks.col.event')}</th>
              <th scope="col">{t('admin.webhooks.col.url')}</th>
              <th scope="col">{t('admin.webhooks.col.status')}</th>
              <th scope="col">{t('admin.webhooks.col.attempts')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.webhooks.col.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  {eventLabel(d.type)}
                  <br />
                  <span className="hint">{formatInstant(d.createdAt)}</span>
                </td>
                <td className="webhook-url">{d.url}</td>
                <td>
                  {t(STATUS_KEYS[d.status])}
                  {d.nextAttemptAt && <span className="hint"> {t('admin.webhooks.nextAttempt', { when: formatInstant(d.nextAttemptAt) })}</span>}
                </td>
                <td>
                  {d.log.length} ({lastAttempt(d)})
                </td>
                <td>
                  {d.status === 'failed' && (
                    <button type="button" onClick={() => void resend(d)}>
                      {t('admin.webhooks.resend')}{' '}
                      <span className="visually-hidden">{t('admin.webhooks.resendWhat', { event: eventLabel(d.type), url: d.url })}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p role="status">{status}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/** "Webhooker for <organ>" (admin): the organ's endpoints (add, remove, new secret) and the delivery log. */
export function WebhooksPanel({ adminKey, organ }: { adminKey: string; organ: string }) {
  const t = useT()
  const headingId = useId()
  const [endpoints, setEndpoints] = useState<WebhookEndpointInfo[] | null>(null)
  const [shown, setShown] = useState<WebhookSecretResponse | null>(null)
  const [status, setStatus] = useState('')
  const { error, setError, run } = useSubmit()
  const load = useCallback(() => {
    fetchWebhooks(adminKey, organ).then(setEndpoints, (err: unknown) => setError(errorMessage(err)))
  }, [adminKey, organ, setError])
  useEffect(load, [load])
  const remove = (e: WebhookEndpointInfo) =>
    run(async () => {
      await removeWebhook(adminKey, organ, e.id)
      setStatus(t('admin.webhooks.removed', { url: e.url }))
      load()
    })
  const rotate = (e: WebhookEndpointInfo) => run(async () => setShown(await rotateWebhookSecret(adminKey, organ, e.id)))
  return (
    <section className="webhooks-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('admin.webhooks.heading', { organ })}</h3>
      <p className="hint">{t('admin.webhooks.intro', { organ })}</p>
      {shown && <SecretNotice shown={shown} onDone={() => setShown(null)} />}
      {endpoints === null && !error && <p role="status">{t('admin.webhooks.loading')}</p>}
      {endpoints?.length === 0 && <p>{t('admin.webhooks.none')}</p>}
      {endpoints && endpoints.length > 0 && (
        <ul className="webhook-list">
          {endpoints.map((e) => (
            <li key={e.id}>
              <span className="webhook-url">{e.url}</span>
              <span className="hint">{e.events.map(eventLabel).join(', ')}</span>
              <button type="button" onClick={() => void rotate(e)}>
                {t('admin.webhooks.rotate')}{' '}
                <span className="visually-hidden">{t('admin.webhooks.rotateFor', { url: e.url })}</span>
              </button>
              <button type="button" onClick={() => void remove(e)}>
                {t('admin.webhooks.remove')}{' '}
                <span className="visually-hidden">{t('admin.webhooks.removeWhat', { url: e.url })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddWebhookForm
        adminKey={adminKey}
        organ={organ}
        onAdded={(added) => {
          setShown(added)
          load()
        }}
      />
      <p role="status">{status}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <DeliveryLog adminKey={adminKey} organ={organ} />
    </section>
  )
}
