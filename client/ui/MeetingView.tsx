import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { EditorContent, useEditorState } from '@tiptap/react'
import { Suspense, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import {
  canChair,
  canDecideFlags,
  canFlag,
  canWriteMinutes,
  type Flag,
  type MeetingResponse,
  type Role,
} from '../../shared'
import {
  anchorFor,
  passageAt,
  selectTextPoints,
  setContentLanguage,
  setRegisterDecorations,
  useMinutesEditor,
  yContextOf,
} from '../editor'
import {
  useRegister,
  useContentStatus,
  type LocalUser,
  type MeetingSession,
} from '../sync'
import type { Handoff } from '../reader'
import { AgendaNav } from './AgendaNav'
import { useAnnounce } from './announcer'
import { ExportMenu } from './ExportMenu'
import { FlagDialog, type FlagTarget } from './FlagDialog'
import type { FlagCardContext } from './FlagCard'
import { MarginPanel, useMarginView } from './MarginPanel'
import { useLastCall } from './lastCall'
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
import { PresenceList } from './PresenceList'
import { OfflineCopyBanner } from './OfflineCopyBanner'
import { ProblemBanner, SyncStatusIndicator } from './SyncStatusBar'
import { ReaderToolbar, Toolbar } from './Toolbar'
import { useSakFromFragment } from './useSakFromFragment'
import { MeetingStatusNote, VersionsPanel } from './VersionsPanel'
import { AttendanceButton, CloseMeetingDialog, FollowUpInsertButton, HistoryButton, PropertiesPanel, TimelineButton } from './writerTools'
import { followUpPath } from './followUpPath'
import { useMeetingLanguageSetting } from './meetingLanguage'
import { t as translate, useT } from '../i18n'

/** The meeting's heading, read from the minutes' header fields. */
interface HeadingFields {
  readonly title: string
  readonly number: string
  readonly date: string
}
const NO_HEADING: HeadingFields = { title: '', number: '', date: '' }

function headingOf(header: PMNode | null | undefined): HeadingFields {
  if (!header || header.type.name !== 'meetingHeader') return NO_HEADING
  const text = (name: string) => {
    let out = ''
    header.forEach((field) => {
      if (field.type.name === name) out = field.textContent.trim()
    })
    return out
  }
  return { title: text('meetingTitle'), number: text('meetingNumber'), date: text('meetingDate') }
}

/** The meeting's heading, read from the minutes' header fields (again only when they changed). */
function useMeetingHeading(editor: Editor | null): { title: string; subtitle: string } {
  const heading = useLastCall(headingOf)
  const fields =
    useEditorState({
      editor,
      selector: ({ editor: e }) => heading(e?.state.doc.firstChild),
      equalityFn: (a, b) => b !== null && (a === b || (a.title === b.title && a.number === b.number && a.date === b.date)),
    }) ?? NO_HEADING
  // The words around the fields in the interface language (again when it changes).
  const t = useT()
  return useMemo(
    () => ({
      title: fields.title || t('common.minutes.editorLabel'),
      subtitle: [fields.number && t('editor.meeting.number', { number: fields.number }), fields.date].filter(Boolean).join(', '),
    }),
    [fields, t],
  )
}

function MinutesArea({ session, editor }: { session: MeetingSession; editor: Editor | null }) {
  const { hasContent, problem } = useContentStatus(session)
  const message = minutesMessage(hasContent, problem)
  const t = useT()
  if (message) return <p className="empty-state">{message}</p>
  if (!editor) return <p className="empty-state">{t('editor.meeting.loadingMinutes')}</p>
  return <EditorContent editor={editor} className="minutes-paper" />
}

/**
 * True once the editor has drawn the minutes (y-tiptap fills the document a tick after the view
 * is created): until then the light reader stays on screen.
 */
function useEditorShowsMinutes(editor: Editor | null): boolean {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    if (!editor || shown) return undefined
    const check = () => {
      if (editor.state.doc.childCount > 1) setShown(true)
    }
    check()
    editor.on('transaction', check)
    return () => {
      editor.off('transaction', check)
    }
  }, [editor, shown])
  return shown
}

/**
 * Takes over from the light reader: its selection, focus and scroll position, and the flag
 * dialog when the person had asked for it. Before paint, so the page does not move.
 */
function useTakeOver(editor: Editor | null, handoff: Handoff | null, openFlagDialog: () => void): void {
  const done = useRef<Handoff | null>(null)
  useLayoutEffect(() => {
    if (!editor || !handoff || done.current === handoff) return
    done.current = handoff
    if (handoff.selection) selectTextPoints(editor, handoff.selection.anchor, handoff.selection.head)
    if (handoff.focus || handoff.flag) editor.view.focus()
    window.scrollTo(window.scrollX, handoff.scrollY)
    if (handoff.flag) openFlagDialog()
  }, [editor, handoff, openFlagDialog])
}

/** What a member hears when the secretary decided: worded unlike the card's status text (catalogue keys). */
const OUTCOME_ANNOUNCEMENT: Record<Exclude<Flag['status'], 'open'>, string> = {
  accepted: 'editor.flagOutcome.accepted',
  resolved: 'editor.flagOutcome.resolved',
  rejected: 'editor.flagOutcome.rejected',
}

/** Tells a member when the secretary has decided on one of their flags. */
function useFlagOutcomeAnnouncements(flags: readonly Flag[], enabled: boolean, announce: (m: string) => void): void {
  const previous = useRef<Map<string, Flag['status']> | null>(null)
  useEffect(() => {
    const before = previous.current
    previous.current = new Map(flags.map((f) => [f.id, f.status]))
    if (!before || !enabled) return
    for (const flag of flags) {
      const was = before.get(flag.id)
      if (was === 'open' && flag.status !== 'open') {
        announce(translate(OUTCOME_ANNOUNCEMENT[flag.status]))
      }
    }
  }, [flags, enabled, announce])
}

/** Header, saksliste, editor, margin and side panels of a meeting whose session exists. */
export function MeetingView({
  session,
  meetingId,
  organ,
  token,
  me,
  role,
  user,
  userControl,
  onHelp,
  onReady,
  handoff,
}: {
  session: MeetingSession
  meetingId: string
  /** The meeting's organ: its follow-up list of aksjonspunkter. */
  organ: string
  token: string
  me: MeetingResponse['me']
  role: Role
  user: LocalUser | null
  userControl: ReactNode
  onHelp: () => void
  /** Called once the editor shows the minutes (the light reader is then swapped for this view). */
  onReady?: () => void
  /** What the light reader hands over: selection, focus, scroll, a flag asked for. */
  handoff?: Handoff | null
}) {
  const register = useRegister(session)
  const closed = register.meeting.closedAt !== null
  const { hasContent, problem } = useContentStatus(session)
  // The server cannot store anything (read-only storage): nobody may type.
  const readOnly = !canWriteMinutes(role) || closed || problem === 'storage-read-only'
  const editor = useMinutesEditor(session, { user, role, readOnly, onHelp })
  const heading = useMeetingHeading(editor)
  const ready = hasContent ? editor : null
  const announce = useAnnounce()
  const [flagTarget, setFlagTarget] = useState<FlagTarget | null>(null)
  const [closeOpen, setCloseOpen] = useState(false)
  const nowMs = useNowWhileDeadline(register.meeting)
  const mayFlag = mayFlagNow(role, register.meeting, nowMs)
  const t = useT()

  const visibleFlags = useMemo(() => {
    if (canDecideFlags(role)) return register.flags
    if (canFlag(role) && me) return register.flags.filter((f) => f.author.tokenId === me.tokenId)
    return []
  }, [register.flags, role, me])
  useFlagOutcomeAnnouncements(visibleFlags, canFlag(role), announce)

  useEffect(() => {
    if (editor) setRegisterDecorations(editor, { flags: visibleFlags, confirmations: register.confirmations })
  }, [editor, visibleFlags, register.confirmations])
  // The minutes' text is in the meeting's language (the textbox's lang), whatever the interface's.
  const meetingLanguage = useMeetingLanguageSetting(session.register)
  useEffect(() => {
    if (editor) setContentLanguage(editor, meetingLanguage)
  }, [editor, meetingLanguage])

  useForgetRefusedToken(problem, meetingId)
  useDocumentTitle(heading)

  const openFlagDialog = useCallback(() => {
    if (!editor || !mayFlag) return
    const { state } = editor
    const ctx = yContextOf(state)
    const passage = state.selection.empty ? null : passageAt(state.doc, { from: state.selection.from, to: state.selection.to })
    if (!passage || !ctx) {
      announce(t('editor.flag.selectFirst'))
      return
    }
    const sak = passage.agendaItemId ? state.doc.nodeAt(state.selection.$from.before(1)) : null
    const where = sak?.attrs.number
      ? t('editor.flag.whereSak', { number: String(sak.attrs.number) })
      : passage.agendaItemId
        ? t('editor.flag.whereTheSak')
        : t('editor.flag.whereHeader')
    setFlagTarget({ passage, anchor: anchorFor(ctx, passage), where })
  }, [editor, mayFlag, announce, t])

  useFlagShortcut(mayFlag, openFlagDialog)
  const shown = useEditorShowsMinutes(ready)
  useEffect(() => {
    if (shown) onReady?.()
  }, [shown, onReady])
  useTakeOver(shown ? ready : null, handoff ?? null, openFlagDialog)
  // After the take-over (which restores the reader's scroll): a link's sak gets the caret and the top of the page.
  useSakFromFragment(shown ? ready : null)

  const cardContext: FlagCardContext | null = editor
    ? { editor, meetingId, token, canDecide: canDecideFlags(role), canEdit: !readOnly, announce }
    : null
  const note = readerNote(role, closed, mayFlag)

  return (
    <>
      <header className="app-header">
        <Link href="/" className="back-link">
          <span aria-hidden="true">←</span> {t('editor.meeting.allMeetings')}
        </Link>
        <div className="heading">
          <h1 tabIndex={-1}>{heading.title}</h1>
          {heading.subtitle && <p className="subtitle">{heading.subtitle}</p>}
          <MeetingStatusNote state={register.meeting} nowMs={nowMs} />
        </div>
        <SyncStatusIndicator session={session} readOnly={readOnly} />
        <MeetingLanguage session={session} />
        {role !== 'observatør' && (
          <Link href={followUpPath(organ, meetingId)} className="header-link">
            {t('editor.meeting.followUp')}
            <span className="visually-hidden"> {t('editor.meeting.followUpOf', { organ })}</span>
          </Link>
        )}
        <ExportMenu meetingId={meetingId} token={token} announce={announce} versions={register.versions} approved={Boolean(register.meeting.approvedAt)} />
        {/* The writing roles' tools are loaded on demand (writerTools.tsx); until then, no button. */}
        <Suspense fallback={null}>
          {ready && canWriteMinutes(role) && <TimelineButton editor={ready} />}
          {ready && canWriteMinutes(role) && <HistoryButton editor={ready} meetingId={meetingId} token={token} />}
          {ready && !readOnly && <AttendanceButton editor={ready} meetingId={meetingId} token={token} announce={announce} />}
        </Suspense>
        {canChair(role) && !closed && ready && (
          <button type="button" className="close-button" onClick={() => setCloseOpen(true)}>
            {t('editor.close.title')}
          </button>
        )}
        {userControl}
      </header>
      <ProblemBanner session={session} />
      <OfflineCopyBanner session={session} />
      <ClosedBanner state={register.meeting} />
      <div className="workspace">
        {ready ? <AgendaNav editor={ready} /> : <div />}
        <main id="minutes" className="minutes-main" tabIndex={-1}>
          {ready && !readOnly && <Toolbar editor={ready} onHelp={onHelp} />}
          {ready && !readOnly && (
            <Suspense fallback={null}>
              <FollowUpInsertButton editor={ready} organ={organ} meetingId={meetingId} token={token} announce={announce} />
            </Suspense>
          )}
          {ready && readOnly && <ReaderToolbar editor={ready} canFlag={mayFlag} onFlag={openFlagDialog} onHelp={onHelp} />}
          {note && ready && <p className="reader-note">{note}</p>}
          <MinutesArea session={session} editor={editor} />
        </main>
        <div className="side-panels">
          {ready && cardContext && <MarginArea editor={ready} flags={visibleFlags} register={register} ctx={cardContext} role={role} closed={closed} />}
          <PresenceList session={session} />
          <VersionsPanel versions={register.versions} state={register.meeting} role={role} meetingId={meetingId} token={token} announce={announce} />
          <Suspense fallback={null}>
            {ready && !readOnly && (
              <PropertiesPanel
                editor={ready}
                language={canWriteMinutes(role) ? { register: session.register, meetingId, token, announce } : undefined}
              />
            )}
          </Suspense>
        </div>
      </div>
      <FlagDialog
        target={flagTarget}
        meetingId={meetingId}
        token={token}
        onSent={() => {
          setFlagTarget(null)
          announce(t('editor.flag.sent'))
        }}
        onClose={() => setFlagTarget(null)}
      />
      {editor && canChair(role) && (
        <Suspense fallback={null}>
          <CloseMeetingDialog
            open={closeOpen}
            editor={editor}
            confirmations={register.confirmations}
            meetingId={meetingId}
            token={token}
            // "Møtet er lukket." is announced to everyone from the register (announcer.tsx).
            onClosed={() => setCloseOpen(false)}
            onCancel={() => setCloseOpen(false)}
          />
        </Suspense>
      )}
    </>
  )
}

/** The margin, with the live view of vedtak and flags. */
function MarginArea({
  editor,
  flags,
  register,
  ctx,
  role,
  closed,
}: {
  editor: Editor
  flags: readonly Flag[]
  register: ReturnType<typeof useRegister>
  ctx: FlagCardContext
  role: Role
  closed: boolean
}) {
  const view = useMarginView(editor, flags, register.confirmations)
  return <MarginPanel view={view} flags={flags} ctx={ctx} canConfirm={canChair(role) && !closed} showFlags={role !== 'observatør'} />
}
