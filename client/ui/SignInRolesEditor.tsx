import { useEffect, useId, useState, type FormEvent } from 'react'
import { ROLES, type Role } from '../../shared'
import { useT } from '../i18n'
import { roleLabel } from '../i18n/minutesLabels'
import { fetchSignInRoles, saveSignInRoles } from './adminApi'
import { errorMessage } from './useSubmit'

/**
 * "Krever innlogging": which roles of the meeting must sign in with the organisation's account
 * instead of using a link (only with sign-in configured). A link of such a role is refused, and
 * open link connections of it are closed when it is saved.
 */
export function SignInRolesEditor({ adminKey, meetingId }: { adminKey: string; meetingId: string }) {
  const t = useT()
  const id = useId()
  const [roles, setRoles] = useState<Set<Role> | null>(null)
  const [chosen, setChosen] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    fetchSignInRoles(adminKey, meetingId).then(
      (answer) => {
        if (!live) return
        setRoles(new Set(answer.roles))
        setChosen(answer.chosen)
      },
      (err: unknown) => live && setError(errorMessage(err)),
    )
    return () => {
      live = false
    }
  }, [adminKey, meetingId])

  const toggle = (role: Role, on: boolean) => {
    const next = new Set(roles)
    if (on) next.add(role)
    else next.delete(role)
    setRoles(next)
    setMessage('')
  }

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy || !roles) return
    setBusy(true)
    setError(null)
    try {
      const answer = await saveSignInRoles(
        adminKey,
        meetingId,
        ROLES.filter((r) => roles.has(r)),
      )
      setRoles(new Set(answer.roles))
      setChosen(answer.chosen)
      setMessage(
        answer.roles.length === 0
          ? t('admin.signInRoles.savedNone')
          : t('admin.signInRoles.saved', { roles: answer.roles.map((r) => roleLabel(r).toLowerCase()).join(', ') }),
      )
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="sign-in-roles" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>{t('admin.signInRoles.heading')}</h4>
      <p className="hint" id={`${id}-hint`}>
        {t('admin.signInRoles.hint')}
        {!chosen && ` ${t('admin.signInRoles.defaultNote')}`}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {roles && (
        <fieldset aria-describedby={`${id}-hint`}>
          <legend className="visually-hidden">{t('admin.signInRoles.legend')}</legend>
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" checked={roles.has(role)} onChange={(e) => toggle(role, e.target.checked)} /> {roleLabel(role)}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" aria-disabled={busy || !roles || undefined}>
        {t('admin.signInRoles.save')}
      </button>
      <p role="status" className="hint">
        {message}
      </p>
    </form>
  )
}
