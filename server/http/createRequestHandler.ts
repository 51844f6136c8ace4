import type { IncomingMessage, ServerResponse } from 'node:http'
import { TrustedProxies } from '../limits'
import { log } from '../log'
import type { ApiContext } from './ApiContext'
import { API_PREFIX, handleMeetingsApi } from './meetingsApi'
import { handleMetrics, handleReadyz, type OperationsOptions } from './operations'
import { sendText } from './respond'
import { securityHeaders } from './securityHeaders'
import { AUTH_PREFIX, handleSignIn } from './signInRoutes'
import { serveStatic } from './staticFiles'

/** What the HTTP side needs: the API's context and the client's directory. */
export interface HttpOptions extends ApiContext {
  /** Directory of the built client. */
  readonly staticDir: string
  /** /readyz and /metrics (without: those paths are not special). */
  readonly operations?: OperationsOptions
}

/**
 * The HTTP request handler: `/healthz` (liveness), `/readyz` (readiness), `/metrics`
 * (Prometheus), `/api/...`, `/auth/...` (sign-in) and the static client, every answer with the security headers
 * (securityHeaders.ts). Never throws.
 */
export function createRequestHandler(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const setSecurityHeaders = securityHeaders({ publicUrl: options.publicUrl, trustedProxies: options.limits?.proxies ?? new TrustedProxies([]) })
  return (req, res) => {
    setSecurityHeaders(req, res)
    let pathname: string
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      return sendText(res, 400, 'Ugyldig adresse.')
    }
    if (pathname === '/healthz') return sendText(res, 200, 'ok')
    const { operations } = options
    if (operations && (pathname === '/readyz' || pathname === '/metrics')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'GET only')
      const handled = pathname === '/readyz' ? handleReadyz(res, operations) : handleMetrics(req, res, operations)
      handled.catch((err: unknown) => {
        log.error('operations handler crashed', { path: pathname, err })
        res.destroy()
      })
      return
    }
    if (pathname === '/api' || pathname.startsWith(API_PREFIX)) {
      handleMeetingsApi(req, res, pathname, options).catch((err) => {
        log.error('api handler crashed', { path: pathname, err })
        res.destroy()
      })
      return
    }
    if (pathname.startsWith(AUTH_PREFIX)) {
      void handleSignIn(req, res, pathname, options)
      return
    }
    serveStatic(req, res, pathname, options.staticDir)
  }
}
