import type { Node as PMNode } from '@tiptap/pm/model'
import { minutesSchema, minutesTemplate } from '../../../../shared'

/** Seed 003's meeting: saker 17/23 and 18/23 (each with a vedtak), then Eventuelt 19/23. */
export function meetingDoc(): PMNode {
  return minutesSchema.nodeFromJSON(
    minutesTemplate({
      organ: 'Nasjonalt e-helseråd',
      title: '',
      number: '3/2023',
      date: '2023-10-04',
      time: 'Kl. 09.00 – 15.00',
      place: 'Scandic Grand Tromsø',
      firstAgendaNumber: 17,
    }),
  )
}

/** Position and node of the `nth` node named `typeName`. */
export function findNode(doc: PMNode, typeName: string, nth = 0): { node: PMNode; pos: number } {
  let count = 0
  let found: { node: PMNode; pos: number } | null = null
  doc.descendants((node, pos) => {
    if (found) return false
    if (node.type.name === typeName && count++ === nth) found = { node, pos }
    return true
  })
  if (!found) throw new Error(`no ${typeName} #${nth}`)
  return found
}

/** The range of `text` inside the doc (first occurrence within one text node). */
export function rangeOf(doc: PMNode, text: string): { from: number; to: number } {
  let range: { from: number; to: number } | null = null
  doc.descendants((node, pos) => {
    if (range || !node.isText) return !range
    const at = node.text!.indexOf(text)
    if (at >= 0) range = { from: pos + at, to: pos + at + text.length }
    return false
  })
  if (!range) throw new Error(`no text ${text}`)
  return range
}
