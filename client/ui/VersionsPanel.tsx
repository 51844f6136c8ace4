import { useId, useState, type FormEvent } from 'react'
import {
  MAX_APPROVED_IN_CHARS,
  MAX_VERSION_NAME_CHARS,
  ROLE_INFO,
  canWriteMinutes,
  type DiffPart,
  type MeetingState,
  type MinutesDiff,
  type Role,
  type SakDiff,
  type SectionDiff,
  type VersionInfo,
} from '../../shared'
import { approveMeeting, createVersion, fetchDiff } from './api'
import { actorName, flagsAllowed, formatMoment } from './format'
import './versions.css'
import { errorMessage, useSubmit } from './useSubmit'

/** Names the secretary usually gives a version. */
const NAME_SUGGESTIONS = ['Utkast til medlemmer', 'Endelig'] as const
/** The select value meaning "the minutes as they are now". */
const NOW = 'current'

const STATUS_WORD = { added: 'lagt til', removed: 'fjernet', changed: 'endret' } as const


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

/** One run of text; added and removed runs carry a visible sign and words for screen readers. */
function Part({ part }: { part: DiffPart }) {
  if (part.kind === 'same') return <span>{part.text}</span>
  const Tag = part.kind === 'added' ? 'ins' : 'del'
  return (
    <Tag className={`diff-${part.kind}`}>
      <span className="visually-hidden">{part.kind === 'added' ? '[lagt til: ' : '[fjernet: '}</span>
      <span className="diff-sign" aria-hidden="true">
        {part.kind === 'added' ? '+' : '−'}
      </span>
      {part.text}
      <span className="visually-hidden">]</span>
    </Tag>
  )
}

function Section({ section }: { section: SectionDiff }) {
  return (
    <div className="diff-section">
      <h5>
        {section.label} <span className="diff-status">({STATUS_WORD[section.status]})</span>
      </h5>
      <p className="diff-text">
        {section.parts.map((part, i) => (
          <Part key={i} part={part} />
        ))}
      </p>
    </div>
  )
}

function SakEntry({ sak }: { sak: SakDiff }) {
  const what = sak.agendaItemId === null && sak.number !== null ? 'Eventuelt' : `Sak ${sak.number ?? ''}`
  return (
    <li className={`diff-sak diff-sak-${sak.status}`}>
      <h4>
        {what.trim()} {sak.title} <span className="diff-status">({STATUS_WORD[sak.status]})</span>
      </h4>
      {sak.sections.map((s) => (
        <Section key={s.key} section={s} />
      ))}
    </li>
  )
}

/** The diff, readable per sak. */
export function DiffView({ diff }: { diff: MinutesDiff }) {
  if (diff.unchanged) return <p className="hint">Ingen forskjeller.</p>
  const groups = [
    { title: 'Toppteksten', sections: diff.header },
    { title: 'Medlemmer', sections: diff.attendance },
  ].filter((g) => g.sections.length > 0)
  return (
    <div className="diff-view">
      <p className="diff-legend">
        <ins className="diff-added">
          <span className="diff-sign" aria-hidden="true">+</span>lagt til
        </ins>{' '}
        <del className="diff-removed">
          <span className="diff-sign" aria-hidden="true">−</span>fjernet
        </del>
      </p>
      {groups.map((g) => (
        <section key={g.title} aria-label={g.title}>
          <h4>{g.title}</h4>
          {g.sections.map((s) => (
            <Section key={s.key} section={s} />
          ))}
        </section>
      ))}
      {diff.saker.length > 0 && (
        <ol className="diff-saker" aria-label="Endrede saker">
          {diff.saker.map((sak, i) => (
            <SakEntry key={sak.agendaItemId ?? `${sak.number}-${i}`} sak={sak} />
          ))}
        </ol>
      )}
    </div>
  )
}

function SaveVersionForm({ meetingId, token, announce }: { meetingId: string; token: string; announce: (m: string) => void }) {
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

function CompareForm({ versions, meetingId, token }: { versions: readonly VersionInfo[]; meetingId: string; token: string }) {
  const id = useId()
  const [from, setFrom] = useState('')
  const [to, setTo] = useState(NOW)
  const [diff, setDiff] = useState<MinutesDiff | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const fromValue = from || versions.at(-1)?.id || NOW
  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (busy) return
    setBusy(true)
    setError(null)
    try {
      setDiff(await fetchDiff(token, meetingId, fromValue, to))
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
      <div aria-live="polite">
        {diff && (
          <p className="visually-hidden">
            {diff.unchanged ? 'Ingen forskjeller.' : `${diff.saker.length} saker med endringer.`}
          </p>
        )}
      </div>
      {diff && <DiffView diff={diff} />}
    </form>
  )
}

function ApproveForm({ meetingId, token, announce }: { meetingId: string; token: string; announce: (m: string) => void }) {
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
      {mayWrite && <SaveVersionForm meetingId={meetingId} token={token} announce={announce} />}
      <h3>Sammenlign</h3>
      <CompareForm versions={versions} meetingId={meetingId} token={token} />
      {mayWrite && state.closedAt && !state.approvedAt && <ApproveForm meetingId={meetingId} token={token} announce={announce} />}
      {state.approvedAt && (
        <p className="hint">
          Godkjent {formatMoment(state.approvedAt)} av {actorName(state.approvedBy ?? null)}
          {state.approvedInMeeting && `, i ${state.approvedInMeeting}`}.
        </p>
      )}
    </aside>
  )
}
