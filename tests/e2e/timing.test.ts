import { describe, expect, it } from 'vitest'
import { createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

const CLOCK = '\\d{2}\\.\\d{2}'

describe('timing the saker in the browser', () => {
  const e2e = useE2E()

  it('stamps a sak started and ended with one key, shows both in the saksliste and in the Tidslinje', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    const { page } = secretary

    const entry = page.getByRole('navigation', { name: 'Saksliste' }).getByRole('listitem').filter({ hasText: /^1\/24/ })
    await secretary.goToAgendaItem('1/24')
    await page.keyboard.press('Alt+Shift+KeyU')
    await expect.poll(() => entry.textContent()).toMatch(new RegExp(`Startet ${CLOCK}.*pågår`))

    await page.keyboard.press('Alt+Shift+KeyU')
    await expect.poll(() => entry.textContent()).toMatch(new RegExp(`Startet ${CLOCK} · Ferdig ${CLOCK}`))
    const text = (await entry.textContent()) ?? ''
    expect(text).not.toContain('pågår')
    const [, started, ended] = new RegExp(`Startet (${CLOCK}) · Ferdig (${CLOCK})`).exec(text)!

    // A third press leaves the recorded times alone.
    await page.keyboard.press('Alt+Shift+KeyU')
    await secretary.waitForSaved()
    expect(await entry.textContent()).toBe(text)

    await page.getByRole('button', { name: 'Tidslinje' }).click()
    const dialog = page.getByRole('dialog', { name: 'Tidslinje' })
    await dialog.waitFor()
    const row = dialog.getByRole('table', { name: 'Planlagt og faktisk tid per sak' }).getByRole('row').filter({ hasText: /^1\/24/ })
    const cells = await row.getByRole('cell').allTextContents()
    // Planlagt, Faktisk start, Faktisk slutt, Avvik (the sak itself is the row header).
    expect(cells.slice(1, 3)).toEqual([started, ended])
    await dialog.getByRole('img').waitFor()
    expect(await seriousViolations(page), 'axe: Tidslinje open').toEqual([])
    await e2e.shot(page, 'timing-tidslinje')

    await dialog.getByRole('button', { name: 'Lukk' }).click()
    await dialog.waitFor({ state: 'hidden' })
  })
})
