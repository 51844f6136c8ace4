import type { Editor } from '@tiptap/core'
import { useEffect, useRef, useState } from 'react'
import type { Confirmation, Flag } from '../../shared'
import {
  CONFIRMATION_LABEL,
  decisionStatuses,
  flagRanges,
  listAgendaItems,
  passageText,
  sameDecisionStatuses,
  type AgendaEntry,
  type DecisionStatus,
  type PassageRange,
} from '../editor'
import type { Node as PMNode } from '@tiptap/pm/model'
import { t, useT } from '../i18n'
import { ApiError, confirmDecision } from './api'
import { FlagCard, type FlagCardContext, type PassageState } from './FlagCard'
import { actorName, formatMoment, signedInMark } from './format'
import { useLastCall } from './lastCall'
import { useEditorStateAfterPaint } from './useEditorStateAfterPaint'

const STATE_ICON = { unconfirmed: '○', confirmed: '✓', changed: '⚠' } as const

/** What the margin shows, read from the editor. */
interface MarginView {
  readonly agenda: AgendaEntry[]
  readonly decisions: DecisionStatus[]
  /** flag id → whether its passage is still as flagged. */
  readonly passages: ReadonlyMap<string, PassageState>
}

function sameView(a: MarginView, b: MarginView): boolean {
  if (!sameDecisionStatuses(a.decisions, b.decisions)) return false
  if (a.agenda.length !== b.agenda.length || a.passages.size !== b.passages.size) return false
  if (!a.agenda.every((x, i) => x.id === b.agenda[i].id && x.number === b.agenda[i].number && x.title === b.agenda[i].title)) return false
  for (const [id, state] of a.passages) if (b.passages.get(id) !== state) return false
  return true
}

function marginView(
  doc: PMNode,
  ranges: ReadonlyMap<string, PassageRange | null>,
  flags: readonly Flag[],
  confirmations: ReadonlyMap<string, Confirmation>,
): MarginView {
  const passages = new Map<string, PassageState>()
  for (const flag of flags) {
    const range = ranges.get(flag.id) ?? null
    passages.set(flag.id, !range ? 'gone' : passageText(doc, range).trim() === flag.quote.trim() ? 'intact' : 'changed')
  }
  return { agenda: listAgendaItems(doc), decisions: decisionStatuses(doc, confirmations), passages }
}

/** The vedtak and flags of a document, live (computed again only when one of them changed). */
export function useMarginView(editor: Editor, flags: readonly Flag[], confirmations: ReadonlyMap<string, Confirmation>): MarginView {
  const view = useLastCall(marginView)
  return useEditorStateAfterPaint(
    editor,
    (e): MarginView => view(e.state.doc, flagRanges(e.state), flags, confirmations),
    (a, b) => a === b || sameView(a, b),
    [flags, confirmations],
  )
}

/** "Bekreftet av Kari Nordmann kl. 10.12" and friends. */
function confirmationText(status: DecisionStatus): string {
  if (status.state === 'confirmed' && status.confirmation) {
    return t('common.margin.confirmedBy', { who: actorName(status.confirmation.by) + signedInMark(status.confirmation.by), when: formatMoment(status.confirmation.at) })
  }
  return CONFIRMATION_LABEL[status.state]
}

/** A vedtak's confirmation state (icon + text), and "Bekreft vedtak" for the chair. */
function ConfirmationStatus({ status, ctx, canConfirm }: { status: DecisionStatus; ctx: FlagCardContext; canConfirm: boolean }) {
  const tr = useT()
  const [busy, setBusy] = useState(false)
  const [conflict, setConflict] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const handleConfirm = async () => {
    setBusy(true)
    setError(null)
    setConflict(null)
    try {
      await confirmDecision(ctx.token, ctx.meetingId, status.agendaItemId, status.hash)
    } catch (err) {
      if (err instanceof ApiError && err.kind === 'conflict' && err.field === 'textHash') setConflict(err.message)
      else setError(err instanceof Error ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  return (
    <div className={`confirmation confirmation-${status.state}`} data-state={status.state}>
      <p className="confirmation-state">
        <span className="confirmation-icon" aria-hidden="true">
          {STATE_ICON[status.state]}
        </span>{' '}
        <span className="confirmation-text">{confirmationText(status)}</span>
      </p>
      {status.state === 'changed' && status.confirmation && (
        <p className="confirmation-detail">
          {tr('common.margin.confirmedThenChanged', {
            who: actorName(status.confirmation.by) + signedInMark(status.confirmation.by),
            when: formatMoment(status.confirmation.at),
          })}
        </p>
      )}
      {conflict && (
        <div className="field-error" role="alert">
          <p>{tr('common.margin.conflict', { message: conflict })}</p>
          <blockquote className="flag-quote">{status.text}</blockquote>
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {canConfirm && status.state !== 'confirmed' && status.text.trim() !== '' && (
        <button type="button" className="primary" aria-disabled={busy || undefined} onClick={() => !busy && void handleConfirm()}>
          {tr('common.margin.confirm')}
        </button>
      )}
    </div>
  )
}

/** Announces changes of confirmation state (politely, once per change). */
function useDecisionAnnouncements(decisions: readonly DecisionStatus[], announce: (m: string) => void): void {
  const previous = useRef<Map<string, DecisionStatus> | null>(null)
  useEffect(() => {
    const before = previous.current
    previous.current = new Map(decisions.map((d) => [d.agendaItemId, d]))
    if (!before) return
    for (const d of decisions) {
      const was = before.get(d.agendaItemId)
      if (!was || was.state === d.state) continue
      const sak = d.number ? t('common.margin.sakNumber', { number: d.number }) : t('common.margin.theSak')
      if (d.state === 'changed') announce(t('common.margin.announceChanged', { sak }))
      if (d.state === 'confirmed') announce(t('common.margin.announceConfirmed', { sak }))
    }
  }, [decisions, announce])
}

/** One sak's part of the margin. */
interface MarginGroup {
  readonly key: string
  readonly heading: string
  readonly decision: DecisionStatus | null
  readonly flags: readonly Flag[]
}

function groupsOf(view: MarginView, flags: readonly Flag[]): MarginGroup[] {
  const groups: MarginGroup[] = []
  const known = new Set<string>()
  const flagsFor = (id: string | null) => flags.filter((f) => f.agendaItemId === id)
  for (const entry of view.agenda) {
    if (entry.id) known.add(entry.id)
    const decision = view.decisions.find((d) => d.agendaItemId === entry.id) ?? null
    const own = entry.id ? flagsFor(entry.id) : []
    if (!decision && own.length === 0) continue
    const title = entry.title || (entry.kind === 'otherBusiness' ? t('common.margin.otherBusiness') : t('common.margin.untitled'))
    groups.push({ key: entry.id ?? String(entry.pos), heading: t('common.margin.groupHeading', { number: entry.number ?? '–', title }), decision, flags: own })
  }
  const outside = flagsFor(null)
  if (outside.length) groups.unshift({ key: 'outside', heading: t('common.margin.header'), decision: null, flags: outside })
  const orphans = flags.filter((f) => f.agendaItemId !== null && !known.has(f.agendaItemId))
  if (orphans.length) groups.push({ key: 'orphans', heading: t('common.margin.deleted'), decision: null, flags: orphans })
  return groups
}

/**
 * "Vedtak og flagg": beside the minutes, per sak, the vedtak's confirmation state and the flags
 * the reader may see (all for the secretary and the chair, their own for a member). Open flags
 * first.
 */
export function MarginPanel({
  view,
  flags,
  ctx,
  canConfirm,
  showFlags,
}: {
  view: MarginView
  flags: readonly Flag[]
  ctx: FlagCardContext
  canConfirm: boolean
  showFlags: boolean
}) {
  const tr = useT()
  useDecisionAnnouncements(view.decisions, ctx.announce)
  const groups = groupsOf(view, showFlags ? flags : [])
  const openCount = showFlags ? flags.filter((f) => f.status === 'open').length : 0
  return (
    <section aria-labelledby="margin-heading" className="panel margin">
      <h2 id="margin-heading">{tr('common.margin.heading')}</h2>
      {showFlags && (
        <p className="hint">{tr('common.margin.openFlags', { count: openCount })}</p>
      )}
      {groups.length === 0 && <p className="hint">{tr('common.margin.noDecisions')}</p>}
      {groups.map((group) => (
        <section key={group.key} aria-labelledby={`margin-${group.key}`} className="margin-group">
          <h3 id={`margin-${group.key}`}>{group.heading}</h3>
          {group.decision && <ConfirmationStatus status={group.decision} ctx={ctx} canConfirm={canConfirm} />}
          {group.flags.length > 0 && (
            <ul className="flag-list" aria-label={tr('common.margin.flagsIn', { heading: group.heading })}>
              {[...group.flags]
                .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open'))
                .map((flag) => (
                  <li key={flag.id}>
                    <FlagCard flag={flag} passage={view.passages.get(flag.id) ?? 'gone'} ctx={ctx} />
                  </li>
                ))}
            </ul>
          )}
        </section>
      ))}
    </section>
  )
}
