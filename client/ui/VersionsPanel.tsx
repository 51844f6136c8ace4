import { Suspense, lazy, useId, useState, type FormEvent } from 'react'
import { ROLE_INFO, canWriteMinutes, type MeetingState, type MinutesDiff, type Role, type VersionInfo } from '../../shared'
import { useAnnounce } from './announcer'
import { fetchDiff } from './api'
import { actorName, flagsAllowed, formatMoment } from './format'
import './versions.css'
import { errorMessage } from './useSubmit'
import { ApproveForm, SaveVersionForm } from './writerTools'

/** The select value meaning "the minutes as they are now". */
const NOW = 'current'

/** The diff, fetched the first time a reader asks for one (DiffView.tsx). */
const DiffView = lazy(() => import('./DiffView').then((m) => ({ default: m.DiffView })))

/**
 * Beside the title: "Godkjent …" once approved, else the comment deadline after closing and
 * "Merknadsfristen er ute" once it has passed.
 */
export function MeetingStatusNote({ state, nowMs }: { state: MeetingState; nowMs: number }) {
  if (state.approvedAt) {
    return (
      <p className="status-note status-approved">
        <span aria-hidden="true">✓ </span>Godkjent {formatMoment(state.approvedAt)}
        {state.approvedInMeeting && ` i ${state.approvedInMeeting}`}
      </p>
    )
  }
  if (!state.closedAt || !state.commentDeadline) return null
  if (!flagsAllowed(state.closedAt, state.commentDeadline, nowMs)) return <p className="status-note">Merknadsfristen er ute</p>
  return <p className="status-note">Merknadsfrist: {formatMoment(state.commentDeadline)}</p>
}

function CompareForm({ versions, meetingId, token }: { versions: readonly VersionInfo[]; meetingId: string; token: string }) {
  const id = useId()
  const [from, setFrom] = useState('')
  const [to, setTo] = useState(NOW)
  const [diff, setDiff] = useState<MinutesDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
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
      announce(next.unchanged ? 'Ingen forskjeller.' : `${next.saker.length} saker med endringer.`)
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
      <option value={NOW}>Nå (referatet slik det er)</option>
    </>
  )
  return (
    <form className="compare-form" onSubmit={handleSubmit} noValidate>
      <div className="field">
        <label htmlFor={`${id}-from`}>Fra</label>
        <select id={`${id}-from`} value={fromValue} onChange={(e) => setFrom(e.target.value)}>
          {options}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-to`}>Til</label>
        <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
          {options}
        </select>
      </div>
      <button type="submit" aria-disabled={busy || undefined}>
        {busy ? 'Sammenligner …' : 'Vis endringer'}
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
  return (
    <aside aria-labelledby="versions-heading" className="panel versions">
      <h2 id="versions-heading">Versjoner</h2>
      {versions.length === 0 ? (
        <p className="hint">Ingen lagrede versjoner ennå.</p>
      ) : (
        <ol className="version-list">
          {versions.map((v) => (
            <li key={v.id}>
              <span className="version-name">{v.name}</span>
              <span className="version-meta">
                {formatMoment(v.createdAt)}, {v.createdBy.name ?? ROLE_INFO[v.createdBy.role].label}
              </span>
            </li>
          ))}
        </ol>
      )}
      <Suspense fallback={null}>{mayWrite && <SaveVersionForm meetingId={meetingId} token={token} announce={announce} />}</Suspense>
      <h3>Sammenlign</h3>
      <CompareForm versions={versions} meetingId={meetingId} token={token} />
      <Suspense fallback={null}>
        {mayWrite && state.closedAt && !state.approvedAt && <ApproveForm meetingId={meetingId} token={token} announce={announce} />}
      </Suspense>
      {state.approvedAt && (
        <p className="hint">
          Godkjent {formatMoment(state.approvedAt)} av {actorName(state.approvedBy ?? null)}
          {state.approvedInMeeting && `, i ${state.approvedInMeeting}`}.
        </p>
      )}
    </aside>
  )
}
