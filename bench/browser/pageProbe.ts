// What the bench installs in the page before any of the app's scripts run (page.addInitScript):
// the stored name (so that a role invitation opens without "Hvem er du?"), a keydown → next
// frame probe and a long-task observer. Runs in the browser: no imports, no closures over Node.

/** One keystroke as the page saw it, in the page's performance.now() time base. */
export interface KeySample {
  /** event.timeStamp of the keydown. */
  t: number
  key: string
  /** keydown → the next requestAnimationFrame callback (the frame that will hold the change starts). */
  raf: number
  /** keydown → a MessageChannel task posted from that rAF callback: after the frame was painted. */
  paint: number
}

export interface ProbeState {
  keys: KeySample[]
  longTasks: { start: number; duration: number }[]
}

declare global {
  interface Window {
    __benchProbe?: ProbeState
  }
}

/** The init script; `userName` goes into localStorage under the client's key. */
export function installProbe(userName: string): void {
  try {
    localStorage.setItem('referat-user', JSON.stringify({ name: userName }))
  } catch {
    // no storage: the dialog will ask; the bench answers it
  }
  const state: ProbeState = { keys: [], longTasks: [] }
  window.__benchProbe = state
  document.addEventListener(
    'keydown',
    (event) => {
      const t = event.timeStamp
      const key = event.key
      requestAnimationFrame(() => {
        const raf = performance.now() - t
        const channel = new MessageChannel()
        channel.port1.onmessage = () => {
          state.keys.push({ t, key, raf, paint: performance.now() - t })
          channel.port1.close()
        }
        channel.port2.postMessage(0)
      })
    },
    true,
  )
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) state.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask', buffered: true })
  } catch {
    // longtask not supported: reported as an empty list
  }
}

/**
 * Runs in the page (waitForFunction, polling on every frame): the performance.now() at which the
 * editor is contenteditable and holds the last sak with its title; false before.
 */
export function editableWithLastSak(arg: { number: string; title: string }): number | false {
  const editor = document.querySelector('[role="textbox"][aria-label="Referat"]')
  if (!editor || editor.getAttribute('contenteditable') !== 'true') return false
  const title = editor.querySelector(`section.agenda-item[data-number="${arg.number}"] .agenda-title`)
  return title && (title.textContent ?? '').includes(arg.title) ? performance.now() : false
}
