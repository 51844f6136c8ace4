import { getSchema } from '@tiptap/core'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { schemaExtensions } from '../../../../client/editor/extensions'
import { tolerateMergedShapes } from '../../../../client/editor/tolerateMergedShapes'
import { MINUTES_FRAGMENT, minutesSchema, minutesTemplate } from '../../../../shared'

/** A meeting's minutes in Yjs whose first sak holds two vedtak, as two offline edits merge. */
function mergedTwoDecisions(): Y.XmlFragment {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment(MINUTES_FRAGMENT)
  const json = minutesTemplate({ organ: 'Rådet', title: '', number: '1/2024', date: '2024-01-10', time: '', place: '' })
  prosemirrorJSONToYXmlFragment(minutesSchema, json, fragment)
  const sak = fragment.toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === 'agendaItem') as Y.XmlElement
  const decision = new Y.XmlElement('decision')
  const paragraph = new Y.XmlElement('paragraph')
  sak.push([decision])
  decision.insert(0, [paragraph])
  paragraph.insert(0, [new Y.XmlText('Det andre vedtaket.')])
  return fragment
}

const sakCount = (fragment: Y.XmlFragment) =>
  fragment.toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName === 'agendaItem').length

describe('tolerateMergedShapes', () => {
  it('is needed: the stock binding deletes a sak with two vedtak from the shared document', () => {
    const fragment = mergedTwoDecisions()
    yXmlFragmentToProseMirrorRootNode(fragment, getSchema(schemaExtensions()))
    expect(sakCount(fragment)).toBe(1)
  })

  it('lets the binding show a sak with two vedtak without deleting anything', () => {
    const fragment = mergedTwoDecisions()
    const schema = getSchema(schemaExtensions())
    tolerateMergedShapes(schema)
    const doc = yXmlFragmentToProseMirrorRootNode(fragment, schema)
    expect(sakCount(fragment)).toBe(2)
    const decisions: string[] = []
    doc.descendants((node) => {
      if (node.type.name === 'decision') decisions.push(node.textContent)
    })
    expect(decisions).toEqual([
      'Rådet godkjenner innkalling og dagsorden.',
      'Det andre vedtaket.',
      'Rådet godkjenner referatet fra forrige møte.',
    ])
  })

  it('still refuses unknown node types', () => {
    const schema = getSchema(schemaExtensions())
    tolerateMergedShapes(schema)
    expect(() => schema.node('vote')).toThrow(RangeError)
  })
})
