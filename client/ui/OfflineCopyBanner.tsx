import { useEffect, useState } from 'react'
import { intlLocale, useT } from '../i18n'
import { useOfflineCopy, type MeetingSession } from '../sync'
import './offlineCopy.css'

/** True while `on` and the time `fromMs` (ms since the epoch) has come; false as soon as `on` is off. */
function useFrom(on: boolean, fromMs: number | null): boolean {
  // Already due when mounted (the editor took over from the light reader): shown from the first render.
  const [reached, setReached] = useState(() => fromMs !== null && fromMs <= Date.now())
  useEffect(() => {
    const waitMs = fromMs === null ? null : fromMs - Date.now()
    if (!on || waitMs === null || waitMs <= 0) {
      setReached(on && waitMs !== null)
      return undefined
    }
    setReached(false)
    const timer = setTimeout(() => setReached(true), waitMs)
    return () => clearTimeout(timer)
  }, [on, fromMs])
  return on && reached
}

function sameDay(a: Date, b: Date): boolean {
  return a.getFullYear() === b.getFullYear() && a.getMonth() === b.getMonth() && a.getDate() === b.getDate()
}

/** The banner's words: with the time of the last sync (and its day when not today). */
function bannerText(t: (id: string, values?: Record<string, unknown>) => string, syncedAtMs: number | null, nowMs: number): string {
  if (syncedAtMs === null) return t('common.offlineCopy.banner')
  const at = new Date(syncedAtMs)
  const time = new Intl.DateTimeFormat(intlLocale(), { hour: '2-digit', minute: '2-digit' }).format(at)
  if (sameDay(at, new Date(nowMs))) return t('common.offlineCopy.bannerToday', { time })
  const date = new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric' }).format(at)
  return t('common.offlineCopy.bannerEarlier', { date, time })
}

function ReaderOfflineBanner({ session }: { session: MeetingSession }) {
  const t = useT()
  const state = useOfflineCopy(session)
  const notLive = state?.notLive ?? false
  // A drop while reading, or a slow start, gets a grace (NOT_LIVE_GRACE_MS); a start that failed does not.
  const shown = useFrom(notLive, state?.noticeAtMs ?? null)
  // Visible text, not a live region: the page's one live region (announcer.tsx) says that the
  // connection is lost and back; a start without the server shows it here, at the top of the page.
  return (
    <div className={shown ? 'offline-copy-banner' : 'offline-copy-banner-empty'} data-offline-copy="">
      {shown && <p>{bannerText(t, state?.syncedAtMs ?? null, Date.now())}</p>}
    </div>
  )
}

/**
 * "Ikke direkte: du leser en lagret kopi fra kl. 10.42 — vi prøver å koble til igjen": shown to a
 * reader (medlem, observatør) while the minutes on screen are this browser's copy, not live
 * (a start without the server, or a connection lost for longer than the grace). Writing roles
 * have their own wording in the status bar ("Frakoblet – endringer lagres lokalt").
 */
export function OfflineCopyBanner({ session }: { session: MeetingSession }) {
  return session.readerCopy ? <ReaderOfflineBanner session={session} /> : null
}
