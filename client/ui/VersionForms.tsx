import { useId, useState, type FormEvent } from 'react'
import { MAX_APPROVED_IN_CHARS, MAX_VERSION_NAME_CHARS } from '../../shared'
import { approveMeeting, createVersion } from './api'
import { useSubmit } from './useSubmit'

// The writing roles' forms in "Versjoner" (VersionsPanel): saving a named version and marking the
// referat approved. Loaded only when a writing role renders them (writerTools.tsx).

/** Names the secretary usually gives a version. */
const NAME_SUGGESTIONS = ['Utkast til medlemmer', 'Endelig'] as const

/** "Lagre versjon": a named, immutable copy of the minutes as they are now. */
export function SaveVersionForm({ meetingId, token, announce }: { meetingId: string; token: string; announce: (m: string) => void }) {
  const id = useId()
  const [name, setName] = useState('')
  const { busy, error, setError, run } = useSubmit()
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return setError('Skriv et navn på versjonen.')
    await run(async () => {
      const version = await createVersion(token, meetingId, name.trim())
      setName('')
      announce(`Versjonen «${version.name}» er lagret.`)
    })
  }
  return (
    <form className="version-form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>Navn på versjonen</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={MAX_VERSION_NAME_CHARS}
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          Forslag:{' '}
          {NAME_SUGGESTIONS.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <button type="button" className="link-button" onClick={() => setName(s)}>
                {s}
              </button>
            </span>
          ))}
        </p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" aria-disabled={busy || undefined}>
        {busy ? 'Lagrer …' : 'Lagre versjon'}
      </button>
    </form>
  )
}

/** "Marker som godkjent", once the meeting is closed. */
export function ApproveForm({ meetingId, token, announce }: { meetingId: string; token: string; announce: (m: string) => void }) {
  const id = useId()
  const [where, setWhere] = useState('')
  const { busy, error, run } = useSubmit()
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    await run(async () => {
      const { version } = await approveMeeting(token, meetingId, where.trim() || null)
      announce(`Referatet er markert som godkjent. Versjonen «${version.name}» er lagret.`)
    })
  }
  return (
    <form className="approve-form" onSubmit={handleSubmit} noValidate>
      <h3>Godkjenning</h3>
      <div className="field">
        <label htmlFor={`${id}-where`}>Godkjent i møte</label>
        <input
          id={`${id}-where`}
          value={where}
          maxLength={MAX_APPROVED_IN_CHARS}
          placeholder="møte 4/2023"
          aria-describedby={`${id}-hint`}
          onChange={(e) => setWhere(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          Valgfritt. Etter godkjenning kan merknader ikke lenger behandles.
        </p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        {busy ? 'Godkjenner …' : 'Marker som godkjent'}
      </button>
    </form>
  )
}
