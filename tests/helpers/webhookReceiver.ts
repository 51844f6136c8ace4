import crypto from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** One request the receiver got, with whether its signature held (checked as docs/WEBHOOKS.md tells receivers to). */
export interface ReceivedWebhook {
  readonly headers: http.IncomingHttpHeaders
  readonly body: string
  readonly event: { id: string; type: string; organ: string; occurredAt: string; [key: string]: unknown }
  readonly signatureValid: boolean
}

/** The receiver's answer: a status code, 'down' (the port refuses connections) or 'hang' (reads the request, never answers). */
export type ReceiverMode = number | 'down' | 'hang'

/**
 * A real HTTP webhook receiver on 127.0.0.1 that verifies `Referat-Signature` against the raw body
 * (HMAC-SHA256 of `<t>.<body>`, t within 300 s). `setMode('down')` closes the listener so
 * connections are refused; `hang` records requests and never answers them; any status code
 * listens again on the same port and answers with it.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = []
  /** Requests answered (with any status), in order: what the receiver saw, valid or not. */
  readonly answered: number[] = []
  secret = ''
  private server: http.Server | null = null
  private status: number | 'hang' = 200

  private constructor(public port: number) {}

  /** Starts listening on a free port, answering 200. */
  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(0)
    await receiver.listen()
    return receiver
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/hook`
  }

  async setMode(mode: ReceiverMode): Promise<void> {
    if (mode === 'down') return this.close()
    this.status = mode
    if (!this.server) await this.listen()
  }

  async close(): Promise<void> {
    const server = this.server
    this.server = null
    if (!server) return
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeAllConnections()
    })
  }

  private async listen(): Promise<void> {
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        const signatureValid = verify(String(req.headers['referat-signature'] ?? ''), this.secret, body)
        this.received.push({ headers: req.headers, body, event: JSON.parse(body) as ReceivedWebhook['event'], signatureValid })
        if (this.status === 'hang') return
        this.answered.push(this.status)
        res.writeHead(this.status, { 'content-type': 'text/plain' })
        res.end(this.status < 300 ? 'ok' : 'nei')
      })
    })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.port, '127.0.0.1', () => resolve())
    })
    this.port = (server.address() as AddressInfo).port
    this.server = server
  }
}

/** The receiver's check, as in docs/WEBHOOKS.md. */
function verify(header: string, secret: string, rawBody: string, toleranceS = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!Number.isInteger(t) || Math.abs(Date.now() / 1000 - t) > toleranceS) return false
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${rawBody}`).digest()
  const given = Buffer.from(parts.v1 ?? '', 'hex')
  return given.length === expected.length && crypto.timingSafeEqual(given, expected)
}
