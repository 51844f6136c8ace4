import type { Node as PMNode, Schema } from '@tiptap/pm/model'
import { TextSelection, type Command } from '@tiptap/pm/state'
import { FOLLOW_UP_SAK_TITLE, newNodeId } from '../../shared'
import { renumberCollisions } from './commands'
import { childPos, currentSakPos, listAgendaItems, nextAgendaNumber } from './queries'

/** A bullet list with one item per line. */
function bulletList(schema: Schema, lines: readonly string[]): PMNode {
  return schema.nodes.bulletList.create(
    null,
    lines.map((line) => schema.nodes.listItem.create(null, schema.nodes.paragraph.create(null, line ? schema.text(line) : null))),
  )
}

/**
 * "Sett inn oppfølging av aksjonspunkter": `lines` (the open aksjonspunkter of earlier meetings,
 * one line each) as a bullet list at the end of the current sak's narrative; with the caret
 * outside a sak (header, attendance), a new sak "Oppfølging av aksjonspunkter" before Eventuelt,
 * numbered after the sak before it. The caret goes to the end of the list. False for no lines.
 */
export function insertFollowUpList(lines: readonly string[], id: () => string = newNodeId): Command {
  return (state, dispatch) => {
    if (lines.length === 0) return false
    const { schema, doc } = state
    const list = bulletList(schema, lines)
    const sakPos = currentSakPos(state)
    if (sakPos !== null) {
      const narrativePos = childPos(doc, sakPos, 'narrative')
      if (narrativePos === null) return false
      const end = narrativePos + doc.nodeAt(narrativePos)!.nodeSize - 1
      if (!dispatch) return true
      const tr = state.tr.insert(end, list)
      dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(end + list.nodeSize - 1), -1)).scrollIntoView())
      return true
    }
    const entries = listAgendaItems(doc)
    const other = entries.find((e) => e.kind === 'otherBusiness')
    const insertPos = other ? other.pos : doc.content.size
    const $insert = doc.resolve(insertPos)
    if (!$insert.parent.canReplaceWith($insert.index(), $insert.index(), schema.nodes.agendaItem)) return false
    if (!dispatch) return true
    const before = entries.filter((e) => e.kind === 'agendaItem' && e.pos < insertPos)
    const number = nextAgendaNumber(before.at(-1)?.number ?? null)
    const sak = schema.nodes.agendaItem.create({ id: id(), number, caseType: 'Orientering' }, [
      schema.nodes.agendaTitle.create(null, schema.text(FOLLOW_UP_SAK_TITLE)),
      schema.nodes.narrative.create(null, list),
    ])
    const tr = state.tr.insert(insertPos, sak)
    renumberCollisions(tr, insertPos + sak.nodeSize, number)
    dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(insertPos + sak.nodeSize - 1), -1)).scrollIntoView())
    return true
  }
}
