import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Health } from '../health'
import { log } from '../log'
import type { ServerMetrics } from '../metrics'
import { bearerOf } from './authenticate'
import { sendText } from './respond'

/** What the operational routes (/readyz, /metrics) need. */
export interface OperationsOptions {
  readonly health: Health
  readonly metrics: ServerMetrics
  /** METRICS_TOKEN: required as `Authorization: Bearer` for /metrics; null: loopback only. */
  readonly metricsToken: string | null
}

/** Headers a reverse proxy adds: a request carrying one came from elsewhere, whatever its socket says. */
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const

/** True for 127.0.0.0/8 and ::1, also IPv4-mapped. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4)
}

/**
 * Who may read /metrics: with METRICS_TOKEN, whoever sends it as a bearer credential (401
 * otherwise); without it, only a direct loopback request (403 otherwise: from another host, or
 * through a proxy that says so with Forwarded / X-Forwarded-For / X-Real-IP).
 */
export function metricsAccess(req: IncomingMessage, metricsToken: string | null): 200 | 401 | 403 {
  if (metricsToken) {
    const given = bearerOf(req)
    if (!given) return 401
    // Compared as digests: constant time, whatever the lengths.
    const digest = (value: string) => createHash('sha256').update(value).digest()
    return timingSafeEqual(digest(given), digest(metricsToken)) ? 200 : 401
  }
  if (!isLoopbackAddress(req.socket.remoteAddress)) return 403
  return PROXY_HEADERS.some((name) => req.headers[name] !== undefined) ? 403 : 200
}

/** GET /readyz: 200 `ready`, or 503 with the reason (`draining`, `storage-timeout`, `storage-error`). */
export async function handleReadyz(res: ServerResponse, options: OperationsOptions): Promise<void> {
  const reason = await options.health.check()
  res.setHeader('cache-control', 'no-store')
  if (reason) sendText(res, 503, reason)
  else sendText(res, 200, 'ready')
}

/** GET /metrics: the Prometheus text format, to those metricsAccess lets in. */
export async function handleMetrics(req: IncomingMessage, res: ServerResponse, options: OperationsOptions): Promise<void> {
  const access = metricsAccess(req, options.metricsToken)
  if (access === 401) {
    res.setHeader('www-authenticate', 'Bearer')
    return sendText(res, 401, 'METRICS_TOKEN required')
  }
  if (access === 403) return sendText(res, 403, 'metrics are served to loopback only (set METRICS_TOKEN)')
  try {
    const { contentType, body } = await options.metrics.exposition()
    res.setHeader('cache-control', 'no-store')
    sendText(res, 200, body, contentType)
  } catch (err) {
    log.error('metrics collection failed', { err })
    sendText(res, 500, 'metrics collection failed')
  }
}
