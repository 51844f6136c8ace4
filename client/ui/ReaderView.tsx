import { useCallback, useEffect, useState, type ReactNode, type RefObject } from 'react'
import type { Role } from '../../shared'
import { ReaderMinutes, hasPassageIn, useOutline, useRemoteCarets } from '../reader'
import { useT } from '../i18n'
import { useContentStatus, useMeetingLanguage, useRegister, type MeetingSession } from '../sync'
import { AgendaList } from './AgendaList'
import { useAnnounce } from './announcer'
import { ExportMenu } from './ExportMenu'
import {
  ClosedBanner,
  MeetingLanguage,
  mayFlagNow,
  minutesMessage,
  readerNote,
  useDocumentTitle,
  useFlagShortcut,
  useForgetRefusedToken,
  useNowWhileDeadline,
} from './meetingChrome'
import { Link } from './navigation'
import { OfflineCopyBanner } from './OfflineCopyBanner'
import { PresenceList } from './PresenceList'
import { ReaderToolbarView } from './ReaderToolbarView'
import { sakFromFragment } from './sakFragment'
import { ProblemBanner, SyncStatusIndicator } from './SyncStatusBar'
import { MeetingStatusNote, VersionsPanel } from './VersionsPanel'

/** The User Timing mark set when a reader first sees the minutes (the e2e test reads it). */
export const READER_FIRST_RENDER_MARK = 'referat:reader-first-render'

/** After the first paint, when the browser is idle (at most `timeoutMs` later). */
function whenIdle(run: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: timeoutMs })
    return () => cancelIdleCallback(id)
  }
  const timer = setTimeout(run, 200)
  return () => clearTimeout(timer)
}

/** True while the page's selection is a passage inside the minutes (enables "Flagg"). */
function usePassageSelected(rootRef: RefObject<HTMLDivElement | null>): boolean {
  const [selected, setSelected] = useState(false)
  useEffect(() => {
    const handleSelectionChange = () => setSelected(hasPassageIn(rootRef.current))
    document.addEventListener('selectionchange', handleSelectionChange)
    return () => document.removeEventListener('selectionchange', handleSelectionChange)
  }, [rootRef])
  return selected
}

/**
 * The meeting page of a reader (medlem, observatør) before the editor is loaded: the same
 * header, Saksliste, toolbar and side panels as MeetingView, with the minutes rendered straight
 * from the Y.XmlFragment (client/reader), and no ProseMirror. It asks for the editor
 * (`onNeedEditor`) once the minutes are painted and the browser is idle, or at once when the
 * person starts something the editor does: focusing the minutes, "Flagg", a sak in the list.
 * Workspace then swaps the editor in (see "The light reader" in docs/ARCHITECTURE.md).
 */
export function ReaderView({
  session,
  meetingId,
  token,
  role,
  userControl,
  onHelp,
  rootRef,
  onNeedEditor,
}: {
  session: MeetingSession
  meetingId: string
  token: string
  role: Role
  userControl: ReactNode
  onHelp: () => void
  /** The minutes' element, for the handoff of selection and focus to the editor. */
  rootRef: RefObject<HTMLDivElement | null>
  /** Load the editor; `flag` when the person asked to flag the selected passage. */
  onNeedEditor: (flag: boolean) => void
}) {
  const t = useT()
  const register = useRegister(session)
  const meetingLanguage = useMeetingLanguage(session)
  const closed = register.meeting.closedAt !== null
  const { hasContent, problem } = useContentStatus(session)
  const outline = useOutline(session.fragment)
  const carets = useRemoteCarets(session)
  const announce = useAnnounce()
  const nowMs = useNowWhileDeadline(register.meeting)
  const mayFlag = mayFlagNow(role, register.meeting, nowMs)
  const hasSelection = usePassageSelected(rootRef)
  const message = minutesMessage(hasContent, problem)
  const note = readerNote(role, closed, mayFlag)
  useForgetRefusedToken(problem, meetingId)
  useDocumentTitle(outline)

  const flag = useCallback(() => onNeedEditor(true), [onNeedEditor])
  useFlagShortcut(mayFlag, flag)

  useEffect(() => {
    if (!hasContent) return undefined
    performance.mark(READER_FIRST_RENDER_MARK)
    // A link to a sak (`#sak=<id>`, e.g. a search hit): show it now; the editor puts the caret there when it takes over.
    const sakId = sakFromFragment(location.hash)
    if (sakId) {
      const target = [...(rootRef.current?.querySelectorAll<HTMLElement>(':scope > [data-id]') ?? [])].find((el) => el.dataset.id === sakId)
      target?.scrollIntoView({ block: 'start' })
    }
    return whenIdle(() => onNeedEditor(false), 2000)
  }, [hasContent, onNeedEditor, rootRef])

  const goToSak = (index: number) => {
    const blocks = rootRef.current?.querySelectorAll(':scope > .agenda-item, :scope > .other-business')
    blocks?.[index]?.scrollIntoView({ block: 'start' })
    onNeedEditor(false)
  }

  return (
    <>
      <header className="app-header">
        <Link href="/" className="back-link">
          <span aria-hidden="true">←</span> {t('common.reader.allMeetings')}
        </Link>
        <div className="heading">
          <h1 tabIndex={-1}>{outline.title}</h1>
          {outline.subtitle && <p className="subtitle">{outline.subtitle}</p>}
          <MeetingStatusNote state={register.meeting} nowMs={nowMs} />
        </div>
        <SyncStatusIndicator session={session} readOnly />
        <MeetingLanguage session={session} />
        <ExportMenu meetingId={meetingId} token={token} announce={announce} versions={register.versions} approved={Boolean(register.meeting.approvedAt)} />
        {userControl}
      </header>
      <ProblemBanner session={session} />
      <OfflineCopyBanner session={session} />
      <ClosedBanner state={register.meeting} />
      <div className="workspace">
        {hasContent ? <AgendaList items={outline.items} current={-1} onSelect={goToSak} /> : <div />}
        <main id="minutes" className="minutes-main" tabIndex={-1}>
          {hasContent && <ReaderToolbarView canFlag={mayFlag} hasSelection={hasSelection} onFlag={flag} onHelp={onHelp} />}
          {note && hasContent && <p className="reader-note">{note}</p>}
          {message ? (
            <p className="empty-state">{message}</p>
          ) : (
            // Focus (Tab, a click) means the person is about to select or move: the editor does that.
            <ReaderMinutes lang={meetingLanguage ?? 'nb'} fragment={session.fragment} confirmations={register.confirmations} carets={carets} rootRef={rootRef} onFocus={() => onNeedEditor(false)} />
          )}
        </main>
        <div className="side-panels">
          <PresenceList session={session} />
          <VersionsPanel versions={register.versions} state={register.meeting} role={role} meetingId={meetingId} token={token} announce={announce} />
        </div>
      </div>
    </>
  )
}
