import { useCallback, useEffect, useState, useSyncExternalStore } from 'react'
import type { Role } from '../../shared'
import { applyMeetingLanguage, type Language } from '../i18n'
import { loadLocalUser, saveLocalUser, type LocalUser } from './identity'
import type { MeetingSession, PresenceEntry } from './MeetingSession'
import { EMPTY_REGISTER, readMeetingLanguage, type RegisterSnapshot } from './MeetingRegister'
import { acquireSession, releaseSession } from './sessions'
import type { SyncStatus } from './statusText'

/**
 * The session of one meeting for as long as the calling component is mounted. Returns null
 * during the first render (the session is created in an effect, never during render).
 */
export function useMeetingSession(id: string, token: string, persistLocally: boolean): MeetingSession | null {
  const [session, setSession] = useState<MeetingSession | null>(null)
  useEffect(() => {
    setSession(acquireSession(id, { token, persistLocally }))
    return () => {
      setSession(null)
      releaseSession(id)
    }
  }, [id, token, persistLocally])
  return session
}

/** The live connection and save status of a session. */
export function useSyncStatus(session: MeetingSession): SyncStatus {
  return useSyncExternalStore(session.subscribe, session.getStatus)
}

/**
 * Whether the minutes have content, and the problem if any: the part of the status the page
 * around the editor needs. Unlike `useSyncStatus`, it does not re-render for the pending/saved
 * changes every keystroke makes (which re-rendered the whole meeting view).
 */
export function useContentStatus(session: MeetingSession): { hasContent: boolean; problem: SyncStatus['problem'] } {
  const hasContent = useSyncExternalStore(session.subscribe, () => session.getStatus().hasContent)
  const problem = useSyncExternalStore(session.subscribe, () => session.getStatus().problem)
  return { hasContent, problem }
}

const noSubscription = () => () => {}
const emptyRegister = () => EMPTY_REGISTER

/** The meeting's register (flags, confirmations, closed state), live. */
export function useRegister(session: MeetingSession | null): RegisterSnapshot {
  return useSyncExternalStore(
    session ? session.register.subscribe : noSubscription,
    session ? session.register.getSnapshot : emptyRegister,
  )
}

const noLanguage = () => null

/**
 * The meeting's own language (the register's `meeting` map, key 'language'), live; null until
 * the register has said one. Someone who has not chosen a language sees the interface in it
 * (applyMeetingLanguage: the person's own choice wins).
 */
export function useMeetingLanguage(session: MeetingSession | null): Language | null {
  const language = useSyncExternalStore(
    session ? session.register.subscribe : noSubscription,
    session ? () => readMeetingLanguage(session.register.doc) : noLanguage,
  )
  useEffect(() => applyMeetingLanguage(language), [language])
  return language
}

function samePresence(a: readonly PresenceEntry[], b: readonly PresenceEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      return x.clientId === y.clientId && x.name === y.name && x.role === y.role && x.color === y.color && x.verified === y.verified && x.isSelf === y.isSelf
    })
  )
}

/** Everyone connected to the meeting (from awareness), ourselves first. */
export function usePresence(session: MeetingSession | null): PresenceEntry[] {
  const [entries, setEntries] = useState<PresenceEntry[]>([])
  useEffect(() => {
    if (!session) return undefined
    const awareness = session.provider.awareness
    // Awareness changes with every remote caret move; the list shows who is here, not where.
    const handleChange = () => setEntries((old) => {
      const next = session.presence()
      return samePresence(old, next) ? old : next
    })
    handleChange()
    awareness.on('change', handleChange)
    return () => awareness.off('change', handleChange)
  }, [session])
  return entries
}

/** Publishes the local user into the session's awareness whenever either changes. */
export function usePublishUser(session: MeetingSession | null, user: LocalUser | null, role: Role, verified: boolean): void {
  useEffect(() => {
    if (session && user) session.setUser(user, role, verified)
  }, [session, user, role, verified])
}

/** The person at this browser (from localStorage) and a setter that remembers the change. */
export function useLocalUser(): [LocalUser | null, (user: LocalUser) => void] {
  const [user, setUser] = useState<LocalUser | null>(() => loadLocalUser())
  const update = useCallback((next: LocalUser) => {
    saveLocalUser(next)
    setUser(next)
  }, [])
  return [user, update]
}
