import { describe, expect, it } from 'vitest'
import { api, createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'

describe('the public verify page', () => {
  const e2e = useE2E()

  it('accepts the approved referat’s PDF without an account and rejects it with one byte changed', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Sámediggi', number: '4/2024', date: '2024-03-01' })
    const closed = await api(url, 'POST', `/api/meetings/${meeting.id}/close`, { token: meeting.tokens.møteleder, body: { commentDeadline: null } })
    expect(closed.status).toBe(200)
    const approved = await api(url, 'POST', `/api/meetings/${meeting.id}/approve`, { token: meeting.tokens.møteleder, body: { approvedInMeeting: 'møte 5/2024' } })
    expect(approved.status).toBe(201)
    const res = await fetch(`${url}/api/meetings/${meeting.id}/export.pdf`, { headers: { authorization: `Bearer ${meeting.tokens.medlem}` } })
    const pdf = Buffer.from(await res.arrayBuffer())

    const page = await e2e.newPage()
    await page.goto(`${url}/verify`)
    await page.getByRole('heading', { name: 'Kontroller et referat' }).waitFor()
    const result = page.getByRole('status')
    const input = page.getByLabel('Fil som skal kontrolleres')
    await input.setInputFiles({ name: 'referat-4-2024.pdf', mimeType: 'application/pdf', buffer: pdf })
    await page.getByRole('button', { name: 'Kontroller filen' }).click()
    await result.getByText('Godkjent referat.').waitFor()
    expect(await result.textContent()).toContain('møte 5/2024')
    expect(await seriousViolations(page), 'axe: verified').toEqual([])
    await e2e.shot(page, '12-verify-ok')

    const changed = Buffer.from(pdf)
    changed[Math.floor(changed.length / 2)] ^= 0x01
    await input.setInputFiles({ name: 'referat-4-2024.pdf', mimeType: 'application/pdf', buffer: changed })
    await page.getByRole('button', { name: 'Kontroller filen' }).click()
    await result.getByText('Ikke bekreftet.').waitFor()
    expect(await result.textContent()).toContain('samsvarer ikke')
    expect(await seriousViolations(page), 'axe: refused').toEqual([])
  })
})
