import { useCallback, useEffect, useState } from 'react'
import { ACTION_FILTERS, canWriteMinutes, isRole, type ActionFilter, type ActionItemInfo, type ActionListResponse, type NextMeetingResponse } from '../../shared'
import { t as translate, useT } from '../i18n'
import { roleLabel } from '../i18n/minutesLabels'
import { loadMeetingToken, readTokenClaims } from '../sync'
import { fetchNextMeeting, fetchOrganActions, saveActionStatus } from './actionsApi'
import { loadAdminKey } from './adminKey'
import { draftToAgendaJson } from './draftEdit'
import { LanguagePicker } from './LanguagePicker'
import { formatDate } from './localFormat'
import { Link } from './navigation'
import { SESSION_CREDENTIAL } from './signIn'
import { SkipLink } from './SkipLink'
import './followUp.css'

/** The catalogue keys of the filters' names. */
const FILTER_LABEL: Record<ActionFilter, string> = {
  open: 'admin.followUp.filter.open',
  overdue: 'admin.followUp.filter.overdue',
  done: 'admin.followUp.filter.done',
  all: 'admin.followUp.filter.all',
}

/** The table's caption ("Åpne aksjonspunkter for Ola (3)") by filter: catalogue keys. */
const CAPTION_KEYS: Record<ActionFilter, string> = {
  open: 'admin.followUp.caption.open',
  overdue: 'admin.followUp.caption.overdue',
  done: 'admin.followUp.caption.done',
  all: 'admin.followUp.caption.all',
}

/** Who changed an item's status when the link names nobody: the role, in lower case ("sekretær"), or "administrator". */
function byRoleText(role: string | null | undefined): string | null {
  if (!role) return null
  if (role === 'admin') return translate('admin.followUp.byAdmin')
  return isRole(role) ? roleLabel(role).toLowerCase() : role
}

/** "Utført 2. mars 2026 (Siri Sekretær, møte 4/2026)" (the role when the link names nobody), "Forfalt", "Åpen". */
export function statusText(item: ActionItemInfo): string {
  if (item.status === 'open') return item.overdue ? translate('admin.followUp.status.overdue') : translate('admin.followUp.status.open')
  const when = item.statusAt ? formatDate(item.statusAt.slice(0, 10)) : ''
  // A role link names nobody: then the role says who.
  const meeting = item.statusInMeetingNumber ? translate('admin.followUp.inMeeting', { number: item.statusInMeetingNumber }) : null
  const who = [item.statusByName ?? byRoleText(item.statusByRole), meeting].filter(Boolean).join(', ')
  const done = when ? translate('admin.followUp.status.doneAt', { when }) : translate('admin.followUp.status.done')
  return who ? `${done} (${who})` : done
}

type ListState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; list: ActionListResponse }

/** One row: the item, and for those who may, its note field and the button that changes its status. */
function ActionRow({ item, onChange }: { item: ActionItemInfo; onChange: (item: ActionItemInfo, note: string) => Promise<void> }) {
  const t = useT()
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const verb = item.status === 'open' ? t('admin.followUp.markDone') : t('admin.followUp.reopen')
  const change = async () => {
    setBusy(true)
    try {
      await onChange(item, note)
    } finally {
      setBusy(false)
    }
  }
  return (
    <tr className={item.overdue ? 'overdue' : undefined}>
      <td>
        {item.text}
        {item.statusNote && <span className="action-note">{t('admin.followUp.note', { note: item.statusNote })}</span>}
      </td>
      <td>{item.owner ?? '–'}</td>
      <td>{item.dueDate ? formatDate(item.dueDate) : '–'}</td>
      <td>
        {item.meetingNumber
          ? t('admin.followUp.fromMeeting', { number: item.meetingNumber, date: formatDate(item.meetingDate) })
          : t('admin.followUp.fromMeetingUnnumbered', { date: formatDate(item.meetingDate) })}
        {item.sakNumber && <span className="action-sak">{t('admin.followUp.sak', { number: item.sakNumber })}</span>}
      </td>
      <td>
        <span className={`action-status action-status-${item.overdue ? 'overdue' : item.status}`}>{statusText(item)}</span>
      </td>
      <td>
        {item.canChange && (
          <div className="action-change">
            <input
              type="text"
              maxLength={500}
              value={note}
              onChange={(e) => setNote(e.target.value)}
              aria-label={t('admin.followUp.noteLabel', { text: item.text })}
              placeholder={t('admin.followUp.notePlaceholder')}
            />
            <button type="button" onClick={() => void change()} aria-disabled={busy || undefined} aria-label={t('admin.followUp.changeLabel', { verb, text: item.text })}>
              {verb}
            </button>
          </div>
        )}
      </td>
    </tr>
  )
}

/**
 * "Neste møte" (sekretær, møteleder of a meeting of the organ): the server's proposal for the
 * organ's next meeting, as a list and as a JSON agenda the admin pastes under "Importer innkalling"
 * (creating a meeting is the admin's; on the front page the admin gets it with "Nytt møte i …").
 */
function NextMeetingProposal({ credential, organ, meetingId }: { credential: string; organ: string; meetingId: string }) {
  const t = useT()
  const [state, setState] = useState<{ kind: 'error'; message: string } | { kind: 'ready'; proposal: NextMeetingResponse } | null>(null)
  const propose = () =>
    fetchNextMeeting(credential, organ, meetingId).then(
      (proposal) => setState({ kind: 'ready', proposal }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  const draft = state?.kind === 'ready' ? state.proposal.draft : null
  return (
    <section aria-labelledby="next-meeting-heading" className="next-meeting">
      <h2 id="next-meeting-heading">{t('admin.nextMeeting.heading')}</h2>
      <p>{t('admin.nextMeeting.intro', { organ })}</p>
      <button type="button" onClick={() => void propose()}>
        {t('admin.nextMeeting.propose')}
      </button>
      <div role="status">{draft && t('admin.nextMeeting.proposed', { number: draft.info.number ?? '', count: draft.items.length })}</div>
      {state?.kind === 'error' && (
        <p role="alert" className="form-error">
          {state.message}
        </p>
      )}
      {draft && (
        <>
          <ol className="next-meeting-items">
            {draft.items.map((item) => (
              <li key={item.number}>
                <span className="next-meeting-sak">{t('admin.nextMeeting.sak', { number: item.number, title: item.title })}</span>
                {item.proposal && <span className="action-note">{t('admin.nextMeeting.proposal', { proposal: item.proposal })}</span>}
                {item.background && <span className="action-note next-meeting-background">{item.background}</span>}
              </li>
            ))}
          </ol>
          <div className="field">
            <label htmlFor="next-meeting-json">{t('admin.nextMeeting.json')}</label>
            <textarea id="next-meeting-json" readOnly rows={8} value={JSON.stringify({ meeting: draft.info, ...draftToAgendaJson(draft, true) }, null, 2)} />
          </div>
        </>
      )}
    </section>
  )
}

/** True unless the credential is a meeting link of a role that does not write the minutes (a session or the admin may). */
function mayPrepare(credential: string): boolean {
  const claims = readTokenClaims(credential)
  return claims === null || canWriteMinutes(claims.role)
}

/**
 * `/o/<organ>/oppfolging`: the organ's aksjonspunkter from all its meetings, filtered by status
 * (open, overdue, done, all) and owner; the sekretær and møteleder of a later meeting (and the
 * admin) mark one done or open again. Opened from a meeting (`?meeting=`, with its token or the
 * signed-in session) or from the front page by the admin.
 */
export function FollowUpPage({ organ }: { organ: string }) {
  const t = useT()
  const [meetingId] = useState(() => new URLSearchParams(location.search).get('meeting'))
  const [credential] = useState(() => (meetingId ? loadMeetingToken(meetingId) : loadAdminKey()) ?? SESSION_CREDENTIAL)
  const [filter, setFilter] = useState<ActionFilter>('open')
  const [owner, setOwner] = useState('')
  const [state, setState] = useState<ListState>({ kind: 'loading' })
  const [announcement, setAnnouncement] = useState('')

  const load = useCallback(() => {
    fetchOrganActions(credential, organ, meetingId, filter, owner).then(
      (list) => setState({ kind: 'ready', list }),
      (err: unknown) => setState({ kind: 'error', message: err instanceof Error ? err.message : String(err) }),
    )
  }, [credential, organ, meetingId, filter, owner])
  useEffect(load, [load])
  const pageTitle = t('admin.followUp.title', { organ })
  useEffect(() => {
    document.title = pageTitle
  }, [pageTitle])

  const handleChange = async (item: ActionItemInfo, note: string) => {
    const status = item.status === 'open' ? 'done' : 'open'
    try {
      await saveActionStatus(credential, organ, meetingId, item.id, status, note.trim() || null)
      setAnnouncement(status === 'done' ? t('admin.followUp.markedDone', { text: item.text }) : t('admin.followUp.markedOpen', { text: item.text }))
      load()
    } catch (err) {
      setAnnouncement(err instanceof Error ? err.message : String(err))
    }
  }

  const items = state.kind === 'ready' ? state.list.items : []
  return (
    <>
      <SkipLink />
      <header className="app-header">
        <Link href={meetingId ? `/m/${encodeURIComponent(meetingId)}` : '/'} className="back-link">
          <span aria-hidden="true">←</span> {meetingId ? t('admin.followUp.backToMeeting') : t('admin.meetings.heading')}
        </Link>
        <div className="heading">
          <h1 tabIndex={-1}>{t('admin.followUp.heading')}</h1>
          <p className="subtitle">{organ}</p>
        </div>
        <LanguagePicker className="header-language" />
      </header>
      <main id="main" className="list-page follow-up-page">
        <div className="follow-up-filters">
          <fieldset>
            <legend>{t('admin.followUp.show')}</legend>
            {ACTION_FILTERS.map((f) => (
              <label key={f}>
                <input type="radio" name="action-filter" value={f} checked={filter === f} onChange={() => setFilter(f)} /> {t(FILTER_LABEL[f])}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="action-owner">{t('admin.followUp.owner')}</label>
            <select id="action-owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
              <option value="">{t('admin.followUp.allOwners')}</option>
              {(state.kind === 'ready' ? state.list.owners : []).map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </div>
        </div>
        <p role="status" aria-live="polite" className="follow-up-announcement">
          {announcement}
        </p>
        {state.kind === 'loading' && <p role="status">{t('admin.followUp.loading')}</p>}
        {state.kind === 'error' && (
          <p role="alert" className="form-error">
            {state.message}
          </p>
        )}
        {state.kind === 'ready' && items.length === 0 && <p>{t('admin.followUp.none')}</p>}
        {items.length > 0 && (
          <table className="follow-up-table">
            <caption>
              {t(CAPTION_KEYS[filter])}
              {owner ? ` ${t('admin.followUp.captionOwner', { owner })}` : ''} ({items.length})
            </caption>
            <thead>
              <tr>
                <th scope="col">{t('admin.followUp.col.item')}</th>
                <th scope="col">{t('admin.followUp.owner')}</th>
                <th scope="col">{t('admin.followUp.col.due')}</th>
                <th scope="col">{t('admin.followUp.col.fromMeeting')}</th>
                <th scope="col">{t('admin.followUp.col.status')}</th>
                <th scope="col">{t('admin.followUp.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <ActionRow key={item.id} item={item} onChange={handleChange} />
              ))}
            </tbody>
          </table>
        )}
        {meetingId && mayPrepare(credential) && <NextMeetingProposal credential={credential} organ={organ} meetingId={meetingId} />}
      </main>
    </>
  )
}
