// A sak's series (PS/RS), planned start and planned end, as the agenda gave them (issue 13),
// carried into every export.
import mammoth from 'mammoth'
import { describe, expect, it } from 'vitest'
import { draftItem, draftToMinutes, minutesSchema, parseMeetingInfo, type MeetingSummary } from '../../../../shared'
import { toHtml, toJson, toMarkdown, toReferatModel } from '../../../../server/export'
import { toDocx } from '../../../../server/export/docx'

const info = parseMeetingInfo({ organ: 'Formannskapet', title: '', number: '4/2024', date: '2024-05-14', time: '', place: '', firstAgendaNumber: 12 })
const meeting: MeetingSummary = { id: 'AbCdEfGhIjKlMnOp', ...info, createdAt: '2024-05-01T08:00:00.000Z' }
const draft = {
  info: {},
  unread: [],
  items: [
    draftItem({ number: '12/24', prefix: 'PS', title: 'Budsjett 2025', caseType: 'Vedtakssak', plannedStart: '13:00', plannedEnd: '13:20', proposal: 'Formannskapet vedtar budsjettet.' }),
    draftItem({ number: '3/24', prefix: 'RS', title: 'Referat fra eldrerådet', plannedStart: '13:20' }),
    draftItem({ number: '13/24', title: 'Uten serie' }),
  ],
}
const doc = minutesSchema.nodeFromJSON(draftToMinutes(draft, info))

describe('series and planned times in the exports', () => {
  const model = toReferatModel(doc, meeting)

  it('prints the series with the number, and the planned times beside the actual ones', () => {
    const [ps, rs, plain] = model.saker
    expect([ps.number, ps.prefix, ps.plannedStart, ps.plannedEnd]).toEqual(['PS 12/24', 'PS', '13:00', '13:20'])
    expect(ps.timesDisplay).toBe('Planlagt kl. 13.00–13.20.')
    expect([rs.number, rs.timesDisplay]).toEqual(['RS 3/24', 'Planlagt kl. 13.20.'])
    expect([plain.number, plain.prefix, plain.timesDisplay]).toEqual(['13/24', null, null])
    expect(model.agenda.slice(0, 2).map((r) => r.number)).toEqual(['PS 12/24', 'RS 3/24'])
  })

  it('reaches Markdown, HTML, JSON and Word', async () => {
    for (const [format, text] of [
      ['md', toMarkdown(model)],
      ['html', toHtml(model)],
      ['json', toJson(model, meeting)],
    ] as const) {
      expect(text, format).toContain('PS 12/24')
      expect(text, format).toContain('RS 3/24')
      expect(text, format).toContain('Planlagt kl. 13.00–13.20.')
    }
    expect(JSON.parse(toJson(model, meeting)).saker[0]).toMatchObject({ prefix: 'PS', plannedStart: '13:00', plannedEnd: '13:20' })
    const { value: docxText } = await mammoth.extractRawText({ buffer: Buffer.from(await toDocx(model)) })
    expect(docxText).toContain('PS 12/24')
    expect(docxText).toContain('Planlagt kl. 13.00–13.20.')
  })
})
