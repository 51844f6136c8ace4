import { describe, expect, it } from 'vitest'
import { createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

// The secretary's editor in nynorsk (the person's own choice, kept in this browser): the tools,
// the part labels and the writing hints in nynorsk, the minutes' text still marked as the
// meeting's language (bokmål until someone sets another).

describe('the editor in another language', () => {
  const e2e = useE2E()

  it('shows the tools, the part labels and the hints in nynorsk, and keeps the text in the meeting language', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const page = await e2e.newPage()
    await page.addInitScript(() => {
      localStorage.setItem('referat.language', 'nn')
      localStorage.setItem('referat-user', JSON.stringify({ name: 'Lucie Aunan' }))
    })
    const secretary = new EditorPage(page)
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    const { editor } = secretary

    const toolbar = page.getByRole('group', { name: 'Set inn og gå til' })
    await toolbar.getByRole('button', { name: 'Nytt innspel' }).waitFor()
    await page.getByRole('heading', { name: 'Eigenskapar' }).waitFor()
    // The labels of the minutes' parts are decorations in the interface language.
    await editor.locator('ul[data-label="Til stades"]').waitFor()
    expect(await editor.locator('ul[data-label="Til stede"]').count()).toBe(0)
    expect(await editor.getAttribute('lang')).toBe('nb')

    // The meeting's language, shown to the secretary by its own name.
    const language = page.getByLabel('Språk i referatet')
    expect(await language.inputValue()).toBe('nb')
    expect(await language.locator('option').allTextContents()).toEqual(['Norsk bokmål', 'Norsk nynorsk', 'English'])
    // A change goes to the server as JSON (the route is answered here: the client's half of it).
    const sent: { method: string; body: unknown; auth: boolean }[] = []
    await page.route(`**/api/meetings/${meeting.id}/language`, async (route) => {
      const request = route.request()
      const headers = await request.allHeaders()
      sent.push({ method: request.method(), body: request.postDataJSON(), auth: Boolean(headers.authorization ?? headers['x-csrf-token']) })
      await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ language: 'nn' }) })
    })
    await language.selectOption('nn')
    await expect.poll(() => sent).toEqual([{ method: 'POST', body: { language: 'nn' }, auth: true }])
    await page.getByText('Språket i referatet er no Norsk nynorsk.').waitFor({ state: 'attached' })
    expect(await language.inputValue()).toBe('nn')

    // A new innspel: its hint in nynorsk.
    await secretary.goToAgendaItem('1/24')
    await toolbar.getByRole('button', { name: 'Nytt innspel' }).click()
    await editor.locator('[data-placeholder="Innspel frå eit medlem …"]').waitFor()
    await page.keyboard.type('Eit innspel')
    expect(await secretary.textOf(editor.locator('.member-input').first())).toBe('Eit innspel')

    expect(await seriousViolations(page), 'axe: editor in nynorsk').toEqual([])
    await e2e.shot(page, 'editor-nynorsk')
  })
})
