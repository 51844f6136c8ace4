import { Suspense, lazy, useId, useState, type FormEvent } from 'react'
import { canWriteMinutes, type MeetingState, type MinutesDiff, type Role, type VersionInfo } from '../../shared'
import { useT, withNamespaces } from '../i18n'
import { roleLabel } from '../i18n/minutesLabels'
import { useAnnounce } from './announcer'
import { fetchDiff } from './api'
import { actorName, flagsAllowed, formatMoment } from './format'
import './versions.css'
import { errorMessage } from './useSubmit'
import { ApproveForm, SaveVersionForm } from './writerTools'

/** The select value meaning "the minutes as they are now". */
const NOW = 'current'

/**
 * The diff and its words (`editor` catalogue), fetched the first time a reader asks for one
 * (DiffView.tsx). The panel is on the reader's first render: its own words are in `common`.
 */
const DiffView = lazy(withNamespaces(['editor'], () => import('./DiffView').then((m) => ({ default: m.DiffView }))))

/**
 * Beside the title: "Godkjent …" once approved, else the comment deadline after closing and
 * "Merknadsfristen er ute" once it has passed.
 */
export function MeetingStatusNote({ state, nowMs }: { state: MeetingState; nowMs: number }) {
  const t = useT()
  if (state.approvedAt) {
    const when = formatMoment(state.approvedAt)
    return (
      <p className="status-note status-approved">
        <span aria-hidden="true">✓ </span>
        {state.approvedInMeeting
          ? t('common.versions.approvedIn', { when, meeting: state.approvedInMeeting })
          : t('common.versions.approved', { when })}
      </p>
    )
  }
  if (!state.closedAt || !state.commentDeadline) return null
  if (!flagsAllowed(state.closedAt, state.commentDeadline, nowMs)) return <p className="status-note">{t('common.versions.deadlinePassed')}</p>
  return <p className="status-note">{t('common.versions.deadline', { when: formatMoment(state.commentDeadline) })}</p>
}

function CompareForm({ versions, meetingId, token }: { versions: readonly VersionInfo[]; meetingId: string; token: string }) {
  const id = useId()
  const [from, setFrom] = useState('')
  const [to, setTo] = useState(NOW)
  const [diff, setDiff] = useState<MinutesDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const t = useT()
  const announce = useAnnounce()
  const fromValue = from || versions.at(-1)?.id || NOW
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      const next = await fetchDiff(token, meetingId, fromValue, to)
      setDiff(next)
      // Through the page's one live region (announcer.tsx), not a region of the form's own.
      announce(next.unchanged ? t('common.versions.noDifferences') : t('common.versions.changedSaker', { count: next.saker.length }))
    } catch (err) {
      setDiff(null)
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }
  const options = (
    <>
      {versions.map((v) => (
        <option key={v.id} value={v.id}>
          {v.name} ({formatMoment(v.createdAt)})
        </option>
      ))}
      <option value={NOW}>{t('common.versions.now')}</option>
    </>
  )
  return (
    <form className="compare-form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-from`}>{t('common.versions.from')}</label>
        <select id={`${id}-from`} value={fromValue} onChange={(e) => setFrom(e.target.value)}>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>{t('common.versions.to')}</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
          {options}
        </select>
      </div>
      <button type="submit" aria-disabled={busy || undefined}>
        {busy ? t('common.versions.comparing') : t('common.versions.compareButton')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <Suspense fallback={null}>{diff && <DiffView diff={diff} />}</Suspense>
    </form>
  )
}

/**
 * "Versjoner": the named versions of the minutes (live from the register), saving a new one and
 * approving the referat (sekretær, møteleder), and a readable diff between any two or "nå".
 */
export function VersionsPanel({
  versions,
  state,
  role,
  meetingId,
  token,
  announce,
}: {
  versions: readonly VersionInfo[]
  state: MeetingState
  role: Role
  meetingId: string
  token: string
  announce: (message: string) => void
}) {
  const mayWrite = canWriteMinutes(role)
  const t = useT()
  return (
    <aside aria-labelledby="versions-heading" className="panel versions">
      <h2 id="versions-heading">{t('common.versions.title')}</h2>
      {versions.length === 0 ? (
        <p className="hint">{t('common.versions.none')}</p>
      ) : (
        <ol className="version-list">
          {versions.map((v) => (
            <li key={v.id}>
              <span className="version-name">{v.name}</span>
              <span className="version-meta">
                {formatMoment(v.createdAt)}, {v.createdBy.name ?? roleLabel(v.createdBy.role)}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Suspense fallback={null}>{mayWrite && <SaveVersionForm meetingId={meetingId} token={token} announce={announce} />}</Suspense>
      <h3>{t('common.versions.compare')}</h3>
      <CompareForm versions={versions} meetingId={meetingId} token={token} />
      <Suspense fallback={null}>
        {mayWrite && state.closedAt && !state.approvedAt && <ApproveForm meetingId={meetingId} token={token} announce={announce} />}
      </Suspense>
      {state.approvedAt && (
        <p className="hint">
          {state.approvedInMeeting
            ? t('common.versions.approvedByIn', { when: formatMoment(state.approvedAt), who: actorName(state.approvedBy ?? null), meeting: state.approvedInMeeting })
            : t('common.versions.approvedBy', { when: formatMoment(state.approvedAt), who: actorName(state.approvedBy ?? null) })}
        </p>
      )}
    </aside>
  )
}
