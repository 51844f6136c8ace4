import { describe, expect, it } from 'vitest'
import { posOfTextPoint } from '../../../../client/editor'
import { findNode, meetingDoc, rangeOf } from './fixtures'

describe('posOfTextPoint (the light reader hands its selection to the editor)', () => {
  const doc = meetingDoc()
  /** The index of the top-level block at `pos`, and the characters of its text before `pos`. */
  const pointOf = (pos: number) => {
    const block = doc.resolve(pos).index(0)
    let start = 0
    for (let i = 0; i < block; i++) start += doc.child(i).nodeSize
    return { block, offset: doc.textBetween(start, pos, '').length }
  }

  it('finds the position of a point inside the text of a sak, across its textblocks', () => {
    const { from, to } = rangeOf(doc, 'e-helseråd godkjenner')
    expect(posOfTextPoint(doc, pointOf(from))).toBe(from)
    expect(posOfTextPoint(doc, pointOf(to))).toBe(to)
    const decision = findNode(doc, 'decision', 1)
    const end = decision.pos + decision.node.nodeSize - 2
    expect(posOfTextPoint(doc, pointOf(end))).toBe(end)
  })

  it('puts a point between two textblocks into the later one, or with bias before into the earlier', () => {
    const title = findNode(doc, 'agendaTitle')
    const titleEnd = title.pos + title.node.nodeSize - 1
    const vedtak = rangeOf(doc, 'Nasjonalt e-helseråd godkjenner')
    // The first sak has a title and an (empty) narrative, then the vedtak's text.
    const boundary = pointOf(titleEnd)
    expect(boundary).toEqual(pointOf(vedtak.from))
    expect(posOfTextPoint(doc, boundary)).toBe(vedtak.from)
    expect(posOfTextPoint(doc, boundary, 'before')).toBe(titleEnd)
  })

  it('puts a point past the block’s text at the end of its last text, and refuses a block that is not there', () => {
    const title = findNode(doc, 'agendaTitle')
    const block = doc.resolve(title.pos).index(0)
    const decision = findNode(doc, 'decision')
    const lastTextEnd = decision.pos + decision.node.nodeSize - 2
    expect(posOfTextPoint(doc, { block, offset: 100_000 })).toBe(lastTextEnd)
    expect(posOfTextPoint(doc, { block: doc.childCount, offset: 0 })).toBeNull()
    expect(posOfTextPoint(doc, { block: -1, offset: 0 })).toBeNull()
    expect(posOfTextPoint(doc, { block: 1.5, offset: 0 })).toBeNull()
  })
})
