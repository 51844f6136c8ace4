import { useEffect, useId, useState, type FormEvent } from 'react'
import { ROLES, ROLE_INFO, type Role } from '../../shared'
import { fetchSignInRoles, saveSignInRoles } from './adminApi'
import { errorMessage } from './useSubmit'

/**
 * "Krever innlogging": which roles of the meeting must sign in with the organisation's account
 * instead of using a link (only with sign-in configured). A link of such a role is refused, and
 * open link connections of it are closed when it is saved.
 */
export function SignInRolesEditor({ adminKey, meetingId }: { adminKey: string; meetingId: string }) {
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
          ? 'Lagret: alle roller kan bruke lenker.'
          : `Lagret: ${answer.roles.map((r) => ROLE_INFO[r].label.toLowerCase()).join(', ')} må logge inn.`,
      )
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="sign-in-roles" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>Krever innlogging</h4>
      <p className="hint" id={`${id}-hint`}>
        Roller som er krysset av, må logge inn med virksomhetens konto. Lenker til disse rollene virker ikke, og åpne tilkoblinger med slike lenker
        stenges når du lagrer.{!chosen && ' Nå gjelder standarden: møteleder og sekretær.'}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {roles && (
        <fieldset aria-describedby={`${id}-hint`}>
          <legend className="visually-hidden">Roller som må logge inn</legend>
          {ROLES.map((role) => (
            <label key={role} className="checkbox">
              <input type="checkbox" checked={roles.has(role)} onChange={(e) => toggle(role, e.target.checked)} /> {ROLE_INFO[role].label}
            </label>
          ))}
        </fieldset>
      )}
      <button type="submit" aria-disabled={busy || !roles || undefined}>
        Lagre innloggingskrav
      </button>
      <p role="status" className="hint">
        {message}
      </p>
    </form>
  )
}
