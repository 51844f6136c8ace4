import { describe, expect, it } from 'vitest'
import { templateWords } from '../../../../server/export/labels'
import { draftToMinutes, minutesTemplate, type JSONContent } from '../../../../shared/minutes'

const info = { organ: 'Kontrollutvalet', title: '', number: '2/2026', date: '2026-03-04', time: '10.00', place: 'Førde' }

/** Every text of a JSON document, in order. */
function texts(node: JSONContent): string[] {
  return [...(node.text ? [node.text] : []), ...(node.content ?? []).flatMap(texts)]
}

describe('a new meeting starts in its own language', () => {
  it('bokmål by default, as before', () => {
    const all = texts(minutesTemplate(info)).join(' | ')
    expect(all).toContain('Referat fra møte i Kontrollutvalet')
    expect(all).toContain('Godkjenning av referat fra forrige møte')
    expect(all).toContain('4. mars 2026')
    expect(all).toContain('Eventuelt')
  })

  it('nynorsk: title, opening saker, their vedtak and the date', () => {
    const all = texts(minutesTemplate(info, templateWords('nn'))).join(' | ')
    expect(all).toContain('Referat frå møte i Kontrollutvalet')
    expect(all).toContain('Godkjenning av referat frå førre møte')
    expect(all).toContain('Kontrollutvalet godkjenner referatet frå førre møte.')
    expect(all).not.toContain('fra forrige')
  })

  it('English, also for a meeting imported from an agenda (its Eventuelt in English)', () => {
    const words = templateWords('en')
    const all = texts(minutesTemplate(info, words)).join(' | ')
    expect(all).toContain('Minutes of the meeting of Kontrollutvalet')
    expect(all).toContain('4 March 2026')
    const draft = { info: {}, items: [{ number: '5/26', prefix: null, title: 'Budsjett', caseType: null, background: null, proposal: null, plannedStart: null, plannedEnd: null }], unread: [] }
    const imported = texts(draftToMinutes(draft as never, info, words)).join(' | ')
    expect(imported).toContain('Any other business')
    expect(imported).not.toContain('Eventuelt')
  })
})
