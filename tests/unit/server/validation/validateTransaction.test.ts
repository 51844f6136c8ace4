import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { CLOSE, ProtocolError } from '../../../../shared/protocol'
import { MAX_TREE_DEPTH, MINUTES_FRAGMENT } from '../../../../shared/schema'
import { initialMinutesUpdate } from '../../../../server/rooms'
import { validateTransaction, type ValidationResult } from '../../../../server/validation'

const INITIAL = initialMinutesUpdate({ organ: 'Rådet', title: '', number: '', date: '2024-02-01', time: '', place: '' })

/** A server-side document holding the template minutes. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc({ gc: true })
  doc.getXmlFragment(MINUTES_FRAGMENT)
  Y.applyUpdate(doc, INITIAL)
  return doc
}

/**
 * Makes a change on a client copy, applies the resulting update to a server document inside
 * one transaction, and validates that transaction.
 */
function validateChange(change: (fragment: Y.XmlFragment, doc: Y.Doc) => void): ValidationResult {
  const client = serverDoc()
  const before = Y.encodeStateVector(client)
  client.transact(() => change(client.getXmlFragment(MINUTES_FRAGMENT), client))
  const update = Y.encodeStateAsUpdate(client, before)
  const server = serverDoc()
  let transaction: Y.Transaction | null = null
  server.on('afterTransaction', (tr: Y.Transaction) => {
    if (tr.origin === 'peer') transaction = tr
  })
  Y.applyUpdate(server, update, 'peer')
  return validateTransaction(transaction!, server.getXmlFragment(MINUTES_FRAGMENT))
}

function expectRejected(change: (fragment: Y.XmlFragment, doc: Y.Doc) => void, detail: RegExp): void {
  let error: unknown
  try {
    validateChange(change)
  } catch (err) {
    error = err
  }
  expect(error).toBeInstanceOf(ProtocolError)
  expect((error as ProtocolError).close).toBe(CLOSE.updateRejected)
  expect((error as ProtocolError).detail).toMatch(detail)
}

const element = (name: string, ...children: (Y.XmlElement | Y.XmlText)[]) => {
  const el = new Y.XmlElement(name)
  el.insert(0, children)
  return el
}
const child = (parent: Y.XmlFragment, name: string, index = 0): Y.XmlElement =>
  parent.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === name)[index]
const firstItem = (f: Y.XmlFragment) => child(f, 'agendaItem')
const firstParagraphText = (f: Y.XmlFragment) =>
  child(child(firstItem(f), 'narrative'), 'paragraph')

describe('validateTransaction', () => {
  it('accepts typing, formatting and a new valid agenda item', () => {
    const result = validateChange((f) => {
      const paragraph = firstParagraphText(f)
      const text = new Y.XmlText()
      paragraph.insert(0, [text])
      text.insert(0, 'Budsjettet ble lagt fram', { bold: {} })
      firstItem(f).setAttribute('caseType', 'Orientering')
      const item = element(
        'agendaItem',
        element('agendaTitle', new Y.XmlText('Budsjett')),
        element('narrative', element('paragraph')),
      )
      item.setAttribute('number', '3/24')
      f.insert(4, [item])
    })
    expect(result.shapeErrors).toEqual([])
  })

  it('accepts an empty transaction', () => {
    expect(validateChange(() => undefined).shapeErrors).toEqual([])
  })

  it('rejects a root type other than the minutes fragment', () => {
    expectRejected((_f, doc) => doc.getMap('evil').set('x', 1), /root type "evil"/)
    expectRejected((_f, doc) => doc.getText('notes').insert(0, 'x'), /root type "notes"/)
  })

  it('rejects unknown node names and the name text', () => {
    expectRejected((f) => f.insert(0, [new Y.XmlElement('script')]), /unknown node "script"/)
    expectRejected((f) => firstParagraphText(f).insert(0, [new Y.XmlElement('text')]), /unknown node "text"/)
  })

  it('rejects a known node where no content expression allows it', () => {
    expectRejected((f) => f.insert(2, [element('decision', element('paragraph'))]), /decision is not allowed inside minutes/)
    expectRejected((f) => child(firstItem(f), 'narrative').insert(0, [element('attendee')]), /attendee is not allowed inside narrative/)
  })

  it('rejects text outside textblocks', () => {
    expectRejected((f) => child(firstItem(f), 'narrative').insert(0, [new Y.XmlText('loose')]), /text inside/)
    expectRejected((f) => f.insert(0, [new Y.XmlText('loose')]), /text inside minutes/)
  })

  it('rejects unknown attributes and invalid attribute values', () => {
    expectRejected((f) => firstItem(f).setAttribute('onclick', 'x'), /unknown attribute "onclick"/)
    expectRejected((f) => firstItem(f).setAttribute('number', 'tolv'), /attribute "number"/)
    expectRejected((f) => firstItem(f).setAttribute('caseType', 'Kupp\nneste linje'), /attribute "caseType"/)
    expectRejected((f) => {
      const el = element('attendee')
      el.setAttribute('remote', 'yes' as unknown as string)
      child(child(f, 'attendance'), 'presentList').insert(0, [el])
    }, /attribute "remote"/)
  })

  it('rejects marks the parent does not allow and unknown marks', () => {
    expectRejected((f) => {
      const organ = child(child(f, 'meetingHeader'), 'organ')
      ;(organ.get(0) as Y.XmlText).format(0, 2, { bold: {} })
    }, /mark "bold" inside organ/)
    expectRejected((f) => {
      const text = new Y.XmlText()
      firstParagraphText(f).insert(0, [text])
      text.insert(0, 'x', { link: { href: 'javascript:alert(1)' } })
    }, /mark "link"/)
  })

  it('rejects embeds in text', () => {
    expectRejected((f) => {
      const text = new Y.XmlText()
      firstParagraphText(f).insert(0, [text])
      text.insertEmbed(0, { image: 'x.png' })
    }, /ContentEmbed/)
  })

  it('rejects other shared types and subdocuments inside the fragment', () => {
    expectRejected((f) => f.insert(0, [new Y.Map() as unknown as Y.XmlElement]), /YMap inside minutes/)
    expectRejected((f) => firstParagraphText(f).insert(0, [new Y.Array() as unknown as Y.XmlElement]), /YArray inside/)
    expectRejected((f) => firstItem(f).setAttribute('id', new Y.Map() as unknown as string), /attribute "id"/)
    expectRejected((f) => f.insert(0, [new Y.Doc() as unknown as Y.XmlElement]), /subdocument|ContentDoc/)
  })

  it('rejects nesting deeper than MAX_TREE_DEPTH without recursing through all of it', () => {
    expectRejected((f) => {
      let parent = child(firstItem(f), 'narrative')
      for (let i = 0; i < 5000; i++) {
        const next = new Y.XmlElement(i % 2 === 0 ? 'bulletList' : 'listItem')
        parent.insert(0, [next])
        parent = next
      }
    }, new RegExp(`deeper than ${MAX_TREE_DEPTH}`))
  })

  it('accepts nesting up to MAX_TREE_DEPTH and rejects one level more, added in a later update', () => {
    const client = serverDoc()
    const server = serverDoc()
    // narrative is at depth 2 (agendaItem is 1); build down to depth MAX_TREE_DEPTH - 1.
    let bottom = child(firstItem(client.getXmlFragment(MINUTES_FRAGMENT)), 'narrative')
    for (let depth = 3; depth < MAX_TREE_DEPTH; depth++) {
      const next = new Y.XmlElement(depth % 2 === 1 ? 'bulletList' : 'listItem')
      bottom.insert(0, [next])
      bottom = next
    }
    Y.applyUpdate(server, Y.encodeStateAsUpdate(client))
    const addLevel = () => {
      const before = Y.encodeStateVector(client)
      const next = new Y.XmlElement(bottom.nodeName === 'listItem' ? 'bulletList' : 'listItem')
      bottom.insert(0, [next])
      bottom = next
      let transaction: Y.Transaction | null = null
      const capture = (tr: Y.Transaction) => (transaction = tr)
      server.on('afterTransaction', capture)
      Y.applyUpdate(server, Y.encodeStateAsUpdate(client, before))
      server.off('afterTransaction', capture)
      return () => validateTransaction(transaction!, server.getXmlFragment(MINUTES_FRAGMENT))
    }
    expect(addLevel()).not.toThrow()
    expect(addLevel()).toThrow(new RegExp(`deeper than ${MAX_TREE_DEPTH}`))
  })

  it('reports, without rejecting, a content expression that no longer matches', () => {
    const twoDecisions = validateChange((f) => firstItem(f).insert(3, [element('decision', element('paragraph'))]))
    expect(twoDecisions.shapeErrors).toEqual(['minutes > agendaItem'])
    const emptyList = validateChange((f) => child(child(f, 'attendance'), 'presentList').delete(0, 1))
    expect(emptyList.shapeErrors).toEqual(['minutes > attendance > presentList'])
    const newEmptyItem = validateChange((f) => f.insert(4, [element('agendaItem')]))
    expect(newEmptyItem.shapeErrors).toEqual(['minutes > agendaItem'])
  })
})
