import { MeetingSession, type SessionOptions } from './MeetingSession'

/**
 * Module-level registry: one MeetingSession per meeting id, shared by every component that
 * shows that meeting. React StrictMode mounts, unmounts and mounts again; releasing defers the
 * teardown so the second mount picks up the same Y.Doc and provider.
 */
const RELEASE_GRACE_MS = 1500

interface Entry {
  session: MeetingSession
  key: string
  refs: number
  releaseTimer: ReturnType<typeof setTimeout> | null
}
const entries = new Map<string, Entry>()

/**
 * The session for `id`, created on first use (or anew when the token or persistence changed).
 * Pair every call with `releaseSession(id)`.
 */
export function acquireSession(id: string, options: SessionOptions): MeetingSession {
  const key = `${options.token}|${String(options.persistLocally)}`
  let entry = entries.get(id)
  if (entry && entry.key !== key && entry.refs === 0) {
    if (entry.releaseTimer) clearTimeout(entry.releaseTimer)
    entry.session.destroy()
    entries.delete(id)
    entry = undefined
  }
  if (!entry) {
    entry = { session: new MeetingSession(id, options), key, refs: 0, releaseTimer: null }
    entries.set(id, entry)
  }
  if (entry.releaseTimer) {
    clearTimeout(entry.releaseTimer)
    entry.releaseTimer = null
  }
  entry.refs++
  return entry.session
}

/** Drops one reference; the last one destroys the session after a short grace period. */
export function releaseSession(id: string): void {
  const entry = entries.get(id)
  if (!entry) return
  entry.refs--
  if (entry.refs > 0 || entry.releaseTimer) return
  entry.releaseTimer = setTimeout(() => {
    if (entry.refs > 0) return
    entries.delete(id)
    entry.session.destroy()
  }, RELEASE_GRACE_MS)
}
