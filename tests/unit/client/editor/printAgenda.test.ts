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
})
