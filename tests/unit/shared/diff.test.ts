import { Node as PMNode } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import { agendaItemJSON, diffMinutes, diffText, minutesTemplate, type JSONContent, type MinutesDiff } from '../../../shared/minutes'
import { minutesSchema } from '../../../shared/schema'

const INFO = { organ: 'Styret', title: 'Styremøte', number: '3/2024', date: '2024-03-01', time: '', place: 'Oslo' }

/** Minutes from the template with `saker` in place of the template's agenda items. */
function minutes(saker: JSONContent[]): PMNode {
  const template = minutesTemplate(INFO)
  const content = (template.content ?? []).filter((n) => n.type === 'meetingHeader' || n.type === 'attendance')
  return PMNode.fromJSON(minutesSchema, { ...template, content: [...content, ...saker] })
}

const sak = (id: string, number: string, title: string, extra: { decision?: string; inputs?: string[] } = {}): JSONContent => {
  const item = agendaItemJSON({ id, number, title, narrative: 'Saken ble drøftet.', decision: extra.decision ?? null })
  if (!extra.inputs) return item
  const [titleNode, narrative, ...rest] = item.content ?? []
  const inputs = { type: 'memberInputs', content: extra.inputs.map((t) => ({ type: 'memberInput', content: [{ type: 'text', text: t }] })) }
  return { ...item, content: [titleNode, narrative, inputs, ...rest] }
}

const added = (d: MinutesDiff) => d.saker.flatMap((s) => s.sections.flatMap((x) => x.parts.filter((p) => p.kind === 'added').map((p) => p.text)))
const removed = (d: MinutesDiff) => d.saker.flatMap((s) => s.sections.flatMap((x) => x.parts.filter((p) => p.kind === 'removed').map((p) => p.text)))

describe('diffMinutes', () => {
  it('reports nothing for two documents that read the same', () => {
    const a = minutes([sak('sak-0001', '1/24', 'Budsjett', { decision: 'Vedtatt.' })])
    const b = minutes([sak('sak-0001', '1/24', 'Budsjett', { decision: 'Vedtatt.' })])
    expect(diffMinutes(a, b)).toEqual({ header: [], attendance: [], saker: [], unchanged: true })
  })

  it('reports an added and a removed sak with all their text', () => {
    const before = minutes([sak('sak-0001', '1/24', 'Budsjett'), sak('sak-0002', '2/24', 'Strategi')])
    const after = minutes([sak('sak-0001', '1/24', 'Budsjett'), sak('sak-0003', '3/24', 'Nytt bygg')])
    const diff = diffMinutes(before, after)
    expect(diff.unchanged).toBe(false)
    expect(diff.saker.map((s) => [s.agendaItemId, s.status])).toEqual([
      ['sak-0003', 'added'],
      ['sak-0002', 'removed'],
    ])
    const addedSak = diff.saker[0]
    expect(addedSak.title).toBe('Nytt bygg')
    expect(addedSak.sections.map((s) => [s.key, s.status])).toEqual([
      ['agendaTitle', 'added'],
      ['narrative', 'added'],
    ])
    expect(diff.saker[1].sections.every((s) => s.parts.every((p) => p.kind === 'removed'))).toBe(true)
  })

  it('reports a changed vedtak word by word, matched by id even when renumbered', () => {
    const before = minutes([sak('sak-0001', '1/24', 'Budsjett', { decision: 'Styret vedtok budsjettet på 3 mill.' })])
    const after = minutes([sak('sak-0001', '7/24', 'Budsjett', { decision: 'Styret vedtok budsjettet på 4 mill.' })])
    const diff = diffMinutes(before, after)
    expect(diff.saker).toHaveLength(1)
    expect(diff.saker[0]).toMatchObject({ agendaItemId: 'sak-0001', number: '7/24', status: 'changed' })
    expect(diff.saker[0].sections.map((s) => [s.key, s.label, s.status])).toEqual([['decision', 'Vedtak', 'changed']])
    expect(added(diff)).toEqual(['4'])
    expect(removed(diff)).toEqual(['3'])
    expect(diff.saker[0].sections[0].parts.map((p) => p.text).join('')).toContain('Styret vedtok budsjettet på ')
  })

  it('reports a changed innspill', () => {
    const before = minutes([sak('sak-0001', '1/24', 'Budsjett', { inputs: ['KS støttet forslaget.'] })])
    const after = minutes([sak('sak-0001', '1/24', 'Budsjett', { inputs: ['KS støttet forslaget.', 'NAV var uenig.'] })])
    const diff = diffMinutes(before, after)
    expect(diff.saker[0].sections.map((s) => [s.key, s.label, s.status])).toEqual([['memberInputs', 'Innspill', 'changed']])
    expect(added(diff).join('')).toBe('\nNAV var uenig.')
    expect(removed(diff)).toEqual([])
  })

  it('matches saker without ids by number, and reports header changes', () => {
    const strip = (j: JSONContent): JSONContent => ({ ...j, attrs: { ...j.attrs, id: null } })
    const before = minutes([strip(sak('sak-xxxx', '1/24', 'Budsjett'))])
    const afterJson = minutes([strip(sak('sak-yyyy', '1/24', 'Budsjett 2025'))]).toJSON() as JSONContent
    const header = afterJson.content![0]
    header.content = header.content!.map((f) => (f.type === 'meetingPlace' ? { ...f, content: [{ type: 'text', text: 'Bergen' }] } : f))
    const diff = diffMinutes(before, PMNode.fromJSON(minutesSchema, afterJson))
    expect(diff.saker.map((s) => [s.number, s.status, s.sections.map((x) => x.key)])).toEqual([['1/24', 'changed', ['agendaTitle']]])
    expect(diff.header.map((h) => [h.key, h.label])).toEqual([['meetingPlace', 'Sted']])
  })
})

describe('diffText', () => {
  it('is empty for two empty texts and one kept run for equal texts', () => {
    expect(diffText('', '')).toEqual([])
    expect(diffText('a b', 'a b')).toEqual([{ kind: 'same', text: 'a b' }])
  })
})
