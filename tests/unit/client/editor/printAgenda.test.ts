import { describe, expect, it } from 'vitest'
import { agendaRows } from '../../../../client/editor/printAgenda'
import { minutesSchema } from '../../../../shared'
import { seed003 } from '../../../fixtures/seed003'

describe('agendaRows', () => {
  it('lists seed 003 the way its agenda table does: Sak, Tema, Sakstype', () => {
    const rows = agendaRows(minutesSchema.nodeFromJSON(seed003))
    expect(rows).toHaveLength(11)
    expect(rows[0]).toEqual({ number: '17/23', title: 'Godkjenning av innkalling og dagsorden', caseType: 'Godkjenning' })
    expect(rows[10]).toEqual({ number: '27/23', title: 'Eventuelt', caseType: '' })
  })

  it('prints a sak’s series with its number, as the exports do', () => {
    const withSeries = structuredClone(seed003) as { content: { type: string; attrs?: Record<string, unknown> }[] }
    const first = withSeries.content.find((n) => n.type === 'agendaItem')!
    first.attrs = { ...first.attrs, prefix: 'PS' }
    expect(agendaRows(minutesSchema.nodeFromJSON(withSeries))[0].number).toBe('PS 17/23')
  })
})
