import type { WebsocketProvider } from 'y-websocket'

/** First reconnect waits up to this long; each failed attempt doubles it, up to MAX_DELAY_MS. */
const BASE_DELAY_MS = 500
const MAX_DELAY_MS = 10_000

/**
 * How long to wait before reconnect attempt `attempt` (1 = the first after a close): "full
 * jitter", a uniform draw from [0, min(MAX, BASE * 2^(attempt-1))]. When a server node dies,
 * the hundreds of clients it served would otherwise come back to the other nodes in one wave at
 * the same moments (the stock provider waits a fixed 200, 400, 800 ... ms).
 */
export function reconnectDelayMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, Math.min(attempt - 1, 16)))
  return Math.floor(random() * ceiling)
}

/**
 * Makes `provider` reconnect after a jittered delay instead of its own fixed backoff: wraps its
 * shouldReconnect decision, and when the answer is to reconnect, takes the reconnect over (the
 * provider's own scheduled attempt finds shouldConnect false and does nothing). Returns a
 * function that cancels a pending reconnect (call it before destroying the provider).
 */
export function useJitteredReconnect(provider: WebsocketProvider, decide: (code: number) => boolean): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null
  let stopped = false
  provider.shouldReconnect = (event) => {
    if (!decide(event.code)) return false
    provider.shouldConnect = false
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      if (!stopped) provider.connect()
    }, reconnectDelayMs(provider.wsUnsuccessfulReconnects))
    return true
  }
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    timer = null
  }
}
