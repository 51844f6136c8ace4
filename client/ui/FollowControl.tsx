import { createPortal } from 'react-dom'
import { useT } from '../i18n'
import type { Follow } from './useFollow'
import './follow.css'

/**
 * "Følg referenten": a switch at the bottom of the page, and when the person's own reading
 * paused it, "Du følger ikke lenger referenten" with "Følg igjen". Fixed in place, so it can be
 * reached from wherever the person scrolled to.
 */
export function FollowControl({ follow }: { follow: Follow }) {
  const t = useT()
  const { mode, dispatch } = follow
  return (
    <aside className="follow-control" aria-label={t('common.follow.control')}>
      <label className="follow-toggle">
        <input type="checkbox" checked={mode === 'following'} onChange={(event) => dispatch({ type: 'toggle', on: event.target.checked })} />
        {t('common.follow.control')}
      </label>
      {mode === 'paused' && (
        <p className="follow-paused">
          {t('common.follow.paused')}{' '}
          <button type="button" onClick={() => dispatch({ type: 'resume' })}>
            {t('common.follow.resume')}
          </button>
        </p>
      )}
      {mode === 'following' && !follow.position && <p className="follow-waiting">{t('common.follow.waiting')}</p>}
    </aside>
  )
}

/** A thin bar in the margin beside the line where the secretary's text grows (decorative). */
export function FollowMarker({ follow }: { follow: Follow }) {
  if (!follow.marker) return null
  const { top, left, height } = follow.marker
  return createPortal(<div className="follow-marker" aria-hidden="true" style={{ top, left, height }} />, document.body)
}
