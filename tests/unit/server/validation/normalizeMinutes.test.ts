import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { MINUTES_FRAGMENT, minutesSchema } from '../../../../shared/schema'
import { initialMinutesUpdate } from '../../../../server/rooms'
import { fragmentToProseMirror, normalizeMinutes, repairNode } from '../../../../server/validation'

const s = minutesSchema
const p = (text = '') => s.node('paragraph', null, text ? [s.text(text)] : [])
const title = (text: string) => s.node('agendaTitle', null, [s.text(text)])
const narrative = () => s.node('narrative', null, [p()])
const decision = (...texts: string[]) => s.node('decision', null, texts.map((t) => p(t)))
/** An agendaItem built without checks, as concurrent merges can produce it. */
const item = (...children: ReturnType<typeof p>[]) => s.nodes.agendaItem.create({ number: '1/24' }, children)

describe('repairNode', () => {
  it('returns a valid node unchanged (same object)', () => {
    const valid = item(title('Sak'), narrative(), decision('Vedtatt'))
    expect(repairNode(valid)).toBe(valid)
  })

  it('merges a second decision into the first', () => {
    const repaired = repairNode(item(title('Sak'), narrative(), decision('A'), decision('B')))
    repaired.check()
    expect(repaired.toString()).toBe('agendaItem(agendaTitle("Sak"), narrative(paragraph), decision(paragraph("A"), paragraph("B")))')
  })

  it('fills required nodes that are missing, in front of a child and at the end', () => {
    const missingNarrative = repairNode(item(title('Sak'), decision('A')))
    missingNarrative.check()
    expect(missingNarrative.toString()).toBe('agendaItem(agendaTitle("Sak"), narrative(paragraph), decision(paragraph("A")))')
    const emptyList = repairNode(s.nodes.presentList.create(null, []))
    emptyList.check()
    expect(emptyList.toString()).toBe('presentList(attendee)')
  })

  it('drops a child that fits nowhere and has no sibling of its type to merge into', () => {
    const stray = repairNode(s.nodes.narrative.create(null, [p('x'), s.node('attendee', null, [s.text('Ola')])]))
    stray.check()
    expect(stray.toString()).toBe('narrative(paragraph("x"))')
  })

  it('repairs nested nodes', () => {
    const doc = s.topNodeType.create(null, [
      s.node('meetingHeader', null, ['organ', 'meetingTitle', 'meetingNumber', 'meetingDate', 'meetingTime', 'meetingPlace'].map((n) => s.node(n))),
      s.nodes.attendance.create(null, ['presentList', 'absentList', 'substituteList', 'observerList', 'secretariatList'].map((n) => s.nodes[n].create(null, []))),
      item(title('Sak'), narrative(), decision('A'), decision('B')),
    ])
    const repaired = repairNode(doc)
    repaired.check()
    expect(repaired.child(1).child(0).childCount).toBe(1)
    expect(repaired.child(2).lastChild!.childCount).toBe(2)
  })
})

describe('normalizeMinutes', () => {
  it('writes only the repair into the Y document, in one transaction with the given origin', () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, initialMinutesUpdate({ organ: 'Rådet', title: '', number: '', date: '2024-02-01', time: '', place: '' }))
    const fragment = doc.getXmlFragment(MINUTES_FRAGMENT)
    const agendaItem = fragment.get(2) as Y.XmlElement
    const extra = new Y.XmlElement('decision')
    agendaItem.insert(agendaItem.length, [extra])
    const para = new Y.XmlElement('paragraph')
    extra.insert(0, [para])
    para.insert(0, [new Y.XmlText('Tillegg')])
    const untouched = fragment.get(3)

    const origins: unknown[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin))
    expect(normalizeMinutes(doc, fragment, 'repair')).toBe(true)
    expect(origins).toEqual(['repair'])
    expect(fragment.get(3)).toBe(untouched)
    const repaired = fragmentToProseMirror(fragment)
    repaired.check()
    expect(repaired.child(2).lastChild!.textContent).toMatch(/godkjenner innkalling.*Tillegg/)
    expect(normalizeMinutes(doc, fragment, 'repair')).toBe(false)
  })
})
