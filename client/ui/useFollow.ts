import { useCallback, useEffect, useRef, useState } from 'react'
import { canWriteMinutes, type Role } from '../../shared'
import { nextFollowMode, writerAnnouncement, writerPosition, type FollowEvent, type FollowMode, type WriterPosition } from '../reader'
import type { MeetingSession } from '../sync'
import { sakFromFragment } from './sakFragment'

/** How long the secretary's caret stays in a sak before the live region names it (arrowing through saker says nothing). */
export const FOLLOW_ANNOUNCE_DELAY_MS = 1200

/** Keys that scroll the page when nothing else takes them. */
const SCROLL_KEYS = new Set(['PageUp', 'PageDown', 'Home', 'End', 'ArrowUp', 'ArrowDown', ' '])
/** Keys that only move the focus: tabbing past the minutes is not reading elsewhere. */
const FOCUS_KEYS = new Set(['Tab', 'Shift', 'Escape'])
/** Space above and below the followed line, in CSS pixels. */
const MARGIN_PX = 24

/** Where the subtle marker beside the line the text grows on sits (page coordinates, px). */
export interface FollowMarker {
  readonly top: number
  readonly left: number
  readonly height: number
}

/** What the follow control and marker need. */
export interface Follow {
  readonly mode: FollowMode
  readonly position: WriterPosition | null
  readonly marker: FollowMarker | null
  dispatch(event: FollowEvent): void
}

/** The secretary's position from presence, kept current from awareness and from changes of the minutes. */
function useWriterPosition(session: MeetingSession, enabled: boolean): WriterPosition | null {
  const [position, setPosition] = useState<WriterPosition | null>(null)
  useEffect(() => {
    if (!enabled) return undefined
    const { doc, fragment } = session
    const awareness = session.provider.awareness
    let followed: number | null = null
    const update = () => {
      const next = writerPosition(doc, fragment, awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID, followed)
      followed = next?.clientId ?? null
      setPosition((old) =>
        old && next && old.clientId === next.clientId && old.blockIndex === next.blockIndex && old.sakId === next.sakId && old.label === next.label && old.sakNumber === next.sakNumber && old.sakTitle === next.sakTitle
          ? old
          : next,
      )
    }
    update()
    awareness.on('change', update)
    return () => awareness.off('change', update)
  }, [session, enabled])
  return position
}

/** The minutes' block of `position` in the view's minutes element (by the sak's id, else by index). */
function blockElement(root: HTMLElement, position: WriterPosition): HTMLElement | null {
  const blocks = [...root.children] as HTMLElement[]
  if (position.sakId) {
    const byId = blocks.find((el) => el.dataset.id === position.sakId)
    if (byId) return byId
  }
  return blocks[position.blockIndex] ?? null
}

/** The secretary's caret in the block (its name label), else the block itself. */
function targetIn(block: HTMLElement, name: string): HTMLElement {
  const carets = block.querySelectorAll<HTMLElement>('.collaboration-carets__caret')
  return [...carets].find((caret) => caret.textContent === name) ?? block
}

/** The bottom of what stays stuck at the top of the page (header, toolbar), in viewport px. */
function stuckTop(): number {
  let bottom = 0
  for (const el of document.querySelectorAll<HTMLElement>('.app-header, #minutes .toolbar')) {
    const rect = el.getBoundingClientRect()
    if (rect.height > 0 && rect.top <= 1) bottom = Math.max(bottom, rect.bottom)
  }
  return bottom
}

/** True when the person asked for less motion: the follow mode then jumps instead of gliding. */
function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches
}

/**
 * Scrolls so that `target` is in view below the stuck header, when it is not: the caret's line
 * in the middle of what is visible, a block from its top. Returns whether it scrolled.
 */
function bringIntoView(target: HTMLElement, isCaret: boolean): boolean {
  const rect = target.getBoundingClientRect()
  const top = stuckTop() + MARGIN_PX
  const bottom = window.innerHeight - MARGIN_PX
  if (rect.height === 0 && rect.width === 0) return false
  if (rect.top >= top && rect.bottom <= bottom) return false
  // A caret's line goes to the middle of what is visible, a block's top just below the header.
  const y = Math.max(0, window.scrollY + (isCaret ? rect.top - (top + bottom) / 2 : rect.top - top))
  window.scrollTo({ top: y, behavior: reducedMotion() ? 'auto' : 'smooth' })
  return true
}

/** True when the event comes from the person reading elsewhere, selecting or flagging (not from tabbing past). */
function isInterruption(event: Event): boolean {
  const target = event.target instanceof Element ? event.target : null
  if (target?.closest('.follow-control')) return false
  if (event.type === 'wheel' || event.type === 'touchmove') return true
  // The minutes (a click or key there selects, flags or moves) and the Saksliste (a sak chosen).
  const inMinutes = Boolean(target?.closest('#minutes, .agenda-nav'))
  if (event.type === 'pointerdown') return inMinutes || target === document.documentElement
  if (!(event instanceof KeyboardEvent)) return false
  if (FOCUS_KEYS.has(event.key)) return false
  if (inMinutes) return true
  const typing = target?.closest('input, textarea, select, button, [contenteditable="true"]')
  return !typing && SCROLL_KEYS.has(event.key)
}

/**
 * "Følg referenten" for a reading role (off for the writing roles): observers start following,
 * members not. While following, the view keeps the secretary's caret (from presence) in sight, in
 * whichever view shows the minutes (`root()`: the light reader's or the editor's element), and
 * `announce` names the sak the secretary moved to once the caret stayed there a moment. The
 * person's own wheel, touch, scroll keys, a click or key in the minutes (selecting, flagging) or
 * in the Saksliste pause it; the follow mode's own scrolling is not such an event, so it never pauses itself.
 * `layoutKey` changes when the view is swapped (the marker and scroll are measured again).
 */
export function useFollow(session: MeetingSession | null, role: Role, root: () => HTMLElement | null, announce: (m: string) => void, layoutKey: string): Follow | null {
  const reader = session !== null && !canWriteMinutes(role)
  // A link to a sak (a search hit) opens that sak: the observer then starts paused, not pulled away from it.
  const [mode, setMode] = useState<FollowMode>(() => (role !== 'observatør' ? 'off' : sakFromFragment(location.hash) ? 'paused' : 'following'))
  const dispatch = useCallback((event: FollowEvent) => setMode((m) => nextFollowMode(m, event)), [])
  const position = useWriterPosition(session!, reader)
  const [marker, setMarker] = useState<FollowMarker | null>(null)
  const rootRef = useRef(root)
  rootRef.current = root

  // The person's own reading pauses following.
  useEffect(() => {
    if (!reader || mode !== 'following') return undefined
    const handle = (event: Event) => {
      if (isInterruption(event)) dispatch({ type: 'interrupt' })
    }
    const events = ['wheel', 'touchmove', 'pointerdown', 'keydown'] as const
    for (const name of events) document.addEventListener(name, handle, { capture: true, passive: true })
    return () => {
      for (const name of events) document.removeEventListener(name, handle, { capture: true })
    }
  }, [reader, mode, dispatch])

  // Keep the secretary's line in view and the marker beside it, after every change of the minutes.
  useEffect(() => {
    if (!reader || !session || mode === 'off' || !position) {
      setMarker(null)
      return undefined
    }
    let frame = 0
    const place = () => {
      frame = 0
      const el = rootRef.current()
      const block = el && blockElement(el, position)
      if (!el || !block) return setMarker(null)
      const target = targetIn(block, position.name)
      if (mode === 'following') bringIntoView(target, target !== block)
      // Measured after the scroll was asked for: page coordinates do not change while it glides.
      const rect = target.getBoundingClientRect()
      const rootRect = el.getBoundingClientRect()
      const next = { top: Math.round(rect.top + window.scrollY), left: Math.round(rootRect.left + window.scrollX - 14), height: Math.max(16, Math.round(rect.height)) }
      setMarker((old) => (old && old.top === next.top && old.left === next.left && old.height === next.height ? old : next))
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(place)
    }
    schedule()
    session.fragment.observeDeep(schedule)
    window.addEventListener('resize', schedule)
    return () => {
      cancelAnimationFrame(frame)
      session.fragment.unobserveDeep(schedule)
      window.removeEventListener('resize', schedule)
    }
  }, [reader, session, mode, position, layoutKey])

  // Name the sak the secretary moved to, once the caret stayed there.
  const message = mode === 'following' && position ? writerAnnouncement(position) : null
  const announced = useRef<string | null>(null)
  // Following again ("Følg igjen", the switch): say where the secretary is, even if it was said
  // before the pause. Declared before the effect below, so it runs first in the same commit.
  useEffect(() => {
    if (mode !== 'following') announced.current = null
  }, [mode])
  useEffect(() => {
    if (!message || message === announced.current) return undefined
    const timer = setTimeout(() => {
      announced.current = message
      announce(message)
    }, FOLLOW_ANNOUNCE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [message, announce])

  return reader ? { mode, position, marker, dispatch } : null
}
