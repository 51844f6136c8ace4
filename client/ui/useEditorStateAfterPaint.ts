import type { Editor } from '@tiptap/core'
import { useEffect, useRef, useState, type DependencyList } from 'react'

/** Runs `fn` once the next frame has been painted (a task posted from the rAF callback). */
function afterNextPaint(fn: () => void): () => void {
  let frame: number | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  const run = () => {
    if (timer !== null) clearTimeout(timer)
    if (frame !== null) cancelAnimationFrame(frame)
    timer = null
    frame = null
    fn()
  }
  if (typeof requestAnimationFrame !== 'function') {
    timer = setTimeout(run, 0)
  } else {
    frame = requestAnimationFrame(() => {
      frame = null
      if (timer !== null) clearTimeout(timer)
      timer = setTimeout(run, 0)
    })
    // Where frames do not come (a hidden tab).
    timer = setTimeout(run, 200)
  }
  return () => {
    if (timer !== null) clearTimeout(timer)
    if (frame !== null) cancelAnimationFrame(frame)
  }
}

/**
 * Like Tiptap's `useEditorState`, but the selector runs after the next paint instead of inside
 * every transaction (once per frame at most): the panels around the minutes (saksliste, margin,
 * toolbar, properties) then never delay the frame that shows a keystroke. They follow one frame
 * later. `deps`: what else the selector reads (props); a change runs it again.
 */
export function useEditorStateAfterPaint<T>(
  editor: Editor,
  selector: (editor: Editor) => T,
  equal: (a: T, b: T) => boolean,
  deps: DependencyList = [],
): T {
  const latest = useRef({ selector, equal })
  latest.current = { selector, equal }
  const [state, setState] = useState(() => ({ editor, value: selector(editor) }))
  const current = state.editor === editor ? state : { editor, value: selector(editor) }
  if (current !== state) setState(current)
  useEffect(() => {
    let cancel: (() => void) | null = null
    const compute = () => {
      cancel = null
      if (editor.isDestroyed) return
      const next = latest.current.selector(editor)
      setState((prev) => (prev.editor === editor && latest.current.equal(prev.value, next) ? prev : { editor, value: next }))
    }
    const onTransaction = () => {
      cancel ??= afterNextPaint(compute)
    }
    editor.on('transaction', onTransaction)
    compute()
    return () => {
      editor.off('transaction', onTransaction)
      cancel?.()
    }
  }, [editor, ...deps])
  return current.value
}
