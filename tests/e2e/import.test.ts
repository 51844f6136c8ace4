import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'

/** Seed 002's innkalling: the lines before its first referat. */
const innkalling = readFileSync(new URL('../fixtures/seed002.source.txt', import.meta.url), 'utf8').split('\n').slice(0, 114).join('\n')

describe('importing an innkalling in the browser', () => {
  const e2e = useE2E()

  it('previews the saker while pasting, lets the secretary correct them, creates the meeting, and labels each proposal until it is changed', async () => {
    const adminPage = await e2e.newPage()
    const list = new MeetingListPage(adminPage)
    await list.openAsAdmin(e2e.server.url, e2e.server.adminToken!)
    const form = adminPage.locator('form.new-meeting')
    await form.getByRole('radio', { name: 'Importer innkalling' }).check()
    await form.getByLabel('Lim inn innkallingen').fill(innkalling)

    const preview = form.getByRole('region', { name: 'Saker som blir importert' })
    await expect.poll(() => preview.getByRole('listitem').count()).toBe(6)
    const first = preview.getByRole('group', { name: 'Sak 12/20: Godkjenning av innkalling og dagsorden' })
    expect(await first.getByLabel('Sakstype').inputValue()).toBe('Godkjenning')
    expect(await first.getByLabel('Forslag til vedtak').inputValue()).toBe('NUIT godkjenner innkalling og dagsorden.')
    // The secretary corrects a sak in the preview before anything is created.
    const tbu = preview.getByRole('group', { name: /^Sak 16\/20:/ })
    await tbu.getByLabel('Tittel').fill('Teknisk beregningsutvalg (TBU)')
    await tbu.getByLabel('Sakstype').fill('Drøftingssak')
    await expect.poll(() => preview.getByRole('group', { name: 'Sak 16/20: Teknisk beregningsutvalg (TBU)' }).count()).toBe(1)
    expect(await form.getByRole('status').first().textContent()).toMatch(/^Fant 6 saker; \d+ linjer ble ikke lest\.$/)
    expect(await form.getByLabel('Organ').inputValue()).toBe('NUIT')
    expect(await form.getByLabel('Dato').inputValue()).toBe('2020-05-13')
    expect(await form.getByLabel('Første saksnummer').inputValue()).toBe('12')
    await form.getByText(/^Linjer som ikke ble lest/).click()
    expect(await seriousViolations(adminPage), 'axe: import preview').toEqual([])
    await e2e.shot(adminPage, 'import-preview')

    await form.getByLabel('Sted').fill('Webinar')
    await form.getByRole('button', { name: 'Importer og opprett møte' }).click()
    await adminPage.getByRole('region', { name: /^Invitasjonslenker for / }).waitFor()
    await list.openNewMeetingAsSecretary()
    const secretary = new EditorPage(adminPage)
    await secretary.answerIdentity('Lucie Aunan')
    await secretary.editor.waitFor()

    const decision = secretary.agendaItem('14/20').locator('.decision')
    await expect.poll(() => secretary.textOf(decision.locator('p'))).toBe('NUIT tar sakene til orientering.')
    expect(await decision.getAttribute('data-proposal')).toBe('true')
    expect(await secretary.agendaItem('16/20').getAttribute('data-case-type')).toBe('Drøftingssak')
    expect(await secretary.agendaItem('16/20').locator('.agenda-title').textContent()).toBe('Teknisk beregningsutvalg (TBU)')
    expect(await decision.evaluate((el) => getComputedStyle(el, '::before').content)).toContain('Forslag til vedtak')
    expect(await seriousViolations(adminPage), 'axe: editor with proposals').toEqual([])
    await e2e.shot(adminPage, 'import-proposals')

    await secretary.caretAtEndOf(decision.locator('p'))
    await adminPage.keyboard.type(' Ja.')
    await expect.poll(() => decision.getAttribute('data-proposal')).toBeNull()
    expect(await secretary.agendaItem('15/20').locator('.decision').getAttribute('data-proposal')).toBe('true')
  })
})
