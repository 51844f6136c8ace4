import type { Node as PMNode } from '@tiptap/pm/model'
import type { Command } from '@tiptap/pm/state'
import { isRunning } from './clock'
import { SAK_TYPES, currentSakPos } from './queries'

export { formatClock, formatPlanned, isRunning } from './clock'

/**
 * When each sak was actually dealt with: `startedAt` / `endedAt` (ISO timestamps) on agendaItem
 * and otherBusiness, stamped by the secretary with one key. Pure ProseMirror commands.
 */

/** The time attributes of one sak, as read from the document. */
export interface SakTiming {
  readonly pos: number
  readonly plannedStart: string | null
  /** Planned end from the agenda ("13.00–13.20"); absent or null when it gave none. */
  readonly plannedEnd?: string | null
  readonly startedAt: string | null
  readonly endedAt: string | null
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

/** The timing of the sak node `node`. */
export function timingOf(node: PMNode, pos: number): SakTiming {
  return {
    pos,
    plannedStart: str(node.attrs.plannedStart),
    plannedEnd: str(node.attrs.plannedEnd),
    startedAt: str(node.attrs.startedAt),
    endedAt: str(node.attrs.endedAt),
  }
}


/** Positions of the saker other than `except` that are running. */
function runningSaker(doc: PMNode, except: number): number[] {
  const out: number[] = []
  doc.forEach((node, offset) => {
    if (offset !== except && SAK_TYPES.has(node.type.name) && isRunning(timingOf(node, offset))) out.push(offset)
  })
  return out
}

/**
 * Start/avslutt sak: in the sak at the caret, a sak not yet started gets `startedAt = now` (and
 * any other running sak is ended at the same moment, since one sak follows the other); a running
 * sak gets `endedAt = now`. An ended sak is left alone and the command returns false: a second
 * press must not overwrite a recorded time ("Nullstill tid" clears it on purpose).
 */
export function toggleSakTiming(now: Date): Command {
  return (state, dispatch) => {
    const sakPos = currentSakPos(state)
    if (sakPos === null) return false
    const sak = state.doc.nodeAt(sakPos)!
    const timing = timingOf(sak, sakPos)
    if (timing.endedAt !== null) return false
    if (!dispatch) return true
    const stamp = now.toISOString()
    const tr = state.tr
    if (timing.startedAt === null) {
      // setNodeMarkup keeps the size of each node, so positions stay valid.
      for (const pos of runningSaker(state.doc, sakPos)) {
        tr.setNodeMarkup(pos, undefined, { ...tr.doc.nodeAt(pos)!.attrs, endedAt: stamp })
      }
      tr.setNodeMarkup(sakPos, undefined, { ...sak.attrs, startedAt: stamp })
    } else {
      tr.setNodeMarkup(sakPos, undefined, { ...sak.attrs, endedAt: stamp })
    }
    dispatch(tr)
    return true
  }
}

/** Nullstill tid: clears both recorded times of the sak at the caret; false when it has none. */
export const clearSakTiming: Command = (state, dispatch) => {
  const sakPos = currentSakPos(state)
  if (sakPos === null) return false
  const sak = state.doc.nodeAt(sakPos)!
  const timing = timingOf(sak, sakPos)
  if (timing.startedAt === null && timing.endedAt === null) return false
  dispatch?.(state.tr.setNodeMarkup(sakPos, undefined, { ...sak.attrs, startedAt: null, endedAt: null }))
  return true
}
