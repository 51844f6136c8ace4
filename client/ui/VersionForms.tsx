import { useId, useState, type FormEvent } from 'react'
import { MAX_APPROVED_IN_CHARS, MAX_VERSION_NAME_CHARS } from '../../shared'
import { useT } from '../i18n'
import { approveMeeting, createVersion } from './api'
import { useSubmit } from './useSubmit'

// The writing roles' forms in "Versjoner" (VersionsPanel): saving a named version and marking the
// referat approved. Loaded only when a writing role renders them (writerTools.tsx).

/** Names the secretary usually gives a version (catalogue keys). */
const NAME_SUGGESTIONS = ['editor.versions.suggestion.draft', 'editor.versions.suggestion.final'] as const

/** "Lagre versjon": a named, immutable copy of the minutes as they are now. */
export function SaveVersionForm({ meetingId, token, announce }: { meetingId: string; token: string; announce: (m: string) => void }) {
  const id = useId()
  const [name, setName] = useState('')
  const { busy, error, setError, run } = useSubmit()
  const t = useT()
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return setError(t('editor.versions.nameMissing'))
    await run(async () => {
      const version = await createVersion(token, meetingId, name.trim())
      setName('')
      announce(t('editor.versions.saved', { name: version.name }))
    })
  }
  return (
    <form className="version-form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('editor.versions.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          maxLength={MAX_VERSION_NAME_CHARS}
          aria-describedby={`${id}-hint`}
          aria-invalid={error ? true : undefined}
          onChange={(e) => setName(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t('editor.versions.suggestions')}{' '}
          {NAME_SUGGESTIONS.map((s, i) => (
            <span key={s}>
              {i > 0 && ', '}
              <button type="button" className="link-button" onClick={() => setName(t(s))}>
                {t(s)}
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
        {busy ? t('editor.versions.saving') : t('editor.versions.save')}
      </button>
    </form>
  )
}

/** "Marker som godkjent", once the meeting is closed. */
export function ApproveForm({ meetingId, token, announce }: { meetingId: string; token: string; announce: (m: string) => void }) {
  const id = useId()
  const [where, setWhere] = useState('')
  const { busy, error, run } = useSubmit()
  const t = useT()
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    await run(async () => {
      const { version } = await approveMeeting(token, meetingId, where.trim() || null)
      announce(t('editor.versions.approved', { name: version.name }))
    })
  }
  return (
    <form className="approve-form" onSubmit={handleSubmit} noValidate>
      <h3>{t('editor.versions.approval')}</h3>
      <div className="field">
        <label htmlFor={`${id}-where`}>{t('editor.versions.approvedIn')}</label>
        <input
          id={`${id}-where`}
          value={where}
          maxLength={MAX_APPROVED_IN_CHARS}
          placeholder={t('editor.versions.approvedInPlaceholder')}
          aria-describedby={`${id}-hint`}
          onChange={(e) => setWhere(e.target.value)}
        />
        <p id={`${id}-hint`} className="hint">
          {t('editor.versions.approvedInHint')}
        </p>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="primary" aria-disabled={busy || undefined}>
        {busy ? t('editor.versions.approving') : t('editor.versions.approve')}
      </button>
    </form>
  )
}
