import { describe, expect, it } from 'vitest'
import { minutesSchema } from '../../../../shared'
import { pdfPrintable, toDocx, toPdf, toReferatModel } from '../../../../server/export'
import { seed003 } from '../../../fixtures/seed003'
import { docxText, pdfText, withoutPageFurniture } from '../../../helpers/documentText'
import { enterSeed003 } from './enterSeed003'
import { firstMissingInOrder, seed003ReadingOrder } from './seed003Expectations'

const expected = seed003ReadingOrder()
// The sak blocks start after the agenda table's last row.
const AFTER_AGENDA = '27/23 Eventuelt'

describe('DOCX and PDF export of seed 003', { timeout: 30_000 }, () => {
  const model = toReferatModel(enterSeed003())

  it('looks for all 11 saker with their innspill and vedtak', () => {
    expect(expected.filter((e) => /^\d\d\/23 /.test(e))).toHaveLength(11)
    expect(expected.length).toBeGreaterThan(60)
  })

  it('DOCX: holds every sak, innspill and vedtak in order, the layout labels, and æøå', async () => {
    const text = docxText(await toDocx(model))
    expect(firstMissingInOrder(text, expected, AFTER_AGENDA)).toBeNull()
    expect(firstMissingInOrder(text, ['Referat fra møte i Nasjonalt e-helseråd', 'Møte', '3/2023', 'Dato', 'Tid', 'Sted', 'Medlemmer', 'Til stede', 'Ikke til stede', 'Stedfortreder', 'Sak', 'Tema', 'Sakstype'])).toBeNull()
    expect(firstMissingInOrder(text, ['19/23 Orientering', 'Innspill:', 'Aksjonspunkter:', 'Vedtak:'])).toBeNull()
    expect(text).toContain('Wenche P. Dehli (Trondheim kommune) – digitalt')
    expect(text).toContain('Kai Øivind Brenden')
    expect(text).toMatch(/æ/)
    expect(text).toMatch(/ø/)
    expect(text).toMatch(/å/)
  })

  it('PDF: holds every sak, innspill and vedtak in order, the layout labels, and æøå', async () => {
    const bytes = await toPdf(model)
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-')
    const text = withoutPageFurniture(await pdfText(bytes))
    expect(firstMissingInOrder(text, expected, AFTER_AGENDA)).toBeNull()
    expect(firstMissingInOrder(text, ['Referat fra møte i Nasjonalt e-helseråd', 'Møte', '3/2023', 'Dato', 'Tid', 'Sted', 'Medlemmer', 'Til stede', 'Ikke til stede', 'Stedfortreder', 'Sak', 'Tema', 'Sakstype'])).toBeNull()
    expect(firstMissingInOrder(text, ['19/23 Orientering', 'Innspill:', 'Aksjonspunkter:', 'Vedtak:'])).toBeNull()
    expect(text).toContain('Kai Øivind Brenden')
    expect(text).toContain('Sør-Øst')
    expect(text).toContain('Tromsø')
    expect(text).toContain('Dunsæd')
    expect(text).toContain('«Drift- og')
    expect(text).toContain('09.00 – 15.00')
  })

  it('PDF: prints characters no embedded face holds as "?", never as other letters; Greek and Sámi as they are', async () => {
    expect(pdfPrintable('Blåbær på Ørland – «ja» € Ωmega Ŋ')).toBe('Blåbær på Ørland – «ja» € Ωmega Ŋ')
    expect(pdfPrintable('ok 😀 中\u200b\tx')).toBe('ok ? ? x')
    const json = structuredClone(seed003)
    json.content![2].content![0] = { type: 'agendaTitle', content: [{ type: 'text', text: 'ÆØÅ æøå Ωmega 😀' }] }
    const text = await pdfText(await toPdf(toReferatModel(minutesSchema.nodeFromJSON(json))))
    expect(text).toContain('17/23 ÆØÅ æøå Ωmega ?')
  })
})
