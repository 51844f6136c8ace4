import { useEffect, useState, type FormEvent } from 'react'
import { MAX_USER_NAME_CHARS, ROLES, parseLocalUser, type LocalUser, type Role } from '../sync'
import { Dialog } from './Dialog'

/**
 * "Hvem er du?": name and role, asked on the first visit (no login yet) and whenever the user
 * wants to change them. On the first visit it cannot be dismissed: others need a name to see.
 */
export function IdentityDialog({
  open,
  current,
  onSave,
  onClose,
}: {
  open: boolean
  current: LocalUser | null
  onSave: (user: LocalUser) => void
  onClose: () => void
}) {
  const [name, setName] = useState(current?.name ?? '')
  const [role, setRole] = useState<Role>(current?.role ?? 'sekretær')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    if (!open) return
    setName(current?.name ?? '')
    setRole(current?.role ?? 'sekretær')
    setError(null)
  }, [open, current])

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    const user = parseLocalUser({ name, role })
    if (!user) {
      setError('Skriv navnet ditt.')
      document.getElementById('identity-name')?.focus()
      return
    }
    onSave(user)
  }

  return (
    <Dialog open={open} onClose={onClose} labelledBy="identity-heading" dismissible={current !== null} className="identity-dialog">
      <form onSubmit={handleSubmit} noValidate>
        <h2 id="identity-heading">Hvem er du?</h2>
        <p className="hint">Navnet og rollen vises for de andre i møtet, ved markøren din og i listen over tilkoblede.</p>
        <div className="field">
          <label htmlFor="identity-name">Navn</label>
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
        <fieldset className="role-choice">
          <legend>Rolle</legend>
          {ROLES.map((r) => (
            <label key={r.value} className="radio">
              <input type="radio" name="role" value={r.value} checked={role === r.value} onChange={() => setRole(r.value)} />
              <span className="swatch" style={{ backgroundColor: r.color }} aria-hidden="true" />
              {r.label}
            </label>
          ))}
        </fieldset>
        <div className="dialog-actions">
          {current && (
            <button type="button" onClick={onClose}>
              Avbryt
            </button>
          )}
          <button type="submit" className="primary">
            Lagre
          </button>
        </div>
      </form>
    </Dialog>
  )
}
