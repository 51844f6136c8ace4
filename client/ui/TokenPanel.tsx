import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, ROLES, ROLE_INFO, type Invitation, type Role, type TokenInfo } from '../../shared'
import { ApiError } from './api'
import { createToken, fetchTokens, revokeToken } from './adminApi'
import { CopyLink } from './CopyLink'
import { formatMoment } from './format'
import { SignInRolesEditor } from './SignInRolesEditor'
import { errorMessage } from './useSubmit'


/**
 * "Ny personlig lenke": Navn, Organisasjon, Rolle, Gyldig i dager; with sign-in configured also
 * the person's e-mail address, so that they can sign in instead of using the link.
 */
function PersonalLinkForm({
  adminKey,
  meetingId,
  signIn,
  onCreated,
}: {
  adminKey: string
  meetingId: string
  signIn: boolean
  onCreated: (i: Invitation) => void
}) {
  const id = useId()
  const [name, setName] = useState('')
  const [org, setOrg] = useState('')
  const [email, setEmail] = useState('')
  const [role, setRole] = useState<Role>('medlem')
  const [days, setDays] = useState(String(DEFAULT_TOKEN_DAYS))
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null)
  const [busy, setBusy] = useState(false)

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    const expiresInDays = Number(days)
    if (!name.trim()) return setError({ field: 'name', message: 'Skriv navnet til personen lenken er for.' })
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) {
      return setError({ field: 'expiresInDays', message: `Skriv et helt antall dager fra 1 til ${MAX_TOKEN_DAYS}.` })
    }
    setBusy(true)
    setError(null)
    try {
      const invitation = await createToken(adminKey, meetingId, {
        role,
        name: name.trim(),
        org: org.trim() || undefined,
        email: signIn && email.trim() ? email.trim() : undefined,
        expiresInDays,
      })
      setName('')
      setOrg('')
      setEmail('')
      onCreated(invitation)
    } catch (err) {
      setError({ field: err instanceof ApiError ? err.field : null, message: errorMessage(err) })
    } finally {
      setBusy(false)
    }
  }

  const fieldError = (field: string) =>
    error?.field === field ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {error.message}
      </p>
    ) : null
  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': true, 'aria-describedby': `${id}-${field}-error` } : {})

  return (
    <form className="personal-link-form" onSubmit={handleSubmit} noValidate aria-labelledby={`${id}-heading`}>
      <h4 id={`${id}-heading`}>Ny personlig lenke</h4>
      {error && !['name', 'org', 'email', 'role', 'expiresInDays'].includes(error.field ?? '') && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Navn</label>
          <input id={`${id}-name`} value={name} maxLength={200} aria-required="true" onChange={(e) => setName(e.target.value)} {...invalid('name')} />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-org`}>Organisasjon</label>
          <input id={`${id}-org`} value={org} maxLength={200} onChange={(e) => setOrg(e.target.value)} {...invalid('org')} />
          {fieldError('org')}
        </div>
        {signIn && (
          <div className="field">
            <label htmlFor={`${id}-email`}>E-post for innlogging</label>
            <input
              id={`${id}-email`}
              type="email"
              autoComplete="off"
              value={email}
              maxLength={320}
              aria-describedby={`${id}-email-hint`}
              onChange={(e) => setEmail(e.target.value)}
              {...invalid('email')}
            />
            <p id={`${id}-email-hint`} className="hint">
              Valgfritt. Personen kan da logge inn med virksomhetens konto og finne møtet under «Mine møter».
            </p>
            {fieldError('email')}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-role`}>Rolle</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} {...invalid('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_INFO[r].label}
              </option>
            ))}
          </select>
          {fieldError('role')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>Gyldig i dager</label>
          <input
            id={`${id}-days`}
            type="number"
            min={1}
            max={MAX_TOKEN_DAYS}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            {...invalid('expiresInDays')}
          />
          {fieldError('expiresInDays')}
        </div>
      </div>
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        Lag personlig lenke
      </button>
    </form>
  )
}

/** One issued link, with "Trekk tilbake" (confirmed in place before it happens). */
function TokenRow({ token, onRevoke }: { token: TokenInfo; onRevoke: (t: TokenInfo) => Promise<void> }) {
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const who = token.name ?? `rollelenke for ${ROLE_INFO[token.role].label.toLowerCase()}`
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  const expired = Date.parse(token.expiresAt) <= Date.now()
  const status = token.revokedAt ? `Trukket tilbake ${formatMoment(token.revokedAt)}` : expired ? 'Utløpt' : 'Aktiv'
  return (
    <tr>
      <td>{token.name ?? <span className="hint">Rollelenke</span>}</td>
      <td>{token.org ?? ''}</td>
      <td>{ROLE_INFO[token.role].label}</td>
      <td>{formatMoment(token.expiresAt)}</td>
      <td>{status}</td>
      <td>
        {!token.revokedAt && !confirming && (
          <button type="button" aria-label={`Trekk tilbake ${who}`} onClick={() => setConfirming(true)}>
            Trekk tilbake
          </button>
        )}
        {!token.revokedAt && confirming && (
          <span className="confirm-revoke">
            <button
              ref={confirmRef}
              type="button"
              className="danger"
              aria-disabled={busy || undefined}
              onClick={async () => {
                if (busy) return
                setBusy(true)
                await onRevoke(token)
                setBusy(false)
                setConfirming(false)
              }}
            >
              Ja, trekk tilbake {who}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Avbryt
            </button>
          </span>
        )}
      </td>
    </tr>
  )
}

/** Personal links for a meeting: make one, and list (and revoke) every issued link. */
export function TokenPanel({ adminKey, meetingId, meetingLabel, signIn = false }: { adminKey: string; meetingId: string; meetingLabel: string; signIn?: boolean }) {
  const [tokens, setTokens] = useState<TokenInfo[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<Invitation | null>(null)
  const [message, setMessage] = useState('')
  const load = useCallback(() => {
    fetchTokens(adminKey, meetingId).then(
      (list) => setTokens([...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt))),
      (err: unknown) => setError(errorMessage(err)),
    )
  }, [adminKey, meetingId])
  useEffect(load, [load])

  const handleRevoke = async (token: TokenInfo) => {
    try {
      await revokeToken(adminKey, meetingId, token.tokenId)
      setMessage(`Lenken til ${token.name ?? ROLE_INFO[token.role].label} er trukket tilbake.`)
      load()
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  return (
    <div className="token-panel">
      {signIn && <SignInRolesEditor adminKey={adminKey} meetingId={meetingId} />}
      <PersonalLinkForm
        adminKey={adminKey}
        meetingId={meetingId}
        signIn={signIn}
        onCreated={(invitation) => {
          setCreated(invitation)
          setMessage(`Lenken til ${invitation.name ?? ''} er laget.`)
          load()
        }}
      />
      {created && (
        <div className="created-link">
          <p>
            Personlig lenke til <strong>{created.name}</strong> ({ROLE_INFO[created.role].label}), gyldig til {formatMoment(created.expiresAt)}:
          </p>
          <CopyLink url={created.url} label={created.name ?? ROLE_INFO[created.role].label} />
        </div>
      )}
      <p role="status" className="visually-hidden">
        {message}
      </p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {tokens && tokens.length > 0 && (
        <table className="token-table">
          <caption>Utstedte lenker for {meetingLabel}</caption>
          <thead>
            <tr>
              <th scope="col">Navn</th>
              <th scope="col">Organisasjon</th>
              <th scope="col">Rolle</th>
              <th scope="col">Utløper</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Handling</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((t) => (
              <TokenRow key={t.tokenId} token={t} onRevoke={handleRevoke} />
            ))}
          </tbody>
        </table>
      )}
      {tokens && tokens.length === 0 && <p className="hint">Ingen lenker er utstedt.</p>}
    </div>
  )
}
