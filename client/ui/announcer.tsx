import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react'
import type { MeetingResponse } from '../../shared'
import { useT } from '../i18n'
import type { FollowMode } from '../reader'
import type { MeetingSession } from '../sync'
import { connectionAnnouncements } from './connectionAnnouncements'

/**
 * The meeting page's one polite live region. Everything a screen reader should hear without the
 * person asking (the sak the secretary moved to, a vedtak confirmed, a flag decided, the meeting
 * closed or approved, the connection lost or back, and the outcome of the person's own actions)
 * goes through `announce`. One region, rendered once above both the light reader and the editor,
 * so it survives the reader → editor swap and two views never talk at once. Errors of the
 * person's own actions stay `role="alert"` next to the form that failed.
 */

/** Says `message` politely (after what is being read now); a repeat is said again. */
export type Announce = (message: string) => void

const AnnounceContext = createContext<Announce | null>(null)

/**
 * Provides `useAnnounce()` to the meeting page and renders its live region (visually hidden),
 * once, after the page.
 */
export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState({ text: '', n: 0 })
  const announce = useCallback<Announce>((text) => setMessage((m) => ({ text, n: m.n + 1 })), [])
  return (
    <AnnounceContext.Provider value={announce}>
      {children}
      <div role="status" aria-live="polite" aria-atomic="true" className="visually-hidden" data-announcer="">
        {/* A new element per message: the same words twice are announced twice. */}
        <span key={message.n}>{message.text}</span>
      </div>
    </AnnounceContext.Provider>
  )
}

/** The page's announce function (AnnouncerProvider); outside a provider it says nothing. */
export function useAnnounce(): Announce {
  return useContext(AnnounceContext) ?? ignore
}

function ignore(): void {}

/** Announces a lost connection and its return, once each has lasted (connectionAnnouncements.ts). */
function useConnectionAnnouncements(session: MeetingSession, announce: Announce): void {
  const t = useT()
  const tRef = useRef(t)
  tRef.current = t
  useEffect(() => {
    const changes = connectionAnnouncements((change) =>
      announce(tRef.current(change === 'lost' ? 'common.announce.connectionLost' : 'common.announce.connectionRestored')),
    )
    changes.handle(session.getStatus())
    const unsubscribe = session.subscribe(() => changes.handle(session.getStatus()))
    return () => {
      changes.stop()
      unsubscribe()
    }
  }, [session, announce])
}

/**
 * Announces the meeting being closed and the minutes approved while the page is open. What the
 * register holds at its first sync is where the page started, not news.
 */
function useMeetingStateAnnouncements(session: MeetingSession, me: MeetingResponse['me'], announce: Announce): void {
  const t = useT()
  const tRef = useRef(t)
  tRef.current = t
  const myTokenId = me?.tokenId ?? null
  useEffect(() => {
    let before: { closed: boolean; approved: boolean } | null = null
    const check = () => {
      if (!session.registerSynced) return
      const { meeting } = session.register.getSnapshot()
      const now = { closed: Boolean(meeting.closedAt), approved: Boolean(meeting.approvedAt) }
      if (before && now.closed && !before.closed) announce(tRef.current('common.announce.meetingClosed'))
      // The person who approved already heard which version was sealed (ApproveForm).
      if (before && now.approved && !before.approved && meeting.approvedBy?.tokenId !== myTokenId) announce(tRef.current('common.announce.approved'))
      before = now
    }
    check()
    const offRegister = session.register.subscribe(check)
    const offSynced = session.onRegisterSynced(check)
    return () => {
      offRegister()
      offSynced()
    }
  }, [session, myTokenId, announce])
}

/** The page-wide announcements of a meeting (once per page, whichever view shows it). */
export function MeetingAnnouncements({ session, me }: { session: MeetingSession; me: MeetingResponse['me'] }) {
  const announce = useAnnounce()
  useConnectionAnnouncements(session, announce)
  useMeetingStateAnnouncements(session, me, announce)
  return null
}

/**
 * Tells the person when their own reading paused "Følg referenten" (a key in the minutes, the
 * Saksliste): shown beside the switch, but a screen-reader user is not looking there.
 */
export function useFollowPauseAnnouncement(mode: FollowMode | null): void {
  const announce = useAnnounce()
  const t = useT()
  const previous = useRef(mode)
  useEffect(() => {
    const before = previous.current
    previous.current = mode
    if (before === 'following' && mode === 'paused') announce(t('common.announce.followPaused'))
  }, [mode, announce, t])
}
