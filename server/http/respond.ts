import type { ServerResponse } from 'node:http'
import type { ApiErrorBody } from '../../shared/api'
import type { ApiError } from './ApiError'

/** Sends `body` as JSON with `status`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    ...headers,
  })
  res.end(text)
}

/**
 * An API error response: `{ error, code, params?, field? }` (shared/api/errorCodes.ts) with the
 * bokmål message, the stable code, the params of the code's message and the bad input field.
 */
export function sendError(res: ServerResponse, err: ApiError): void {
  const body: ApiErrorBody = {
    error: err.message,
    code: err.code,
    ...(err.params ? { params: err.params } : {}),
    ...(err.field ? { field: err.field } : {}),
  }
  sendJson(res, err.status, body, err.headers)
}

/** Sends a small text or HTML body. */
export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
