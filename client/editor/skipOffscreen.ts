import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'

/**
 * Adds `skip-offscreen` to the editor (minutes.css: `content-visibility: auto` on the saker) once
 * the minutes have content and have been laid out in full once: every sak then has a remembered
 * height, so skipping the ones out of view does not make the page jump when they come back into
 * view (a click or scrollIntoView aimed at a spot that moves). Saker added later start from an
 * estimate.
 */
const skipOffscreenKey = new PluginKey<boolean>('skipOffscreen')

/** Two frames: the first lays the saker out (their sizes are recorded), the second is after. */
function afterLayout(run: () => void): () => void {
  let frame = 0
  const fallback = setTimeout(run, 1000)
  const done = () => {
    clearTimeout(fallback)
    run()
  }
  if (typeof requestAnimationFrame !== 'function') return () => clearTimeout(fallback)
  frame = requestAnimationFrame(() => {
    frame = requestAnimationFrame(done)
  })
  return () => {
    clearTimeout(fallback)
    cancelAnimationFrame(frame)
  }
}

/** True when the element takes part in layout (not inside display: none). */
function isLaidOut(dom: HTMLElement): boolean {
  return dom.getClientRects().length > 0
}

export const SkipOffscreen = Extension.create({
  name: 'skipOffscreen',
  addProseMirrorPlugins() {
    return [
      new Plugin<boolean>({
        key: skipOffscreenKey,
        state: {
          init: () => false,
          apply: (tr, on) => on || tr.getMeta(skipOffscreenKey) === true,
        },
        props: {
          attributes: (state): Record<string, string> => (skipOffscreenKey.getState(state) ? { class: 'skip-offscreen' } : {}),
        },
        view: (view) => {
          let cancel: (() => void) | null = null
          let waitForLayout: ResizeObserver | null = null
          const check = () => {
            if (cancel || skipOffscreenKey.getState(view.state) || view.state.doc.childCount < 3) return
            if (!isLaidOut(view.dom)) {
              // Built out of sight (display: none, behind the light reader): no sizes to remember yet.
              if (!waitForLayout && typeof ResizeObserver === 'function') {
                waitForLayout = new ResizeObserver(() => {
                  if (!isLaidOut(view.dom)) return
                  waitForLayout?.disconnect()
                  waitForLayout = null
                  check()
                })
                waitForLayout.observe(view.dom)
              }
              return
            }
            cancel = afterLayout(() => {
              if (!view.isDestroyed && !skipOffscreenKey.getState(view.state)) {
                view.dispatch(view.state.tr.setMeta(skipOffscreenKey, true).setMeta('addToHistory', false))
              }
            })
          }
          check()
          return {
            update: check,
            destroy: () => {
              cancel?.()
              waitForLayout?.disconnect()
            },
          }
        },
      }),
    ]
  },
})
