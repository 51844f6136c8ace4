import { useCallback, useEffect, useRef, useState } from 'react'
import type { SessionSummary } from '../../shared'
import { useT } from '../i18n'
import { fetchSessions, revokeSession } from './adminApi'
import { formatShortInstant } from './localFormat'
import { signOut } from './signIn'

type State = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; sessions: readonly SessionSummary[]; all: boolean }

const when = formatShortInstant
const whoOf = (s: SessionSummary) => s.name ?? s.email ?? s.subject

/**
 * "Innlogginger": the active sign-ins, an admin's view of everyone's (to end a lost laptop's or a
 * departed member's session at once) or a person's own (to sign out the browser left at work).
 * Ending one closes its open meetings on every server node; ending this browser's own signs out.
 */
export function SessionsPanel({ credential }: { credential: string }) {
  const t = useT()
  const [state, setState] = useState<State>({ kind: 'loading' })
  const [message, setMessage] = useState('')
  const heading = useRef<HTMLHeadingElement>(null)
  const load = useCallback(() => {
    fetchSessions(credential).then(
      (answer) => setState({ kind: 'ready', ...answer }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  }, [credential])
  useEffect(load, [load])

  const end = async (session: SessionSummary) => {
    if (session.current) return signOut()
    try {
      await revokeSession(credential, session.id)
      setMessage(t('admin.sessions.ended', { who: whoOf(session) }))
      load()
      // The button is gone: keep the keyboard in the panel.
      heading.current?.focus()
    } catch (err) {
      setMessage(err instanceof Error ? err.message : String(err))
    }
  }

  const title = state.kind === 'ready' && state.all ? t('admin.sessions.headingAll') : t('admin.sessions.headingOwn')
  return (
    <section aria-labelledby="sessions-heading" className="sessions panel">
      <h2 id="sessions-heading" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <p role="status" className="list-status">
        {state.kind === 'loading' ? t('admin.sessions.loading') : message}
      </p>
      {state.kind === 'error' && (
        <div role="alert" className="form-error">
          <p>{state.message}</p>
          <button type="button" onClick={load}>
            {t('admin.list.retry')}
          </button>
        </div>
      )}
      {state.kind === 'ready' && (
        <ul className="session-list">
          {state.sessions.map((s) => (
            <li key={s.id} className="session-entry">
              <span className="session-who">
                <strong>{whoOf(s)}</strong>
                {s.email && s.name && <span> ({s.email})</span>}
                {s.isAdmin && <span className="session-tag">{t('admin.sessions.admin')}</span>}
                {s.current && <span className="session-tag">{t('admin.sessions.thisBrowser')}</span>}
              </span>
              <span className="session-times">{t('admin.sessions.times', { since: when(s.createdAt), until: when(s.expiresAt) })}</span>
              <button
                type="button"
                onClick={() => void end(s)}
                aria-label={
                  s.current
                    ? t('admin.sessions.endThisLabel', { who: whoOf(s), since: when(s.createdAt) })
                    : t('admin.sessions.endLabel', { who: whoOf(s), since: when(s.createdAt) })
                }
              >
                {t('admin.header.signOut')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
