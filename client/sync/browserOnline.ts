import type { WebsocketProvider } from 'y-websocket'

/**
 * Follows the browser's own idea of the network (`offline` / `online` events) for the given
 * providers. When the browser goes offline a WebSocket may look open for a long time (a train in
 * a tunnel: no packets and no close; y-websocket notices only after 30 s without a message), so
 * it is closed at once: the status says so and the reconnect loop runs. Back online, each provider
 * that is not connected tries again at once instead of waiting out its backoff.
 * (Unless `mayReconnect` says no: the server stopped the session.) Returns the function that stops listening.
 */
export function followBrowserOnline(providers: readonly WebsocketProvider[], mayReconnect: () => boolean): () => void {
  const handleOffline = () => {
    for (const provider of providers) provider.ws?.close()
  }
  const handleOnline = () => {
    // Not after the server refused us for good: that connection stays stopped.
    if (!mayReconnect()) return
    for (const provider of providers) {
      if (!provider.wsconnected && !provider.wsconnecting) provider.connect()
    }
  }
  addEventListener('offline', handleOffline)
  addEventListener('online', handleOnline)
  return () => {
    removeEventListener('offline', handleOffline)
    removeEventListener('online', handleOnline)
  }
}
