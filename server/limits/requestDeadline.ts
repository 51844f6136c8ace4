import type { Server } from 'node:http'
import type { Socket } from 'node:net'

/**
 * node:http settings for the deadline on a request's line and headers: Node checks every
 * `connectionsCheckingInterval`, so its header deadline is that much shorter than `deadlineMs`.
 * Node starts that clock when a connection is accepted, but starts it again at the first byte
 * of the request (measured on Node 20): a client silent until just before the deadline and then
 * dribbling gets nearly twice as long. `enforceRequestDeadline` closes that gap. A request body
 * gets longer (30 s, at least the deadline): bodies are at most 64 KiB (an innkalling file at
 * most 20 MB, from an admin) and read after the credential was checked.
 */
export function requestDeadlineOptions(deadlineMs: number): { headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number } {
  const connectionsCheckingInterval = Math.min(500, Math.floor(deadlineMs / 10))
  return { headersTimeout: deadlineMs - connectionsCheckingInterval, requestTimeout: Math.max(30_000, deadlineMs), connectionsCheckingInterval }
}

/**
 * Closes every connection of `server` that has not completed its first request line and headers
 * (a request or a WebSocket upgrade) within `deadlineMs` of being accepted, whatever it sent
 * meanwhile: it gets a 408 and is destroyed, and `onExpired` is told (once per connection). Later
 * requests on a kept-alive connection are bounded by Node's keepAliveTimeout and headersTimeout.
 */
export function enforceRequestDeadline(server: Server, deadlineMs: number, onExpired: (socket: Socket) => void): void {
  const timers = new WeakMap<Socket, NodeJS.Timeout>()
  const disarm = (socket: Socket) => {
    const timer = timers.get(socket)
    if (timer === undefined) return
    clearTimeout(timer)
    timers.delete(socket)
  }
  server.on('connection', (socket: Socket) => {
    const timer = setTimeout(() => {
      timers.delete(socket)
      if (socket.destroyed) return
      onExpired(socket)
      socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      socket.destroy()
    }, deadlineMs)
    timer.unref()
    timers.set(socket, timer)
    socket.once('close', () => disarm(socket))
  })
  server.on('request', (req: { socket: Socket }) => disarm(req.socket))
  server.on('upgrade', (req: { socket: Socket }) => disarm(req.socket))
}
