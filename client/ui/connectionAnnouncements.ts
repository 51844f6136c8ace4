import type { SyncStatus } from '../sync'

/** How long the connection must stay lost (or back) before it is announced: flickers say nothing. */
export const CONNECTION_SETTLE_MS = 3000

/** What a lasting change of the connection is told as. */
export type ConnectionChange = 'lost' | 'restored'

/**
 * Turns the session's status changes into at most one announcement per lasting change of the
 * connection: `onChange` is called `settleMs` after the connection was lost (or came back) if it
 * stayed so. The first connection is not news; while the server has named a problem (shown by
 * the problem banner) nothing is said. Call the returned handler on every status change, and
 * `stop` when done (it cancels a pending announcement).
 */
export function connectionAnnouncements(
  onChange: (change: ConnectionChange) => void,
  settleMs: number = CONNECTION_SETTLE_MS,
): { handle(status: SyncStatus): void; stop(): void } {
  let everConnected = false
  let announcedLost = false
  let timer: ReturnType<typeof setTimeout> | undefined
  return {
    handle(status) {
      if (status.connection === 'connected') everConnected = true
      const lost = everConnected && status.connection !== 'connected'
      clearTimeout(timer)
      if (lost === announcedLost || status.problem) return
      timer = setTimeout(() => {
        announcedLost = lost
        onChange(lost ? 'lost' : 'restored')
      }, settleMs)
    },
    stop() {
      clearTimeout(timer)
    },
  }
}
