import type { Editor } from '@tiptap/core'
import { useEffect, useRef, useState, type FormEvent } from 'react'
import {
  applyAttendance,
  ATTENDANCE_STATUSES,
  normaliseClockTime,
  readAttendance,
  statusOfGroup,
  type AttendanceRow,
  type AttendanceStatus,
} from '../editor/attendance'
import { useT } from '../i18n'
import { ApiError } from './api'
import { Dialog } from './Dialog'
import { fetchMeetingRoster } from './rosterApi'
import './attendance.css'

/** One row of the dialog: a roster member, or a person added here. */
interface DialogRow {
  readonly key: string
  readonly fromRoster: boolean
  name: string
  org: string
  status: AttendanceStatus
  arrivedAt: string
  subName: string
  subOrg: string
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLocaleLowerCase('nb')

/** "10.10" → "10:10" for a time input. */
const toTimeInput = (value: string | null | undefined) => (value ? value.replace('.', ':') : '')

let addedCount = 0

function toAttendanceRow(row: DialogRow): AttendanceRow {
  return {
    name: row.name,
    org: row.org,
    status: row.status,
    arrivedAt: row.status === 'present' || row.status === 'remote' ? normaliseClockTime(row.arrivedAt) : null,
    substitute: row.subName.trim() ? { name: row.subName, org: row.subOrg } : null,
  }
}

function MemberRow({ row, index, onChange, onRemove }: { row: DialogRow; index: number; onChange: (patch: Partial<DialogRow>) => void; onRemove?: () => void }) {
  const t = useT()
  const who = row.name.trim() || t('editor.attendance.newPersonLower', { n: index + 1 })
  const present = row.status === 'present' || row.status === 'remote'
  return (
    <fieldset className="attendance-row">
      <legend>
        {row.fromRoster ? (
          <>
            {row.name}
            {row.org && <span className="attendance-org"> ({row.org})</span>}
          </>
        ) : (
          row.name.trim() ? t('editor.attendance.newPersonNamed', { name: row.name.trim() }) : t('editor.attendance.newPerson', { n: index + 1 })
        )}
      </legend>
      {!row.fromRoster && (
        <div className="attendance-person">
          <label>
            {t('editor.attendance.name')}
            <input type="text" value={row.name} maxLength={120} onChange={(e) => onChange({ name: e.target.value })} />
          </label>
          <label>
            {t('editor.attendance.org')}
            <input type="text" value={row.org} maxLength={120} onChange={(e) => onChange({ org: e.target.value })} />
          </label>
        </div>
      )}
      <div className="attendance-statuses" role="radiogroup" aria-label={t('editor.attendance.statusFor', { who })}>
        {ATTENDANCE_STATUSES.map(({ status, label }) => (
          <label key={status} className="attendance-status">
            <input type="radio" name={`status-${row.key}`} value={status} checked={row.status === status} onChange={() => onChange({ status })} />
            {label}
          </label>
        ))}
      </div>
      <div className="attendance-extra">
        <label>
          {t('editor.attendance.arrivedAt')}
          <input
            type="time"
            aria-label={t('editor.attendance.arrivedAtFor', { who })}
            value={row.arrivedAt}
            disabled={!present}
            onChange={(e) => onChange({ arrivedAt: e.target.value })}
          />
        </label>
        <label>
          {t('editor.attendance.substitute')}
          <input
            type="text"
            aria-label={t('editor.attendance.substituteNameFor', { who })}
            placeholder={t('editor.attendance.name')}
            value={row.subName}
            maxLength={120}
            onChange={(e) => onChange({ subName: e.target.value })}
          />
        </label>
        <input
          type="text"
          aria-label={t('editor.attendance.substituteOrgFor', { who })}
          placeholder={t('editor.attendance.org')}
          value={row.subOrg}
          maxLength={120}
          onChange={(e) => onChange({ subOrg: e.target.value })}
        />
        {onRemove && (
          <button type="button" onClick={onRemove}>
            {t('editor.attendance.remove', { who })}
          </button>
        )}
      </div>
    </fieldset>
  )
}

/**
 * "Oppmøte" (sekretær, møteleder): the meeting organ's roster with one row per member (tick Til
 * stede / Digitalt / Ikke til stede / Observatør / Sekretariat, late arrival, substitute) and
 * people added here. "Bruk" writes the attendance section in one transaction (applyAttendance):
 * what was typed and is not in the dialog stays.
 */
export function AttendanceDialog({ open, editor, meetingId, token, onDone }: { open: boolean; editor: Editor; meetingId: string; token: string; onDone: (message: string | null) => void }) {
  const [rows, setRows] = useState<DialogRow[]>([])
  const [loading, setLoading] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const headingRef = useRef<HTMLHeadingElement>(null)
  const t = useT()

  useEffect(() => {
    if (!open) return
    let cancelled = false
    setLoading(true)
    setError(null)
    setRows([])
    headingRef.current?.focus()
    fetchMeetingRoster(token, meetingId)
      .then(({ members }) => {
        if (cancelled) return
        const current = readAttendance(editor.state.doc)
        setRows(
          members.map((m): DialogRow => {
            const now = current.find((r) => norm(r.name) === norm(m.name))
            return {
              key: m.id,
              fromRoster: true,
              name: m.name,
              org: m.org,
              status: now?.status ?? statusOfGroup(m.defaultGroup),
              arrivedAt: toTimeInput(now?.arrivedAt),
              subName: now?.substitute?.name ?? '',
              subOrg: now?.substitute?.org ?? '',
            }
          }),
        )
      })
      .catch((err: unknown) => {
        if (!cancelled) setError(err instanceof ApiError || err instanceof Error ? err.message : String(err))
      })
      .finally(() => {
        if (!cancelled) setLoading(false)
      })
    return () => {
      cancelled = true
    }
  }, [open, editor, meetingId, token])

  const update = (key: string, patch: Partial<DialogRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))
  const addPerson = () =>
    setRows((rs) => [...rs, { key: `ny-${++addedCount}`, fromRoster: false, name: '', org: '', status: 'present', arrivedAt: '', subName: '', subOrg: '' }])

  const handleSubmit = (event: FormEvent) => {
    event.preventDefault()
    const badTime = rows.find((r) => (r.status === 'present' || r.status === 'remote') && r.arrivedAt.trim() && !normaliseClockTime(r.arrivedAt))
    if (badTime) {
      return setError(badTime.name ? t('editor.attendance.badTime', { name: badTime.name }) : t('editor.attendance.badTimeNew'))
    }
    const changed = applyAttendance(rows.map(toAttendanceRow))(editor.state, editor.view.dispatch)
    onDone(changed ? t('editor.attendance.applied') : t('editor.attendance.unchanged'))
  }

  return (
    <Dialog open={open} onClose={() => onDone(null)} labelledBy="attendance-heading" className="attendance-dialog">
      {open && (
        <form onSubmit={handleSubmit} noValidate>
          <h2 id="attendance-heading" ref={headingRef} tabIndex={-1}>
            {t('editor.attendance.title')}
          </h2>
          <p className="hint">{t('editor.attendance.hint')}</p>
          {loading && <p role="status">{t('editor.attendance.loading')}</p>}
          {!loading && !error && rows.length === 0 && <p className="hint">{t('editor.attendance.noRoster')}</p>}
          <div className="attendance-rows">
            {rows.map((row, i) => (
              <MemberRow
                key={row.key}
                row={row}
                index={i}
                onChange={(patch) => update(row.key, patch)}
                onRemove={row.fromRoster ? undefined : () => setRows((rs) => rs.filter((r) => r.key !== row.key))}
              />
            ))}
          </div>
          <button type="button" onClick={addPerson}>
            {t('editor.attendance.addPerson')}
          </button>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <div className="dialog-actions">
            <button type="button" onClick={() => onDone(null)}>
              {t('editor.dialog.cancel')}
            </button>
            <button type="submit" className="primary" disabled={loading}>
              {t('editor.attendance.apply')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  )
}

/** "Oppmøte": the button for the writers (sekretær, møteleder) and its dialog. */
export function AttendanceButton({ editor, meetingId, token, announce }: { editor: Editor; meetingId: string; token: string; announce?: (message: string) => void }) {
  const [open, setOpen] = useState(false)
  const t = useT()
  return (
    <>
      <button type="button" className="attendance-button" onClick={() => setOpen(true)}>
        {t('editor.attendance.title')}
      </button>
      <AttendanceDialog
        open={open}
        editor={editor}
        meetingId={meetingId}
        token={token}
        onDone={(message) => {
          setOpen(false)
          if (message) announce?.(message)
        }}
      />
    </>
  )
}
