import type { IncomingMessage } from 'node:http'
import type { FailureKind } from '../limits'
import { ApiError } from './ApiError'
import type { ApiContext } from './ApiContext'

/**
 * Counts a request against its address's budget of `kind` (server/limits): 429 with Retry-After
 * and `tooMany` ("For mange søk fra denne adressen.") followed by how long to wait once the
 * budget is used up. Without limits configured nothing is counted.
 */
export async function countRequestOf(req: IncomingMessage, ctx: ApiContext, kind: FailureKind, tooMany: string): Promise<void> {
  if (!ctx.limits) return
  const address = ctx.limits.proxies.clientAddress(req)
  const blocked = await ctx.limits.failures.blocked(address, kind)
  if (blocked) {
    ctx.limits.failures.refused(blocked)
    const seconds = Math.ceil(blocked.retryAfterMs / 1000)
    throw new ApiError(429, 'too-many-requests', `${tooMany} Vent ${seconds} sekunder og prøv igjen.`, {
      headers: { 'retry-after': String(seconds) },
      params: { seconds },
    })
  }
  await ctx.limits.failures.failed(kind, address)
}
