import { describe, expect, it } from 'vitest'
import {
  joinParagraphs,
  joinWrapped,
  knownCaseType,
  proposalLabel,
  sakRefOf,
  tableHead,
  timeSpanOf,
  trailingCaseType,
} from '../../../../shared/import/rules'
import { repeatedFurniture } from '../../../../shared/import/furniture'
import { textToSource } from '../../../../shared/import'

describe('layout rules', () => {
  it.each([
    ['Sak 9/21: Budsjett', { prefix: null, number: '9/21', rest: 'Budsjett' }],
    ['Sak9/21 Budsjett', { prefix: null, number: '9/21', rest: 'Budsjett' }],
    ['9/21 Budsjett', { prefix: null, number: '9/21', rest: 'Budsjett' }],
    ['PS 12/24 Gebyrer', { prefix: 'PS', number: '12/24', rest: 'Gebyrer' }],
    ['RS 3/24 Brev', { prefix: 'RS', number: '3/24', rest: 'Brev' }],
    ['Sak 1 Velkommen', { prefix: null, number: '1', rest: 'Velkommen' }],
    ['Styresak 034-2024 Protokoll', { prefix: null, number: '034-2024', rest: 'Protokoll' }],
  ])('reads the sak reference in %s', (text, ref) => {
    expect(sakRefOf(text)).toEqual(ref)
  })

  it.each(['3 Velkommen', '2024 ble et godt år', 'Sak 10.00 starter', 'ps 12/24 små bokstaver', '1/3 av budsjettet'])('finds no sak in %s', (text) => {
    expect(sakRefOf(text)).toBeNull()
  })

  it('reads planned times as a clock time or a range', () => {
    expect(timeSpanOf('13:00')).toEqual({ start: '13:00', end: null })
    expect(timeSpanOf('kl. 13.05')).toEqual({ start: '13:05', end: null })
    expect(timeSpanOf('13.00–13.20')).toEqual({ start: '13:00', end: '13:20' })
    expect(timeSpanOf('9.00 - 9.45')).toEqual({ start: '09:00', end: '09:45' })
    expect(timeSpanOf('25.00')).toEqual({ start: null, end: null })
    expect(timeSpanOf('Budsjett')).toBeNull()
  })

  it("keeps the body's word for a sakstype and does not take a lower-case title word for one", () => {
    expect(knownCaseType('orienteringssak')).toBe('Orienteringssak')
    expect(knownCaseType('Prat')).toBeNull()
    expect(trailingCaseType('Budsjett Vedtakssak')).toEqual({ title: 'Budsjett', caseType: 'Vedtakssak' })
    expect(trailingCaseType('Budsjett (drøftingssak)')).toEqual({ title: 'Budsjett', caseType: 'Drøftingssak' })
    expect(trailingCaseType('Budsjett til godkjenning')).toEqual({ title: 'Budsjett til godkjenning', caseType: null })
  })

  it('reads proposal labels as headings and inline, and not a title that starts with Innstilling', () => {
    expect(proposalLabel('Forslag til vedtak')).toBe('')
    expect(proposalLabel('Framlegg til vedtak: Saka vert teken til vitande.')).toBe('Saka vert teken til vitande.')
    expect(proposalLabel('Kommunedirektørens innstilling:')).toBe('')
    expect(proposalLabel('Administrerende direktørs forslag til vedtak:')).toBe('')
    expect(proposalLabel('Innstilling til ny styreleder')).toBeNull()
  })

  it('maps the columns of a table head', () => {
    expect(tableHead('Sak Tema Sakstype', undefined)).toEqual(['number', 'title', 'type'])
    expect(tableHead('', ['Tid', 'Sak', 'Tema', 'Ansvarlig'])).toEqual(['time', 'number', 'title', 'ignore'])
    expect(tableHead('', ['Nr', 'Sak', 'Innleder'])).toEqual(['number', 'title', 'ignore'])
    expect(tableHead('Sak til orientering fra rådmannen', undefined)).toBeNull()
  })

  it('joins words hyphenated at line ends, keeping hyphens that belong to the word', () => {
    expect(joinWrapped(['ta med seg innspill fra e-', 'helsestyret'])).toBe('ta med seg innspill fra e-helsestyret')
    expect(joinWrapped(['en oppdatert mel-', 'ding'])).toBe('en oppdatert melding')
    expect(joinWrapped(['Helse Sør-', 'Øst'])).toBe('Helse Sør-Øst')
    expect(joinWrapped(['helse-', 'og omsorg'])).toBe('helse- og omsorg')
    expect(joinParagraphs(['Første.', null, 'Andre', null, 'fortsetter.', '1. Punkt'])).toBe('Første.\n\nAndre fortsetter.\n\n1. Punkt')
  })

  it('finds headers and footers repeated at page breaks, and not a repeated proposal text', () => {
    const text = ['Topptekst AS', 'Sak 1/24 A', 'Styret tar saken til orientering.', 'Side 1', '\fTopptekst AS', 'Sak 2/24 B', 'Styret tar saken til orientering.', 'Side 2', '\fTopptekst AS', 'Sak 3/24 C', 'Styret tar saken til orientering.', 'Side 3'].join('\n')
    const doc = textToSource(text)
    const found = [...repeatedFurniture(doc.lines)].map((i) => doc.lines[i].text.replace('\f', ''))
    expect(new Set(found)).toEqual(new Set(['Topptekst AS']))
  })
})
