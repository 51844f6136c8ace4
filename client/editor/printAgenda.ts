import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { currentLanguage, t } from '../i18n'
import { changedBlocks } from './changedBlocks'
import { isLanguageRefresh } from './languageRefresh'

/** One row of the printed agenda table. */
export interface AgendaRow {
  readonly number: string
  readonly title: string
  readonly caseType: string
}

/** The rows of the agenda table (Sak | Tema | Sakstype) of a minutes document, in order. */
export function agendaRows(doc: PMNode): AgendaRow[] {
  const rows: AgendaRow[] = []
  doc.forEach((node) => {
    const row = rowOf(node)
    if (row) rows.push(row)
  })
  return rows
}

/** The row of a top-level block, or null when it is not a sak. */
function rowOf(node: PMNode): AgendaRow | null {
  if (node.type.name !== 'agendaItem' && node.type.name !== 'otherBusiness') return null
  return {
    // As every export prints it: the series with the number ("PS 12/24").
    number: [node.attrs.prefix, node.attrs.number].filter((part) => typeof part === 'string' && part !== '').join(' '),
    title: node.firstChild?.textContent ?? '',
    caseType: String(node.attrs.caseType ?? ''),
  }
}

/** Position right after the attendance block, where published referater put the agenda table. */
function afterAttendance(doc: PMNode): number | null {
  let pos: number | null = null
  doc.forEach((node, offset) => {
    if (node.type.name === 'attendance') pos = offset + node.nodeSize
  })
  return pos
}

function renderTable(rows: AgendaRow[]): HTMLElement {
  const table = document.createElement('table')
  table.className = 'print-agenda'
  table.setAttribute('aria-hidden', 'true') // the Saksliste beside the minutes says the same on screen
  const head = table.createTHead().insertRow()
  for (const label of [t('editor.printAgenda.number'), t('editor.printAgenda.title'), t('editor.printAgenda.caseType')]) {
    const th = document.createElement('th')
    th.textContent = label
    head.append(th)
  }
  const body = table.createTBody()
  for (const row of rows) {
    const tr = body.insertRow()
    for (const text of [row.number, row.title, row.caseType]) tr.insertCell().textContent = text
  }
  return table
}

const key = new PluginKey<DecorationSet>('printAgenda')

/**
 * The agenda table (Sak | Tema | Sakstype) after the attendance, shown only when printing
 * (print.css), so the browser's "Lagre som PDF" gives the layout of a published referat. It is a
 * widget decoration: derived from the saker, never part of the document.
 */
export const PrintAgenda = Extension.create({
  name: 'printAgenda',
  addProseMirrorPlugins() {
    const build = (doc: PMNode): DecorationSet => {
      const pos = afterAttendance(doc)
      if (pos === null) return DecorationSet.empty
      const rows = agendaRows(doc)
      const signature = `${currentLanguage()} ${JSON.stringify(rows)}`
      return DecorationSet.create(doc, [Decoration.widget(pos, () => renderTable(rows), { key: signature, side: -1, ignoreSelection: true })])
    }
    // Typing in a sak's text changes no row: the same set is kept (the table sits before the
    // saker, so its position is unchanged), and ProseMirror skips comparing it.
    const update = (old: DecorationSet, oldDoc: PMNode, doc: PMNode): DecorationSet => {
      const changed = changedBlocks(oldDoc, doc)
      if (!changed) return old
      const widget = old.find()[0] as Decoration | undefined
      const rows = (d: PMNode, from: number, to: number) => {
        const out: AgendaRow[] = []
        for (let i = from; i < to; i++) {
          const row = rowOf(d.child(i))
          if (row) out.push(row)
        }
        return JSON.stringify(out)
      }
      const sameRows = rows(oldDoc, changed.fromIndex, changed.toIndexOld) === rows(doc, changed.fromIndex, changed.toIndexNew)
      return widget && changed.from >= widget.from && sameRows ? old : build(doc)
    }
    return [
      new Plugin<DecorationSet>({
        key,
        state: {
          init: (_, state) => build(state.doc),
          // A new interface language: the headings again (the widget's key names its language).
          apply: (tr, old, oldState, newState) => (isLanguageRefresh(tr) ? build(newState.doc) : update(old, oldState.doc, newState.doc)),
        },
        props: { decorations: (state) => key.getState(state) },
      }),
    ]
  },
})
