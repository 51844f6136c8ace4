import { useEffect, useId, useState, type FormEvent } from 'react'
import { MAX_ROSTER_MEMBERS, MAX_ROSTER_TEXT_CHARS, ROSTER_GROUPS, type RosterMemberInput } from '../../shared/api/roster'
import type { AttendanceGroupName } from '../../shared/schema'
import { useT } from '../i18n'
import { partLabel } from '../i18n/minutesLabels'
import { fetchRoster, saveRoster } from './rosterApi'
import './attendance.css'
import { errorMessage, useSubmit } from './useSubmit'

interface EditRow extends RosterMemberInput {
  readonly key: string
}



let rowCount = 0
const newRow = (m: Partial<RosterMemberInput> = {}): EditRow => ({
  key: `r${++rowCount}`,
  name: m.name ?? '',
  org: m.org ?? '',
  defaultGroup: m.defaultGroup ?? 'presentList',
})

/** "Medlemsliste for <organ>" (admin): the organ's reusable roster, saved whole with "Lagre medlemslisten". */
export function RosterEditor({ adminKey, organ }: { adminKey: string; organ: string }) {
  const t = useT()
  const id = useId()
  const [rows, setRows] = useState<EditRow[] | null>(null)
  const [status, setStatus] = useState('')
  const { busy, error, setError, run } = useSubmit()

  useEffect(() => {
    let cancelled = false
    fetchRoster(adminKey, organ).then(
      (roster) => !cancelled && setRows(roster.members.map((m) => newRow(m))),
      (err: unknown) => !cancelled && setError(errorMessage(err)),
    )
    return () => {
      cancelled = true
    }
  }, [adminKey, organ])

  const update = (key: string, patch: Partial<RosterMemberInput>) => setRows((rs) => rs && rs.map((r) => (r.key === key ? { ...r, ...patch } : r)))

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (!rows) return
    const members = rows.filter((r) => r.name.trim()).map(({ name, org, defaultGroup }) => ({ name: name.trim(), org: org.trim(), defaultGroup }))
    setStatus('')
    await run(async () => {
      const saved = await saveRoster(adminKey, organ, members)
      setRows(saved.members.map((m) => newRow(m)))
      setStatus(t('admin.roster.saved', { count: saved.members.length }))
    })
  }

  const headingId = `${id}-heading`
  return (
    <section className="roster-editor" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('admin.roster.heading', { organ })}</h3>
      {rows === null && !error && <p role="status">{t('admin.roster.loading')}</p>}
      {rows && (
        <form onSubmit={(e) => void handleSubmit(e)} noValidate>
          <p className="hint">{t('admin.roster.hint', { organ })}</p>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.roster.name')}</th>
                <th scope="col">{t('admin.roster.org')}</th>
                <th scope="col">{t('admin.roster.defaultGroup')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('admin.roster.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row, i) => {
                const who = row.name.trim() || t('admin.roster.row', { row: i + 1 })
                return (
                  <tr key={row.key}>
                    <td>
                      <input
                        type="text"
                        aria-label={t('admin.roster.nameLabel', { row: i + 1 })}
                        value={row.name}
                        maxLength={MAX_ROSTER_TEXT_CHARS}
                        onChange={(e) => update(row.key, { name: e.target.value })}
                      />
                    </td>
                    <td>
                      <input
                        type="text"
                        aria-label={t('admin.roster.orgLabel', { who })}
                        value={row.org}
                        maxLength={MAX_ROSTER_TEXT_CHARS}
                        onChange={(e) => update(row.key, { org: e.target.value })}
                      />
                    </td>
                    <td>
                      <select
                        aria-label={t('admin.roster.defaultGroupLabel', { who })}
                        value={row.defaultGroup}
                        onChange={(e) => update(row.key, { defaultGroup: e.target.value as AttendanceGroupName })}
                      >
                        {ROSTER_GROUPS.map((g) => (
                          <option key={g} value={g}>
                            {partLabel(g)}
                          </option>
                        ))}
                      </select>
                    </td>
                    <td>
                      <button type="button" onClick={() => setRows((rs) => rs && rs.filter((r) => r.key !== row.key))}>
                        {t('admin.roster.remove')} <span className="visually-hidden">{who}</span>
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          <div className="dialog-actions">
            <button type="button" disabled={rows.length >= MAX_ROSTER_MEMBERS} onClick={() => setRows((rs) => rs && [...rs, newRow()])}>
              {t('admin.roster.addMember')}
            </button>
            <button type="submit" className="primary" aria-disabled={busy || undefined}>
              {busy ? t('admin.roster.saving') : t('admin.roster.save')}
            </button>
          </div>
        </form>
      )}
      <p role="status">{status}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}
