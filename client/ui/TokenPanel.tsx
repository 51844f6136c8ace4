import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, ROLES, type Invitation, type Role, type TokenInfo } from '../../shared'
import { useT } from '../i18n'
import { roleLabel } from '../i18n/minutesLabels'
import { ApiError } from './api'
import { createToken, fetchTokens, revokeToken } from './adminApi'
import { CopyLink } from './CopyLink'
import { formatInstant } from './localFormat'
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
  const t = useT()
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
    if (!name.trim()) return setError({ field: 'name', message: t('admin.tokens.nameMissing') })
    if (!Number.isInteger(expiresInDays) || expiresInDays < 1 || expiresInDays > MAX_TOKEN_DAYS) {
      return setError({ field: 'expiresInDays', message: t('admin.tokens.daysInvalid', { max: MAX_TOKEN_DAYS }) })
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
      <h4 id={`${id}-heading`}>{t('admin.tokens.newHeading')}</h4>
      {error && !['name', 'org', 'email', 'role', 'expiresInDays'].includes(error.field ?? '') && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('admin.tokens.name')}</label>
          <input id={`${id}-name`} value={name} maxLength={200} aria-required="true" onChange={(e) => setName(e.target.value)} {...invalid('name')} />
          {fieldError('name')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-org`}>{t('admin.tokens.org')}</label>
          <input id={`${id}-org`} value={org} maxLength={200} onChange={(e) => setOrg(e.target.value)} {...invalid('org')} />
          {fieldError('org')}
        </div>
        {signIn && (
          <div className="field">
            <label htmlFor={`${id}-email`}>{t('admin.tokens.email')}</label>
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
              {t('admin.tokens.emailHint')}
            </p>
            {fieldError('email')}
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-role`}>{t('admin.tokens.role')}</label>
          <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} {...invalid('role')}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
          {fieldError('role')}
        </div>
        <div className="field">
          <label htmlFor={`${id}-days`}>{t('admin.tokens.days')}</label>
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
        {t('admin.tokens.create')}
      </button>
    </form>
  )
}

/** One issued link, with "Trekk tilbake" (confirmed in place before it happens). */
function TokenRow({ token, onRevoke }: { token: TokenInfo; onRevoke: (t: TokenInfo) => Promise<void> }) {
  const t = useT()
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const confirmRef = useRef<HTMLButtonElement>(null)
  const who = token.name ?? t('admin.tokens.roleLinkFor', { role: roleLabel(token.role).toLowerCase() })
  useEffect(() => {
    if (confirming) confirmRef.current?.focus()
  }, [confirming])
  const expired = Date.parse(token.expiresAt) <= Date.now()
  const status = token.revokedAt
    ? t('admin.tokens.revokedAt', { when: formatInstant(token.revokedAt) })
    : expired
      ? t('admin.tokens.expired')
      : t('admin.tokens.active')
  return (
    <tr>
      <td>{token.name ?? <span className="hint">{t('admin.tokens.roleLink')}</span>}</td>
      <td>{token.org ?? ''}</td>
      <td>{roleLabel(token.role)}</td>
      <td>{formatInstant(token.expiresAt)}</td>
      <td>{status}</td>
      <td>
        {!token.revokedAt && !confirming && (
          <button type="button" aria-label={t('admin.tokens.revokeLabel', { who })} onClick={() => setConfirming(true)}>
            {t('admin.tokens.revoke')}
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
              {t('admin.tokens.revokeConfirm', { who })}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              {t('admin.tokens.cancel')}
            </button>
          </span>
        )}
      </td>
    </tr>
  )
}

/** Personal links for a meeting: make one, and list (and revoke) every issued link. */
export function TokenPanel({ adminKey, meetingId, meetingLabel, signIn = false }: { adminKey: string; meetingId: string; meetingLabel: string; signIn?: boolean }) {
  const t = useT()
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
      setMessage(t('admin.tokens.revoked', { who: token.name ?? roleLabel(token.role) }))
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
          setMessage(t('admin.tokens.created', { who: invitation.name ?? roleLabel(invitation.role) }))
          load()
        }}
      />
      {created && (
        <div className="created-link">
          <p>
            {t('admin.tokens.createdLinkTo')} <strong>{created.name}</strong>{' '}
            {t('admin.tokens.createdDetails', { role: roleLabel(created.role), until: formatInstant(created.expiresAt) })}
          </p>
          <CopyLink url={created.url} label={created.name ?? roleLabel(created.role)} />
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
          <caption>{t('admin.tokens.caption', { meeting: meetingLabel })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.tokens.name')}</th>
              <th scope="col">{t('admin.tokens.org')}</th>
              <th scope="col">{t('admin.tokens.role')}</th>
              <th scope="col">{t('admin.tokens.expires')}</th>
              <th scope="col">{t('admin.tokens.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.tokens.action')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <TokenRow key={token.tokenId} token={token} onRevoke={handleRevoke} />
            ))}
          </tbody>
        </table>
      )}
      {tokens && tokens.length === 0 && <p className="hint">{t('admin.tokens.none')}</p>}
    </div>
  )
}
