import type { Editor } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { currentSakPos, focusAgendaItem, listAgendaItems, timingOf, type AgendaEntry, type SakTiming } from '../editor'
import { AgendaList } from './AgendaList'
import { useLastCall } from './lastCall'
import { useEditorStateAfterPaint } from './useEditorStateAfterPaint'

type NavEntry = AgendaEntry & { timing: SakTiming }

function navEntries(doc: PMNode): NavEntry[] {
  return listAgendaItems(doc).map((e) => ({ ...e, timing: timingOf(doc.nodeAt(e.pos)!, e.pos) }))
}

function sameList(a: NavEntry[], b: NavEntry[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => {
      const y = b[i]
      // Not the positions: typing shifts every later sak's, and the list does not show them.
      return x.id === y.id && x.kind === y.kind && x.number === y.number && x.prefix === y.prefix && x.title === y.title && x.caseType === y.caseType &&
        x.timing.plannedStart === y.timing.plannedStart &&
        x.timing.plannedEnd === y.timing.plannedEnd &&
        x.timing.startedAt === y.timing.startedAt &&
        x.timing.endedAt === y.timing.endedAt
    })
  )
}

/**
 * "Saksliste": every sak with number, title, sakstype and planned/actual times; the caret's sak
 * is marked current and the running one "pågår".
 */
export function AgendaNav({ editor }: { editor: Editor }) {
  const entries = useLastCall(navEntries)
  const { items, current } = useEditorStateAfterPaint(
    editor,
    (e) => {
      const list = entries(e.state.doc)
      const at = currentSakPos(e.state)
      // The index of the caret's sak: unlike its position, it stays while typing.
      return { items: list, current: at === null ? -1 : list.findIndex((x) => x.pos === at) }
    },
    (a, b) => a.current === b.current && (a.items === b.items || sameList(a.items, b.items)),
  )
  // The position when clicked (the list's may be stale: it is not re-rendered for shifts).
  const focusEntry = (index: number) => {
    const now = listAgendaItems(editor.state.doc)
    const item = items[index]
    const target = (item.id !== null ? now.find((x) => x.id === item.id) : undefined) ?? now[index]
    if (target) focusAgendaItem(editor, target.pos)
  }
  return <AgendaList items={items} current={current} onSelect={focusEntry} />
}
