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
import { formatMoment } from './format'
import { errorMessage, useSubmit } from './useSubmit'
import { addWebhook, fetchDeliveries, fetchWebhooks, removeWebhook, rotateWebhookSecret, resendDelivery } from './webhooksApi'
import './webhooks.css'

const EVENT_LABEL: Record<WebhookEventType, string> = {
  'meeting.closed': 'Møtet er lukket',
  'meeting.approved': 'Referatet er godkjent',
  'action.changed': 'Aksjonspunkt endret',
}

const STATUS_LABEL: Record<WebhookDeliveryStatus, string> = { pending: 'Venter', delivered: 'Levert', failed: 'Mislyktes' }

/** The last attempt as words: "HTTP 500", "ECONNREFUSED …", or "ikke forsøkt ennå". */
function lastAttempt(d: WebhookDeliveryInfo): string {
  const last = d.log.at(-1)
  if (!last) return 'ikke forsøkt ennå'
  return last.statusCode !== null ? `HTTP ${last.statusCode}` : (last.error ?? 'feil')
}

/** The secret of a just added or rotated endpoint, shown this once. */
function SecretNotice({ shown, onDone }: { shown: WebhookSecretResponse; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null)
  // Focus moves to the secret, so a keyboard or screen-reader user meets it at once.
  useEffect(() => ref.current?.focus(), [shown])
  return (
    <div className="webhook-secret" role="status" tabIndex={-1} ref={ref}>
      <p>
        Hemmeligheten for {shown.endpoint.url} vises bare nå. Kopier den til mottakeren, som bruker den til å kontrollere signaturen:
      </p>
      <code>{shown.secret}</code>
      <button type="button" onClick={onDone}>
        Jeg har kopiert den
      </button>
    </div>
  )
}

/** The form that adds an endpoint: URL and the events it hears. */
function AddWebhookForm({ adminKey, organ, onAdded }: { adminKey: string; organ: string; onAdded: (added: WebhookSecretResponse) => void }) {
  const id = useId()
  const [url, setUrl] = useState('')
  const [events, setEvents] = useState<WebhookEventType[]>(['meeting.closed', 'meeting.approved'])
  const { busy, error, setError, run } = useSubmit()
  const toggle = (type: WebhookEventType, on: boolean) => setEvents((es) => (on ? [...es, type] : es.filter((e) => e !== type)))
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!url.trim()) return setError('Skriv inn adressen.')
    if (events.length === 0) return setError('Velg minst én hendelse.')
    await run(async () => {
      onAdded(await addWebhook(adminKey, organ, { url: url.trim(), events: WEBHOOK_EVENT_TYPES.filter((t) => events.includes(t)) }))
      setUrl('')
    })
  }
  return (
    <form onSubmit={(e) => void handleSubmit(e)} noValidate className="webhook-form">
      <div className="field">
        <label htmlFor={`${id}-url`}>Adresse (https://…)</label>
        <input id={`${id}-url`} type="url" value={url} maxLength={MAX_WEBHOOK_URL_CHARS} onChange={(e) => setUrl(e.target.value)} aria-describedby={error ? `${id}-error` : undefined} />
      </div>
      <fieldset>
        <legend>Hendelser</legend>
        {WEBHOOK_EVENT_TYPES.map((type) => (
          <label key={type} className="checkbox">
            <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, e.target.checked)} /> {EVENT_LABEL[type]}
          </label>
        ))}
      </fieldset>
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        {busy ? 'Legger til …' : 'Legg til webhook'}
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
      setStatus(`${EVENT_LABEL[d.type]} sendes på nytt til ${d.url}.`)
      load()
    })
  return (
    <div className="webhook-deliveries">
      <h4>Leveringer</h4>
      <button type="button" onClick={load}>
        Oppdater leveringene
      </button>
      {deliveries === null && !error && <p role="status">Henter leveringer …</p>}
      {deliveries?.length === 0 && <p>Ingen leveringer ennå.</p>}
      {deliveries && deliveries.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Hendelse</th>
              <th scope="col">Adresse</th>
              <th scope="col">Status</th>
              <th scope="col">Forsøk</th>
              <th scope="col">
                <span className="visually-hidden">Handling</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id}>
                <td>
                  {EVENT_LABEL[d.type]}
                  <br />
                  <span className="hint">{formatMoment(d.createdAt)}</span>
                </td>
                <td className="webhook-url">{d.url}</td>
                <td>
                  {STATUS_LABEL[d.status]}
                  {d.nextAttemptAt && <span className="hint"> (neste {formatMoment(d.nextAttemptAt)})</span>}
                </td>
                <td>
                  {d.log.length} ({lastAttempt(d)})
                </td>
                <td>
                  {d.status === 'failed' && (
                    <button type="button" onClick={() => void resend(d)}>
                      Send på nytt<span className="visually-hidden"> {EVENT_LABEL[d.type]} til {d.url}</span>
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
      setStatus(`Webhooken til ${e.url} er fjernet.`)
      load()
    })
  const rotate = (e: WebhookEndpointInfo) => run(async () => setShown(await rotateWebhookSecret(adminKey, organ, e.id)))
  return (
    <section className="webhooks-panel" aria-labelledby={headingId}>
      <h3 id={headingId}>Webhooker for {organ}</h3>
      <p className="hint">Andre systemer (sak/arkiv, Teams) får en signert melding når et møte i {organ} lukkes, når referatet godkjennes, eller når et aksjonspunkt endres.</p>
      {shown && <SecretNotice shown={shown} onDone={() => setShown(null)} />}
      {endpoints === null && !error && <p role="status">Henter webhooker …</p>}
      {endpoints?.length === 0 && <p>Ingen webhooker ennå.</p>}
      {endpoints && endpoints.length > 0 && (
        <ul className="webhook-list">
          {endpoints.map((e) => (
            <li key={e.id}>
              <span className="webhook-url">{e.url}</span>
              <span className="hint">{e.events.map((t) => EVENT_LABEL[t]).join(', ')}</span>
              <button type="button" onClick={() => void rotate(e)}>
                Ny hemmelighet<span className="visually-hidden"> for {e.url}</span>
              </button>
              <button type="button" onClick={() => void remove(e)}>
                Fjern<span className="visually-hidden"> webhooken til {e.url}</span>
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
