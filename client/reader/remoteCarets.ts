import { useEffect, useState } from 'react'
import * as Y from 'yjs'
import { isRole } from '../../shared'
import { roleColor, type MeetingSession } from '../sync'
import { topLevelOf } from './useMinutesBlocks'

/** Another person's caret in the minutes, as the editor draws it (a line with a name label). */
export interface RemoteCaret {
  readonly clientId: number
  readonly name: string
  /** The role's colour (never the colour a client claims). */
  readonly color: string
  /** The text it stands in, and how many characters of it come before it. */
  readonly text: Y.XmlText
  readonly index: number
}

/** Carets by the Y.XmlText they stand in. */
export type CaretsByText = ReadonlyMap<Y.XmlText, readonly RemoteCaret[]>

const NO_CARETS: CaretsByText = new Map()

/**
 * The carets of everyone else with a caret in the minutes, from the awareness states that
 * y-tiptap writes (`cursor.head`, a Y relative position). A caret that is not inside text (an
 * empty block's edge case) or that cannot be read is left out; a person's own state is skipped.
 */
export function remoteCarets(doc: Y.Doc, states: ReadonlyMap<number, Record<string, unknown>>, self: number): RemoteCaret[] {
  const out: RemoteCaret[] = []
  for (const [clientId, state] of states) {
    if (clientId === self) continue
    const user = state.user as { name?: unknown; role?: unknown } | undefined
    const cursor = state.cursor as { head?: unknown } | null | undefined
    if (!user || typeof user.name !== 'string' || !cursor || typeof cursor.head !== 'object' || cursor.head === null) continue
    let at: Y.AbsolutePosition | null = null
    try {
      at = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(cursor.head), doc)
    } catch {
      continue
    }
    if (!at || !(at.type instanceof Y.XmlText) || at.type.doc !== doc) continue
    const color = isRole(user.role) ? roleColor(user.role) : '#374151'
    out.push({ clientId, name: user.name, color, text: at.type, index: at.index })
  }
  return out
}

const sameCaret = (a: RemoteCaret, b: RemoteCaret) => a.clientId === b.clientId && a.text === b.text && a.index === b.index && a.name === b.name && a.color === b.color

function sameCarets(a: CaretsByText, b: CaretsByText): boolean {
  if (a.size !== b.size) return false
  for (const [text, list] of a) {
    const other = b.get(text)
    if (!other || other.length !== list.length || !list.every((caret, i) => sameCaret(caret, other[i]))) return false
  }
  return true
}

/**
 * Carets grouped by top-level block and then by text, kept current from awareness and from
 * changes of the minutes (both move a caret). A block whose carets did not change keeps the same
 * map, so only the blocks a caret left or entered render again.
 */
export function useRemoteCarets(session: MeetingSession): ReadonlyMap<Y.XmlElement, CaretsByText> {
  const [byBlock, setByBlock] = useState<ReadonlyMap<Y.XmlElement, CaretsByText>>(() => new Map())
  useEffect(() => {
    const { doc, fragment } = session
    const awareness = session.provider.awareness
    const update = () => {
      const grouped = new Map<Y.XmlElement, Map<Y.XmlText, RemoteCaret[]>>()
      for (const caret of remoteCarets(doc, awareness.getStates() as Map<number, Record<string, unknown>>, doc.clientID)) {
        const block = topLevelOf(fragment, caret.text as unknown as Y.AbstractType<unknown>)
        if (!block) continue
        const texts = grouped.get(block) ?? new Map<Y.XmlText, RemoteCaret[]>()
        grouped.set(block, texts)
        texts.set(caret.text, [...(texts.get(caret.text) ?? []), caret].sort((a, b) => a.index - b.index || a.clientId - b.clientId))
      }
      setByBlock((old) => {
        const next = new Map<Y.XmlElement, CaretsByText>()
        let changed = old.size !== grouped.size
        for (const [block, texts] of grouped) {
          const before = old.get(block)
          const keep = before && sameCarets(before, texts)
          next.set(block, keep ? before : texts)
          if (!keep) changed = true
        }
        return changed ? next : old
      })
    }
    update()
    awareness.on('change', update)
    fragment.observeDeep(update)
    return () => {
      awareness.off('change', update)
      fragment.unobserveDeep(update)
    }
  }, [session])
  return byBlock
}

/** The carets of one block (the same empty map for a block without any). */
export function caretsOfBlock(byBlock: ReadonlyMap<Y.XmlElement, CaretsByText>, block: Y.XmlElement): CaretsByText {
  return byBlock.get(block) ?? NO_CARETS
}
