import http from 'node:http'
import https from 'node:https'
import { isIP } from 'node:net'
import { SIGNATURE_HEADER, signatureHeader } from './signature'
import { guardedLookup, isPublicAddress } from './urlPolicy'

/** Limits of one delivery attempt. */
export interface DeliveryLimits {
  /** Until the TCP (and TLS) connection stands, in ms. */
  readonly connectTimeoutMs: number
  /** The whole attempt, from start to the end of the (capped) response, in ms. */
  readonly totalTimeoutMs: number
  /** Response bytes read (and discarded) before the connection is cut. */
  readonly maxResponseBytes: number
  /** WEBHOOK_ALLOW_PRIVATE: loopback, private and link-local destinations allowed. */
  readonly allowPrivate: boolean
}

export const DEFAULT_DELIVERY_LIMITS: DeliveryLimits = { connectTimeoutMs: 5000, totalTimeoutMs: 15_000, maxResponseBytes: 64 * 1024, allowPrivate: false }

/** One request to send: the endpoint, its secret, the event's exact body. */
export interface DeliveryRequest {
  readonly url: string
  readonly secret: string
  readonly body: string
  readonly eventId: string
  readonly type: string
  readonly deliveryId: string
}

/** What an attempt got: the status code (any, 3xx included: redirects are not followed) or why there was none. */
export type AttemptResult = { readonly statusCode: number; readonly error: null } | { readonly statusCode: null; readonly error: string }

/** Human-readable, bounded reason of a failed attempt (shown to the admin; never the secret). */
function reasonOf(err: unknown): string {
  const e = err as NodeJS.ErrnoException
  return `${e.code ?? 'error'}: ${e.message ?? String(err)}`.slice(0, 300)
}

/**
 * POSTs the event once: `Content-Type: application/json`, `Referat-Signature: t=…,v1=…` (signed
 * at send time), `Referat-Event`, `Referat-Event-Id`, `Referat-Delivery`. Redirects are not
 * followed; the response body is read up to `maxResponseBytes` and discarded. Unless
 * `allowPrivate`, the destination's addresses are checked when it is resolved (guardedLookup) and
 * an IP literal before connecting. Resolves with the status code or the error; never rejects.
 */
export function deliverOnce(request: DeliveryRequest, limits: DeliveryLimits, nowMs: number): Promise<AttemptResult> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch (err) {
    return Promise.resolve({ statusCode: null, error: reasonOf(err) })
  }
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (!limits.allowPrivate && isIP(literal) !== 0 && !isPublicAddress(literal)) {
    return Promise.resolve({ statusCode: null, error: 'EADDRNOTPUBLIC: the address is not public' })
  }
  const body = Buffer.from(request.body, 'utf8')
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'user-agent': 'Referat-Webhooks/1',
    [SIGNATURE_HEADER.toLowerCase()]: signatureHeader(request.secret, Math.floor(nowMs / 1000), request.body),
    'referat-event': request.type,
    'referat-event-id': request.eventId,
    'referat-delivery': request.deliveryId,
  }
  const transport = url.protocol === 'https:' ? https : http
  return new Promise<AttemptResult>((resolve) => {
    let settled = false
    const finish = (result: AttemptResult) => {
      if (settled) return
      settled = true
      clearTimeout(total)
      clearTimeout(connect)
      req.destroy()
      resolve(result)
    }
    const req = transport.request(url, { method: 'POST', headers, lookup: guardedLookup(limits.allowPrivate), agent: false })
    const total = setTimeout(() => finish({ statusCode: null, error: `ETIMEDOUT: no complete answer within ${limits.totalTimeoutMs} ms` }), limits.totalTimeoutMs)
    const connect = setTimeout(() => finish({ statusCode: null, error: `ETIMEDOUT: not connected within ${limits.connectTimeoutMs} ms` }), limits.connectTimeoutMs)
    req.once('socket', (socket) => {
      const connected = () => clearTimeout(connect)
      if (!socket.connecting) connected()
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', connected)
    })
    req.on('error', (err) => finish({ statusCode: null, error: reasonOf(err) }))
    req.once('response', (res) => {
      const statusCode = res.statusCode ?? 0
      let read = 0
      res.on('data', (chunk: Buffer) => {
        read += chunk.length
        // Enough: the status is what counts; the rest is not read.
        if (read > limits.maxResponseBytes) finish({ statusCode, error: null })
      })
      res.once('end', () => finish({ statusCode, error: null }))
      res.on('error', () => finish({ statusCode, error: null }))
    })
    req.end(body)
  })
}
