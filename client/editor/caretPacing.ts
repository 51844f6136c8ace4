import type { Awareness } from 'y-protocols/awareness'

/**
 * Paces the redraw of remote carets. y-tiptap's caret plugin dispatches a transaction for every
 * awareness change (5 people moving their carets: ~25 a second), and every transaction costs the
 * page a frame's worth of work in a long referat. The plugin sees the awareness through
 * `pacedAwareness`, whose 'change' listeners are called at most once per `intervalMs`, and only
 * after the browser has painted (so a redraw never delays the frame that shows a keystroke).
 * Everything else (the states, setting the local caret) is the awareness itself.
 */

/** Default: at most ten caret redraws a second. */
export const CARET_REDRAW_INTERVAL_MS = 100
/** While the local user types (a key within this long), redraws wait for a pause … */
export const TYPING_PAUSE_MS = 300
/** … but not longer than this, so the carets do not stand still through a long passage. */
export const MAX_TYPING_DELAY_MS = 1000

let lastLocalInput = -Infinity
if (typeof window !== 'undefined') {
  const note = () => {
    lastLocalInput = Date.now()
  }
  window.addEventListener('keydown', note, { capture: true, passive: true })
  window.addEventListener('beforeinput', note, { capture: true, passive: true })
}

/** How long a redraw asked for at `askedAt` should still wait for the local user to pause. */
function typingWait(askedAt: number, now: number): number {
  const pause = lastLocalInput + TYPING_PAUSE_MS - now
  return pause > 0 && now - askedAt < MAX_TYPING_DELAY_MS ? Math.min(pause, askedAt + MAX_TYPING_DELAY_MS - now) : 0
}

type Listener = (...args: unknown[]) => void

interface Paced {
  (...args: unknown[]): void
  cancel(): void
}

/**
 * Calls `fn` (with the latest arguments) at most once per `intervalMs`, after the next paint, and
 * while the local user is typing only in a pause (or after MAX_TYPING_DELAY_MS).
 */
export function afterPaintThrottle(fn: Listener, intervalMs: number): Paced {
  let last = -Infinity
  let timer: ReturnType<typeof setTimeout> | null = null
  let frame: number | null = null
  let args: unknown[] = []
  let askedAt = 0
  let cancelled = false
  const run = () => {
    if (timer !== null) clearTimeout(timer)
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
    timer = null
    frame = null
    if (cancelled) return
    last = Date.now()
    fn(...args)
  }
  const schedule = () => {
    timer = null
    const wait = typingWait(askedAt, Date.now())
    if (wait > 0) {
      timer = setTimeout(schedule, wait)
      return
    }
    if (typeof requestAnimationFrame !== 'function') return run()
    // After the frame: a task posted from the rAF callback runs once the frame is painted. The
    // timeout is the fallback where frames do not come (a hidden tab).
    frame = requestAnimationFrame(() => {
      frame = null
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(run, 0)
    })
    timer = setTimeout(run, 250)
  }
  const paced = ((...a: unknown[]) => {
    args = a
    if (timer !== null || frame !== null) return
    askedAt = Date.now()
    timer = setTimeout(schedule, Math.max(0, last + intervalMs - Date.now()))
  }) as Paced
  paced.cancel = () => {
    cancelled = true
    if (timer !== null) clearTimeout(timer)
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
    timer = null
    frame = null
  }
  return paced
}

/** `awareness`, with its 'change' listeners paced (see above). */
export function pacedAwareness(awareness: Awareness, intervalMs = CARET_REDRAW_INTERVAL_MS): Awareness {
  const wrappers = new Map<Listener, Paced>()
  return new Proxy(awareness, {
    get(target, prop) {
      if (prop === 'on') {
        return (name: string, fn: Listener) => {
          if (name !== 'change') return target.on(name as 'change', fn)
          const paced = afterPaintThrottle(fn, intervalMs)
          wrappers.set(fn, paced)
          target.on('change', paced)
        }
      }
      if (prop === 'off') {
        return (name: string, fn: Listener) => {
          const paced = name === 'change' ? wrappers.get(fn) : undefined
          if (!paced) return target.off(name as 'change', fn)
          paced.cancel()
          wrappers.delete(fn)
          target.off('change', paced)
        }
      }
      const value: unknown = Reflect.get(target, prop, target)
      return typeof value === 'function' ? (value as Listener).bind(target) : value
    },
  })
}
