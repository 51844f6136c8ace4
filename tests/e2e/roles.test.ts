import { describe, expect, it } from 'vitest'
import { createMeeting, mintToken } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

const original = 'Styret godkjenner innkalling og dagsorden.'
const proposal = 'Styret godkjenner innkalling og dagsorden, med sak 3/24 som ny sak.'

describe('roles in the browser', () => {
  const e2e = useE2E()

  it('member flags, secretary accepts, chair confirms, and a later edit voids the confirmation', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const link = (token: string) => `${url}/m/${meeting.id}#token=${token}`
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Kari Nordmann', org: 'KS' })
    const chair = await mintToken(url, meeting.id, { role: 'møteleder', name: 'Erik Hansen', org: 'Helse Vest RHF' })

    const secretaryPage = new EditorPage(await e2e.newPage())
    await secretaryPage.open(link(meeting.tokens.sekretær), 'Lucie Aunan')
    const memberPage = new EditorPage(await e2e.newPage())
    await memberPage.open(member.url, 'unused: a personal link names its holder')
    const chairPage = new EditorPage(await e2e.newPage())
    await chairPage.open(chair.url, 'unused')

    const decisionOf = (page: EditorPage) => page.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => memberPage.textOf(decisionOf(memberPage))).toBe(original)

    // The member's page offers no way to type into the minutes.
    expect(await memberPage.editor.isEditable()).toBe(false)
    await memberPage.caretAtEndOf(decisionOf(memberPage))
    await memberPage.page.keyboard.type(' Endret av medlemmet.')
    await memberPage.page.keyboard.press('Backspace')
    expect(await memberPage.textOf(decisionOf(memberPage))).toBe(original)

    // The member flags the vedtak with a proposed text.
    await decisionOf(memberPage).selectText()
    await memberPage.page.getByRole('group', { name: 'Verktøy for lesere' }).getByRole('button', { name: 'Flagg' }).click()
    const flagDialog = memberPage.page.getByRole('dialog', { name: 'Flagg tekst' })
    await flagDialog.getByLabel('Kommentar').fill('Vi la til en ny sak i møtet.')
    await flagDialog.getByLabel('Forslag til ny tekst').fill(proposal)
    await flagDialog.getByRole('button', { name: 'Send flagg' }).click()
    await flagDialog.waitFor({ state: 'hidden' })
    expect(await seriousViolations(memberPage.page), 'axe: member with a flag').toEqual([])
    await e2e.shot(memberPage.page, '6-member-flag')

    // The secretary accepts it in one action; the member sees the outcome and the new text live.
    const secretaryMargin = secretaryPage.marginOf('1/24')
    await secretaryMargin.getByRole('button', { name: 'Godta forslaget' }).click()
    await expect.poll(() => secretaryPage.textOf(decisionOf(secretaryPage))).toBe(proposal)
    await expect.poll(() => memberPage.textOf(decisionOf(memberPage))).toBe(proposal)
    await memberPage.marginOf('1/24').getByRole('heading', { name: 'Forslaget er godtatt' }).waitFor()

    // The chair confirms the vedtak as it now stands.
    const chairMargin = chairPage.marginOf('1/24')
    await expect.poll(() => chairPage.textOf(decisionOf(chairPage))).toBe(proposal)
    await chairMargin.getByRole('button', { name: 'Bekreft vedtak' }).click()
    const confirmation = chairMargin.locator('.confirmation-text')
    await expect.poll(() => confirmation.textContent()).toMatch(/^Bekreftet av Erik Hansen/)
    await expect.poll(() => secretaryPage.marginOf('1/24').locator('.confirmation-text').textContent()).toMatch(/^Bekreftet av Erik Hansen/)
    expect(await seriousViolations(chairPage.page), 'axe: chair with a confirmation').toEqual([])

    // One more character in the vedtak, and the chair's page says the confirmation is void.
    await secretaryPage.caretAtEndOf(decisionOf(secretaryPage))
    await secretaryPage.page.keyboard.type(' Saken tas opp igjen i neste møte.')
    await expect.poll(() => confirmation.textContent()).toBe('Endret etter bekreftelse')
    await expect.poll(() => chairPage.agendaItem('1/24').locator('.decision').getAttribute('data-confirmation')).toBe('changed')
    await e2e.shot(chairPage.page, '7-chair-changed')

    // The chair closes the meeting; the secretary can no longer change the minutes.
    await secretaryPage.waitForSaved()
    await chairPage.page.getByRole('button', { name: 'Lukk møtet' }).first().click()
    const closeDialog = chairPage.page.getByRole('dialog', { name: 'Lukk møtet' })
    await expect.poll(() => closeDialog.textContent()).toContain('Saken tas opp igjen i neste møte.')
    await closeDialog.getByRole('button', { name: 'Lukk møtet' }).click()
    await secretaryPage.page.getByText(/Møtet er lukket/).first().waitFor()
    const closedText = await secretaryPage.textOf(decisionOf(secretaryPage))
    await secretaryPage.caretAtEndOf(decisionOf(secretaryPage))
    await secretaryPage.page.keyboard.type(' Etter lukking.')
    expect(await secretaryPage.textOf(decisionOf(secretaryPage))).toBe(closedText)
    await e2e.shot(secretaryPage.page, '8-closed')
  })
})
