import { describe, expect, it } from 'vitest'
import { extractActionItems } from '../../../../shared'
import { toHtml, toMarkdown, toReferatModel, type ActionFollowUp } from '../../../../server/export'
import { enterSeed003 } from './enterSeed003'

describe('the follow-up status of aksjonspunkter in the export model', () => {
  const doc = enterSeed003()
  const items = extractActionItems(doc.toJSON())

  it('is printed beside the item it belongs to, in every renderer through the model', () => {
    expect(items.length).toBeGreaterThan(0)
    const done: ActionFollowUp = { status: 'done', changedAt: '2023-11-02T09:30:00.000Z', changedBy: 'Siri Sekretær' }
    const model = toReferatModel(doc, null, { followUps: new Map([[items[0].itemId, done]]) })
    const points = model.saker.flatMap((s) => s.aksjonspunkter)
    expect(points[0].followUp).toEqual(done)
    expect(points.slice(1).every((p) => p.followUp === undefined)).toBe(true)
    expect(toMarkdown(model)).toContain('Status: utført 2. november 2023 (Siri Sekretær))')
    expect(toHtml(model)).toContain('Status: utført 2. november 2023 (Siri Sekretær))')
  })

  it('is left out without follow-up facts (a sealed export keeps what was approved)', () => {
    const model = toReferatModel(doc, null, {})
    expect(model.saker.flatMap((s) => s.aksjonspunkter).some((p) => 'followUp' in p)).toBe(false)
    expect(toMarkdown(model)).not.toMatch(/Status: (utført|åpen)/)
  })
})
