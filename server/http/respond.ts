import type { ServerResponse } from 'node:http'

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

/** An API error response: `{ error, field? }` with a Norwegian message. */
export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  field?: string,
  headers?: Record<string, string>,
  code?: string,
): void {
  sendJson(res, status, { error, ...(field ? { field } : {}), ...(code ? { code } : {}) }, headers)
}

/** Sends a small text or HTML body. */
export function sendText(res: ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) })
  res.end(body)
}
