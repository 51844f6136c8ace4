import { describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { api, createMeeting, mintToken } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

/** The PDF's text, by poppler's pdftotext (installed by .ci/run). */
function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: pdf, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 })
}

describe('the history in the browser', () => {
  const e2e = useE2E()

  it('shows the chair both confirmations of a vedtak edited in between, and checks the chain from the keyboard', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const chair = await mintToken(url, meeting.id, { role: 'møteleder', name: 'Áile Čoarvi', org: 'Sámediggi' })
    const secretaryPage = new EditorPage(await e2e.newPage())
    await secretaryPage.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    const chairPage = new EditorPage(await e2e.newPage())
    await chairPage.open(chair.url, 'unused')

    // The chair confirms, the secretary edits the vedtak, the chair confirms again.
    const margin = chairPage.marginOf('1/24')
    const confirmation = margin.locator('.confirmation-text')
    await margin.getByRole('button', { name: 'Bekreft vedtak' }).click()
    await expect.poll(() => confirmation.textContent()).toMatch(/^Bekreftet av Áile Čoarvi/)
    await secretaryPage.caretAtEndOf(secretaryPage.agendaItem('1/24').locator('.decision p'))
    await secretaryPage.page.keyboard.type(' Enstemmig.')
    await secretaryPage.waitForSaved()
    await expect.poll(() => confirmation.textContent()).toBe('Endret etter bekreftelse')
    await margin.getByRole('button', { name: 'Bekreft vedtak' }).click()
    await expect.poll(() => confirmation.textContent()).toMatch(/^Bekreftet av Áile Čoarvi/)

    // The chair opens Historikk from the keyboard.
    const { page } = chairPage
    const button = page.getByRole('button', { name: 'Historikk' })
    await button.focus()
    await page.keyboard.press('Enter')
    const dialog = page.getByRole('dialog', { name: 'Historikk' })
    await dialog.waitFor()
    const events = dialog.getByRole('list', { name: 'Hendelser, eldste først' }).getByRole('listitem')
    await expect.poll(() => events.count()).toBeGreaterThan(6)
    const texts = await events.allTextContents()
    const confirmations = texts.filter((t) => t.includes('Vedtaket i sak 1/24'))
    expect(confirmations).toHaveLength(2)
    expect(confirmations[0]).toMatch(/ble bekreftet \(tekst [0-9a-f]{8}\).*Av Áile Čoarvi/)
    expect(confirmations[1]).toMatch(/ble bekreftet på nytt/)
    // Newest last.
    expect(texts.at(-1)).toBe(confirmations[1])

    await dialog.getByRole('button', { name: 'Kontroller kjeden' }).focus()
    await page.keyboard.press('Enter')
    const verdict = dialog.getByRole('status')
    await expect.poll(() => verdict.textContent()).toMatch(/^Kjeden er hel: \d+ hendelser er kontrollert/)
    expect(await seriousViolations(page), 'axe: Historikk open').toEqual([])
    await e2e.shot(page, 'history-dialog')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Historikk')

    // A member has no Historikk.
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Kari Nordmann', org: 'KS' })
    const memberPage = new EditorPage(await e2e.newPage())
    await memberPage.open(member.url, 'unused')
    await memberPage.agendaItem('1/24').waitFor()
    expect(await memberPage.page.getByRole('button', { name: 'Historikk' }).count()).toBe(0)

    // Closed and approved: the approval seals the referat; its PDF shows the second confirmation
    // of the edited text, and the public verify page accepts that PDF and refuses it changed.
    const closed = await api(url, 'POST', `/api/meetings/${meeting.id}/close`, { token: chair.token, body: { commentDeadline: null } })
    expect(closed.status).toBe(200)
    const approved = await api(url, 'POST', `/api/meetings/${meeting.id}/approve`, { token: chair.token, body: { approvedInMeeting: 'møte 2/2024' } })
    expect(approved.status).toBe(201)
    const res = await fetch(`${url}/api/meetings/${meeting.id}/export.pdf`, { headers: { authorization: `Bearer ${member.token}` } })
    expect(res.status).toBe(200)
    const pdf = Buffer.from(await res.arrayBuffer())
    const text = pdfText(pdf).replace(/\s+/g, ' ')
    expect(text).toContain('Enstemmig.')
    expect(text).toMatch(/Bekreftet av møteleder Áile Čoarvi/)
    expect(text).not.toContain('Endret etter bekreftelse')
    expect(text).toContain('Godkjent i møte 2/2024')

    const verifyPage = await e2e.newPage()
    await verifyPage.goto(`${url}/verify`)
    const input = verifyPage.getByLabel('Fil som skal kontrolleres')
    const result = verifyPage.getByRole('status')
    await input.setInputFiles({ name: 'referat.pdf', mimeType: 'application/pdf', buffer: pdf })
    await verifyPage.getByRole('button', { name: 'Kontroller filen' }).click()
    await result.getByText('Godkjent referat.').waitFor()
    const changed = Buffer.from(pdf)
    changed[Math.floor(changed.length / 2)] ^= 0x01
    await input.setInputFiles({ name: 'referat.pdf', mimeType: 'application/pdf', buffer: changed })
    await verifyPage.getByRole('button', { name: 'Kontroller filen' }).click()
    await result.getByText('Ikke bekreftet.').waitFor()
  })
})
