import { Component, lazy, useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { withNamespaces } from '../i18n'
import { captureHandoff, type Handoff } from '../reader'

/**
 * The meeting with the editor (Tiptap, ProseMirror): a chunk of its own (MeetingView.tsx), with
 * the `editor` catalogue in the current language (the reader's first render needs only `common`).
 */
const loadMeetingView = withNamespaces(['editor'], () => import('./MeetingView').then((m) => ({ default: m.MeetingView })))

type Stage = 'reader' | 'loading' | 'editor'

/**
 * Which view shows the meeting. A writing role gets the editor at once. A reader starts with the
 * light ReaderView (no ProseMirror in its first render) and asks for the editor after the first
 * paint or on its first action; the editor is then built out of sight ("loading") and swapped in
 * once it shows the minutes, with the reader's selection, focus and scroll handed over. A swap
 * waits while a mouse button is down in the page (a selection being dragged). When the editor's
 * chunk cannot be fetched (offline), the reader stays and asks again on its next action or when
 * the browser is back online.
 */
export function useEditorStage(writer: boolean) {
  const [stage, setStage] = useState<Stage>(writer ? 'editor' : 'reader')
  const [handoff, setHandoff] = useState<Handoff | null>(null)
  // A new lazy component per attempt: React.lazy keeps a failed load for good.
  const [attempt, setAttempt] = useState(0)
  const [MeetingView, setMeetingView] = useState(() => lazy(loadMeetingView))
  const [failed, setFailed] = useState(false)
  // Read in needEditor through a ref: a stable needEditor does not re-run the reader's idle request.
  const failedRef = useRef(false)
  const readerRoot = useRef<HTMLDivElement>(null)
  const wantsFlag = useRef(false)
  const pointerDown = useRef(false)
  const pendingReveal = useRef<(() => void) | null>(null)

  useEffect(() => {
    if (stage === 'editor') return undefined
    const handleDown = () => {
      pointerDown.current = true
    }
    const handleUp = () => {
      pointerDown.current = false
      const reveal = pendingReveal.current
      pendingReveal.current = null
      reveal?.()
    }
    document.addEventListener('pointerdown', handleDown, true)
    document.addEventListener('pointerup', handleUp, true)
    document.addEventListener('pointercancel', handleUp, true)
    return () => {
      document.removeEventListener('pointerdown', handleDown, true)
      document.removeEventListener('pointerup', handleUp, true)
      document.removeEventListener('pointercancel', handleUp, true)
    }
  }, [stage])

  const retry = useCallback(() => {
    failedRef.current = false
    setFailed(false)
    setMeetingView(() => lazy(loadMeetingView))
    setAttempt((n) => n + 1)
  }, [])
  const needEditor = useCallback(
    (flag: boolean) => {
      if (flag) wantsFlag.current = true
      if (failedRef.current) retry()
      setStage((s) => (s === 'reader' ? 'loading' : s))
    },
    [retry],
  )
  const loadFailed = useCallback(() => {
    failedRef.current = true
    setFailed(true)
    wantsFlag.current = false
    setStage((s) => (s === 'loading' ? 'reader' : s))
  }, [])
  useEffect(() => {
    if (!failed || stage !== 'reader') return undefined
    const handleOnline = () => needEditor(false)
    window.addEventListener('online', handleOnline)
    return () => window.removeEventListener('online', handleOnline)
  }, [failed, stage, needEditor])

  const editorReady = useCallback(() => {
    const reveal = () => {
      setHandoff(captureHandoff(readerRoot.current, wantsFlag.current))
      setStage('editor')
    }
    if (pointerDown.current) pendingReveal.current = reveal
    else reveal()
  }, [])
  return { stage, handoff, readerRoot, needEditor, editorReady, MeetingView, attempt, failed, loadFailed, retry }
}

/** Catches a failed fetch of the editor's chunk (offline, a new deployment): `onError`, then `fallback`. */
export class EditorLoadBoundary extends Component<{ onError: () => void; fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  override state = { failed: false }

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true }
  }

  override componentDidCatch(): void {
    this.props.onError()
  }

  override render(): ReactNode {
    return this.state.failed ? this.props.fallback : this.props.children
  }
}
