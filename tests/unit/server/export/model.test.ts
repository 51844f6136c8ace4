import { describe, expect, it } from 'vitest'
import { minutesSchema, type MeetingSummary } from '../../../../shared'
import { REFERAT_JSON_FORMAT, toJson, toReferatModel } from '../../../../server/export'
import { seed003 } from '../../../fixtures/seed003'
import { enterSeed003 } from './enterSeed003'

const meeting: MeetingSummary = {
  id: 'AbCdEfGhIjKlMnOp',
  organ: 'Nasjonalt e-helseråd',
  title: '',
  number: '3/2023',
  date: '2023-10-04',
  time: 'Kl. 09.00 – 15.00',
  place: 'Scandic Grand Tromsø',
  createdAt: '2023-10-01T08:00:00.000Z',
}

describe('toReferatModel', () => {
  const doc = enterSeed003()

  it('is given seed 003 entered through the editor commands, identical to the fixture', () => {
    expect(doc.eq(minutesSchema.nodeFromJSON(seed003))).toBe(true)
  })

  it('holds the header, attendance with digitalt and stedfortreder lines, and the agenda', () => {
    const model = toReferatModel(doc, meeting)
    expect(model.title).toBe('Referat fra møte i Nasjonalt e-helseråd')
    expect(model.header.map((r) => `${r.label} ${r.value}`)).toEqual([
      'Møte 3/2023',
      'Dato 4. oktober 2023',
      'Tid Kl. 09.00 – 15.00',
      'Sted Scandic Grand Tromsø',
    ])
    expect(model.attendance.map((g) => g.label)).toEqual(['Til stede', 'Ikke til stede', 'Stedfortreder', 'Sekretariat'])
    const present = model.attendance[0].attendees.map((a) => a.display)
    expect(present).toContain('Wenche P. Dehli (Trondheim kommune) – digitalt')
    expect(model.attendance[2].attendees[0].display).toBe('Kai Øivind Brenden, Norsk Sykepleierforbund, for Lill Sverresdatter Larsen')
    expect(model.agenda).toHaveLength(11)
    expect(model.agenda[3]).toEqual({ number: '20/23', title: 'Tiltak for 2024 for å nå mål i veikart for nasjonal e-helsestrategi', caseType: 'Anbefaling' })
  })

  it('keeps each sak\'s sections apart; Eventuelt has no vedtak', () => {
    const model = toReferatModel(doc)
    const s19 = model.saker[2]
    expect(s19.innspill.filter((b) => b.type === 'memberInput')).toHaveLength(2)
    expect(s19.aksjonspunkter[0].owner).toBe('Direktoratet for e-helse')
    expect(s19.vedtak).toEqual([[{ text: 'Nasjonalt e-helseråd tar saken til orientering.' }]])
    const s20 = model.saker[3]
    expect(s20.innspill.map((b) => b.type)).toEqual(['paragraph', 'paragraph', ...Array(6).fill('memberInput'), 'subheading', 'memberInput', 'memberInput', 'paragraph'])
    const eventuelt = model.saker[10]
    expect(eventuelt).toMatchObject({ kind: 'otherBusiness', number: '27/23', title: 'Eventuelt', vedtak: null, caseType: null })
  })

  it('notes late arrival and leaves out empty placeholders', () => {
    const json = structuredClone(seed003)
    const present = json.content![1].content![0].content!
    present[0] = { type: 'attendee', attrs: { arrivedAt: '10.10', remote: true }, content: [{ type: 'text', text: 'Erik Hansen (Helse Vest RHF)' }] }
    const model = toReferatModel(minutesSchema.nodeFromJSON(json))
    expect(model.attendance[0].attendees[0].display).toBe('Erik Hansen (Helse Vest RHF) – digitalt, kom kl. 10.10')
    expect(model.attendance.some((g) => g.group === 'observerList')).toBe(false)
  })
})

describe('toJson', () => {
  it('writes the versioned referat/1 format that parses back to the same structure', () => {
    const model = toReferatModel(enterSeed003(), meeting)
    const parsed = JSON.parse(toJson(model, meeting))
    expect(parsed.format).toBe(REFERAT_JSON_FORMAT)
    expect(parsed.format).toBe('referat/1')
    expect(parsed.meeting).toEqual({ id: meeting.id, date: '2023-10-04' })
    const { format: _f, meeting: _m, ...rest } = parsed
    expect(rest).toEqual(model)
  })
})
