// One delivery attempt (server/webhooks/deliver.ts) against real HTTP servers on 127.0.0.1:
// redirects not followed, the response body capped, the deadline kept, and destinations that are
// not public refused at delivery time (also behind a host name, through the guarded lookup).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { DEFAULT_DELIVERY_LIMITS, deliverOnce, verifySignature, type DeliveryLimits } from '../../server/webhooks'

const servers: http.Server[] = []
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections()
    await new Promise((resolve) => s.close(resolve))
  }
})

async function serve(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as AddressInfo).port
}

const limits: DeliveryLimits = { ...DEFAULT_DELIVERY_LIMITS, allowPrivate: true, totalTimeoutMs: 1000, connectTimeoutMs: 1000 }
const request = (url: string) => ({ url, secret: 's'.repeat(64), body: '{"id":"e1"}', eventId: 'e1', type: 'meeting.closed', deliveryId: 'd1' })

describe('deliverOnce', () => {
  it('posts the exact body with a signature made at send time', async () => {
    let seen: { header: string; body: string } | null = null
    const port = await serve((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        seen = { header: String(req.headers['referat-signature']), body }
        res.end('ok')
      })
    })
    const now = Date.now()
    expect(await deliverOnce(request(`http://127.0.0.1:${port}/`), limits, now)).toEqual({ statusCode: 200, error: null })
    expect(seen!.body).toBe('{"id":"e1"}')
    expect(verifySignature(seen!.header, 's'.repeat(64), seen!.body, Math.floor(now / 1000))).toBe(true)
  })

  it('does not follow a redirect: the 3xx is the answer', async () => {
    let hits = 0
    const port = await serve((_req, res) => {
      hits++
      res.writeHead(302, { location: '/elsewhere' })
      res.end()
    })
    expect(await deliverOnce(request(`http://127.0.0.1:${port}/`), limits, Date.now())).toEqual({ statusCode: 302, error: null })
    expect(hits).toBe(1)
  })

  it('stops reading a large answer at the cap', async () => {
    const port = await serve((_req, res) => {
      res.writeHead(200)
      // Far more than the cap, written as long as the socket takes it; cut by the client.
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const pump = () => {
        while (res.write(chunk)) if (res.writableLength > 4 * 1024 * 1024) break
      }
      res.on('drain', pump)
      pump()
    })
    expect(await deliverOnce(request(`http://127.0.0.1:${port}/`), { ...limits, totalTimeoutMs: 30_000 }, Date.now())).toEqual({ statusCode: 200, error: null })
  })

  it('gives up at the total deadline when the receiver never answers', async () => {
    const port = await serve(() => {})
    const result = await deliverOnce(request(`http://127.0.0.1:${port}/`), { ...limits, totalTimeoutMs: 200 }, Date.now())
    expect(result).toEqual({ statusCode: null, error: 'ETIMEDOUT: no complete answer within 200 ms' })
  })

  it('refuses a destination that is not public, as an address or behind a name, unless allowed', async () => {
    let hits = 0
    const port = await serve((_req, res) => {
      hits++
      res.end('ok')
    })
    const strict = { ...limits, allowPrivate: false }
    expect(await deliverOnce(request(`http://127.0.0.1:${port}/`), strict, Date.now())).toMatchObject({ statusCode: null, error: expect.stringMatching(/^EADDRNOTPUBLIC/) })
    expect(await deliverOnce(request(`http://localhost:${port}/`), strict, Date.now())).toMatchObject({ statusCode: null, error: expect.stringMatching(/^EADDRNOTPUBLIC/) })
    expect(hits).toBe(0)
    expect(await deliverOnce(request(`http://localhost:${port}/`), limits, Date.now())).toEqual({ statusCode: 200, error: null })
    expect(hits).toBe(1)
  })
})
