import { useT } from '../i18n'
import { roleLabel, usePresence, type MeetingSession } from '../sync'

/** Who is connected to this meeting now: colour of the role, name (marked when not verified), role. */
export function PresenceList({ session }: { session: MeetingSession }) {
  const t = useT()
  const people = usePresence(session)
  return (
    <aside aria-labelledby="presence-heading" className="panel presence">
      <h2 id="presence-heading">{t('common.presence.heading', { count: people.length })}</h2>
      {people.length === 0 ? (
        <p className="hint">{t('common.presence.nobody')}</p>
      ) : (
        <ul className="presence-list">
          {people.map((p) => (
            <li key={p.clientId}>
              <span className="swatch" style={{ backgroundColor: p.color }} aria-hidden="true" />
              <span className="presence-name">
                {p.name || roleLabel(p.role)}
                {p.isSelf && ` ${t('common.presence.self')}`}
                {!p.verified && <span className="unverified"> {t('common.presence.unverified')}</span>}
              </span>
              <span className="presence-role">{roleLabel(p.role)}</span>
            </li>
          ))}
        </ul>
      )}
    </aside>
  )
}
