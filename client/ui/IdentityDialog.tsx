import { useEffect, useState, type FormEvent } from 'react'
import { MAX_USER_NAME_CHARS, parseLocalUser, roleLabel, type LocalUser } from '../sync'
import type { Role } from '../../shared'
import { useT } from '../i18n'
import { Dialog } from './Dialog'

/**
 * "Hvem er du?": the name, asked when the invitation link is a role invitation (it names no
 * one) and whenever the person wants to change it. The role comes from the link and is only
 * shown. On the first visit it cannot be dismissed: others need a name to see.
 */
export function IdentityDialog({
  open,
  current,
  role,
  onSave,
  onClose,
}: {
  open: boolean
  current: LocalUser | null
  role: Role
  onSave: (user: LocalUser) => void
  onClose: () => void
}) {
  const t = useT()
  const [name, setName] = useState(current?.name ?? '')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    setName(current?.name ?? '')
    setError(null)
  }, [open, current])

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    const user = parseLocalUser({ name })
    if (!user) {
      setError(t('common.identity.nameMissing'))
      document.getElementById('identity-name')?.focus()
      return
    }
    onSave(user)
  }

  return (
    <Dialog open={open} onClose={onClose} labelledBy="identity-heading" dismissible={current !== null} className="identity-dialog">
      <form onSubmit={handleSubmit} noValidate>
        <h2 id="identity-heading">{t('common.identity.heading')}</h2>
        <p className="hint">
          {t('common.identity.introRole')} <strong>{roleLabel(role).toLowerCase()}</strong> {t('common.identity.introRest')}
        </p>
        <div className="field">
          <label htmlFor="identity-name">{t('common.identity.name')}</label>
          <input
            id="identity-name"
            value={name}
            maxLength={MAX_USER_NAME_CHARS}
            autoComplete="name"
            aria-required="true"
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'identity-name-error' : undefined}
            onChange={(e) => setName(e.target.value)}
            autoFocus
          />
          {error && (
            <p id="identity-name-error" className="field-error">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          {current && (
            <button type="button" onClick={onClose}>
              {t('common.action.cancel')}
            </button>
          )}
          <button type="submit" className="primary">
            {t('common.action.save')}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
