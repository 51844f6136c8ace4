import { getSchema } from '@tiptap/core'
import { describe, expect, it } from 'vitest'
import { schemaExtensions } from '../../../../client/editor/extensions'
import { minutesSchema, minutesTemplate } from '../../../../shared'

const editorSchema = getSchema(schemaExtensions())

describe('the editor schema built from NODE_DEFS', () => {
  it('has the same top node and the same node and mark names as minutesSchema', () => {
    expect(editorSchema.topNodeType.name).toBe('minutes')
    expect(Object.keys(editorSchema.nodes).sort()).toEqual(Object.keys(minutesSchema.nodes).sort())
    expect(Object.keys(editorSchema.marks).sort()).toEqual(Object.keys(minutesSchema.marks).sort())
  })

  it.each(Object.keys(minutesSchema.nodes))('matches minutesSchema for node %s', (name) => {
    const ours = editorSchema.nodes[name]
    const theirs = minutesSchema.nodes[name]
    expect(ours.spec.content).toBe(theirs.spec.content)
    expect(ours.spec.group).toBe(theirs.spec.group)
    expect(ours.isInline).toBe(theirs.isInline)
    expect(ours.isLeaf).toBe(theirs.isLeaf)
    expect(ours.spec.marks).toBe(theirs.spec.marks)
    expect(Boolean(ours.spec.defining)).toBe(Boolean(theirs.spec.defining))
    expect(Boolean(ours.spec.isolating)).toBe(Boolean(theirs.spec.isolating))
    const attrs = (type: typeof ours) =>
      Object.fromEntries(Object.entries(type.spec.attrs ?? {}).map(([key, attr]) => [key, attr.default]))
    expect(attrs(ours)).toEqual(attrs(theirs))
  })

  it('accepts a new meeting template and rejects an invalid attribute value', () => {
    const json = minutesTemplate({ organ: 'NUIT', title: '', number: '3/2023', date: '2023-10-04', time: '', place: '' })
    const doc = editorSchema.nodeFromJSON(json)
    expect(() => doc.check()).not.toThrow()
    expect(doc.toJSON()).toEqual(minutesSchema.nodeFromJSON(json).toJSON())
    const item = doc.child(2)
    expect(() => editorSchema.nodes.agendaItem.create({ ...item.attrs, number: '17-2' }, item.content).check()).toThrow()
  })
})
