import type { IncomingMessage, ServerResponse } from 'node:http'
import { log } from '../log'
import type { ApiContext } from './ApiContext'
import { API_PREFIX, handleMeetingsApi } from './meetingsApi'
import { sendText } from './respond'
import { serveStatic } from './staticFiles'

/** What the HTTP side needs: the API's context and the client's directory. */
export interface HttpOptions extends ApiContext {
  /** Directory of the built client. */
  readonly staticDir: string
}

/** The HTTP request handler: `/healthz`, `/api/...` and the static client. Never throws. */
export function createRequestHandler(options: HttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    let pathname: string
    try {
      pathname = new URL(req.url ?? '/', 'http://localhost').pathname
    } catch {
      return sendText(res, 400, 'Ugyldig adresse.')
    }
    if (pathname === '/healthz') return sendText(res, 200, 'ok')
    if (pathname === '/api' || pathname.startsWith(API_PREFIX)) {
      handleMeetingsApi(req, res, pathname, options).catch((err) => {
        log.error('api handler crashed', { path: pathname, err })
        res.destroy()
      })
      return
    }
    serveStatic(req, res, pathname, options.staticDir)
  }
}
