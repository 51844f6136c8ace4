import { describe, expect, it } from 'vitest'
import { textToSource } from '../../../../shared/import'

describe('textToSource', () => {
  it('keeps lines in order, collapses whitespace, and makes cells of tab- or wide-space-separated fields', () => {
    const doc = textToSource('Innkalling\r\n\r\n12/20\tGodkjenning av referat\tGodkjenning\n13/20   Orientering om   budsjett   Orientering\nSide  2 ')
    expect(doc.format).toBe('text')
    expect(doc.lines).toEqual([
      { text: 'Innkalling' },
      { text: '' },
      { text: '12/20 Godkjenning av referat Godkjenning', cells: ['12/20', 'Godkjenning av referat', 'Godkjenning'] },
      { text: '13/20 Orientering om budsjett Orientering', cells: ['13/20', 'Orientering om', 'budsjett', 'Orientering'] },
      { text: 'Side 2' },
    ])
  })
})
