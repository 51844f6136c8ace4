import { describe, expect, it } from 'vitest'
import {
  agendaItemJSON,
  isUnchangedProposal,
  minutesSchema,
  minutesTemplate,
  otherBusinessJSON,
  type JSONContent,
} from '../../../shared'

const meeting = {
  organ: 'Nasjonalt e-helseråd',
  title: 'Referat fra møte i Nasjonalt e-helseråd',
  number: '3/2023',
  date: '2023-10-04',
  time: 'Kl. 09.00 – 15.00',
  place: 'Scandic Grand Tromsø',
  firstAgendaNumber: 17,
}

/** Parses JSON into a node and runs the schema's full check; throws on any violation. */
function check(json: JSONContent): void {
  minutesSchema.nodeFromJSON(json).check()
}

/** The template with its agenda items replaced. */
function withItems(items: JSONContent[]): JSONContent {
  const doc = minutesTemplate(meeting)
  return { ...doc, content: [doc.content![0], doc.content![1], ...items] }
}

const para = (text: string): JSONContent => ({ type: 'paragraph', content: [{ type: 'text', text }] })
const decision = (text: string): JSONContent => ({ type: 'decision', content: [para(text)] })

describe('minutes schema', () => {
  it('accepts the template of a new meeting', () => {
    expect(() => check(minutesTemplate(meeting))).not.toThrow()
  })

  it('accepts a sak with narrative, innspill, aksjonspunkter and a two-paragraph vedtak', () => {
    const item = agendaItemJSON({ number: '19/23', title: 'Orientering fra Direktoratet for e-helse', caseType: 'Orientering' })
    item.content = [
      item.content![0],
      {
        type: 'narrative',
        content: [
          para('Mariann Hornnes, Direktoratet for e-helse, orienterte Nasjonalt e-helseråd om følgende sak:'),
          { type: 'bulletList', content: [{ type: 'listItem', content: [para('Ny nasjonal digitaliseringsstrategi')] }] },
          { type: 'subheading', content: [{ type: 'text', text: 'Andre tema som ble diskutert' }] },
        ],
      },
      {
        type: 'memberInputs',
        content: [
          { type: 'memberInput', content: [{ type: 'text', text: 'Det bør tas utgangspunkt i nasjonal e-helsestrategi.' }] },
          para('Medlemmene la frem ulike hensyn knyttet til prioritering:'),
        ],
      },
      {
        type: 'actionItems',
        content: [
          {
            type: 'actionItem',
            attrs: { owner: 'Direktoratet for e-helse', dueDate: '2023-11-01' },
            content: [{ type: 'text', text: 'Distribuerer sitt innspill.' }],
          },
        ],
      },
      { type: 'decision', content: [para('Første avsnitt.'), para('Andre avsnitt.')] },
    ]
    expect(() => check(withItems([item, otherBusinessJSON('27/23')]))).not.toThrow()
  })

  it('accepts attendees marked digital, late and as substitutes', () => {
    const doc = minutesTemplate(meeting)
    doc.content![1].content![0].content = [
      { type: 'attendee', attrs: { remote: true }, content: [{ type: 'text', text: 'Wenche P. Dehli (Trondheim kommune)' }] },
      { type: 'attendee', attrs: { arrivedAt: '10.10' }, content: [{ type: 'text', text: 'Erik Hansen (Helse Vest RHF)' }] },
    ]
    doc.content![1].content![2].content = [
      {
        type: 'attendee',
        attrs: { substituteFor: 'Lill Sverresdatter Larsen' },
        content: [{ type: 'text', text: 'Kai Øivind Brenden, Norsk Sykepleierforbund' }],
      },
    ]
    expect(() => check(doc)).not.toThrow()
  })

  it('rejects a vedtak outside a sak', () => {
    const doc = withItems([decision('Nasjonalt e-helseråd tar saken til orientering.')])
    expect(() => check(doc)).toThrow(RangeError)
  })

  it('rejects two vedtak in one sak', () => {
    const item = agendaItemJSON({ number: '17/23', title: 'Godkjenning', decision: 'Godkjent.' })
    item.content!.push(decision('Godkjent igjen.'))
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })

  it('rejects a vedtak in Eventuelt', () => {
    const other = otherBusinessJSON('27/23')
    other.content!.push(decision('Ingen vedtak i eventuelt.'))
    expect(() => check(withItems([other]))).toThrow(RangeError)
  })

  it('rejects Eventuelt before an ordinary sak', () => {
    const doc = withItems([otherBusinessJSON('17/23'), agendaItemJSON({ number: '18/23', title: 'Sak' })])
    expect(() => check(doc)).toThrow(RangeError)
  })

  it('rejects sections out of order (vedtak before innspill)', () => {
    const item = agendaItemJSON({ number: '17/23', title: 'Sak', decision: 'Vedtak.' })
    item.content!.push({ type: 'memberInputs', content: [{ type: 'memberInput' }] })
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })

  it('rejects a sak without a title', () => {
    const item = agendaItemJSON({ number: '17/23', title: 'Sak' })
    item.content = item.content!.slice(1)
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })

  it('rejects a header missing a field', () => {
    const doc = minutesTemplate(meeting)
    doc.content![0].content = doc.content![0].content!.slice(1)
    expect(() => check(doc)).toThrow(RangeError)
  })

  it('rejects marks in a sak title', () => {
    const item = agendaItemJSON({ number: '17/23', title: '' })
    item.content![0].content = [{ type: 'text', text: 'Sak', marks: [{ type: 'bold' }] }]
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })

  it.each([
    ['a sak number in none of the forms NN/YY, NN-YYYY, NN', { number: '17/2' }],
    ['a sakstype of two lines', { caseType: 'Vedtak\nsak' }],
    ['a sakstype over 40 characters', { caseType: 'x'.repeat(41) }],
    ['a prefix that is not an upper-case code', { prefix: 'ps 1' }],
    ['a planned end that is not a clock time', { plannedEnd: '9' }],
    ['a planned start that is not a clock time', { plannedStart: '25.61' }],
  ])('rejects %s', (_label, attrs) => {
    const item = agendaItemJSON({ number: '17/23', title: 'Sak' })
    item.attrs = { ...item.attrs, ...attrs }
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })

  it("accepts the body's own sakstype, a PS prefix, a planned end and numbers as bodies write them", () => {
    const items = [
      agendaItemJSON({ number: '12/24', prefix: 'PS', title: 'Budsjett', caseType: 'Vedtakssak', plannedStart: '10:00', plannedEnd: '10:30' }),
      agendaItemJSON({ number: '034-2024', title: 'Styresak', caseType: 'Framlegg til vedtak' }),
      agendaItemJSON({ number: '3', title: 'Sak uten år', narrative: 'Bakgrunn.\n\nMer bakgrunn.' }),
    ]
    expect(() => check(withItems(items))).not.toThrow()
  })

  it('rejects an action item due date that is not an ISO date', () => {
    const item = agendaItemJSON({ number: '17/23', title: 'Sak' })
    item.content!.push({ type: 'actionItems', content: [{ type: 'actionItem', attrs: { dueDate: '1. mai' } }] })
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })

  it('rejects an unknown node type', () => {
    expect(() => check(withItems([{ type: 'vote' }]))).toThrow(RangeError)
  })
})

describe('proposed vedtak', () => {
  it('is marked as a proposal until its text changes', () => {
    const item = minutesSchema.nodeFromJSON(
      agendaItemJSON({ number: '12/20', title: 'Sak', proposal: 'NUIT tar saken til orientering.\n\nAndre avsnitt.' }),
    )
    const decision = item.lastChild!
    expect(decision.childCount).toBe(2)
    expect(isUnchangedProposal(decision)).toBe(true)
    const edited = decision.copy(decision.content.replaceChild(1, minutesSchema.nodes.paragraph.create(null, minutesSchema.text('Endret.'))))
    expect(isUnchangedProposal(edited)).toBe(false)
  })

  it('rejects a proposal hash that is not SHA-256 hex', () => {
    const item = agendaItemJSON({ number: '17/23', title: 'Sak', decision: 'Vedtak.' })
    item.content![item.content!.length - 1].attrs = { proposedTextHash: 'abc' }
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })
})

describe('sak timestamps', () => {
  it('accepts ISO timestamps for started and ended, and rejects anything else', () => {
    const item = agendaItemJSON({ number: '17/23', title: 'Sak' })
    item.attrs = { ...item.attrs, startedAt: '2023-10-04T07:02:00.000Z', endedAt: '2023-10-04T07:10:30.000Z' }
    expect(() => check(withItems([item]))).not.toThrow()
    item.attrs = { ...item.attrs, endedAt: '09.10' }
    expect(() => check(withItems([item]))).toThrow(RangeError)
  })
})
