import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, api, createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'

const ORGAN = 'Nasjonalt e-helseråd'

describe('attendance from the roster in the browser', () => {
  const e2e = useE2E()

  it('secretary ticks attendance from the organ’s roster and it is written into the minutes', async () => {
    const { url } = e2e.server
    const roster = await api(url, 'PUT', `/api/rosters/${encodeURIComponent(ORGAN)}`, {
      token: TEST_ADMIN_TOKEN,
      body: {
        members: [
          { name: 'Erik Hansen', org: 'Helse Vest RHF', defaultGroup: 'presentList' },
          { name: 'Svein Lyngroth', org: 'Oslo kommune', defaultGroup: 'presentList' },
          { name: 'Lucie Aunan', org: 'Direktoratet for e-helse', defaultGroup: 'secretariatList' },
        ],
      },
    })
    expect(roster.status, roster.text).toBe(200)
    const meeting = await createMeeting(url, { organ: ORGAN, date: '2023-10-04' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    const page = secretary.page

    await page.getByRole('button', { name: 'Oppmøte', exact: true }).click()
    const dialog = page.getByRole('dialog', { name: 'Oppmøte' })
    const erik = dialog.getByRole('group', { name: /^Erik Hansen/ })
    await erik.waitFor()
    await erik.getByRole('radio', { name: 'Digitalt' }).check()
    await dialog.getByLabel('Kom kl. for Erik Hansen').fill('10:10')
    const svein = dialog.getByRole('group', { name: /^Svein Lyngroth/ })
    await svein.getByRole('radio', { name: 'Ikke til stede' }).check()
    await dialog.getByLabel('Stedfortreder for Svein Lyngroth: navn').fill('Solveig Tesdal')
    await dialog.getByLabel('Stedfortreder for Svein Lyngroth: organisasjon').fill('Oslo kommune')
    await dialog.getByRole('button', { name: 'Legg til person' }).click()
    const added = dialog.getByRole('group', { name: /^Ny person/ })
    await added.getByLabel('Navn', { exact: true }).fill('Åse Ødegård')
    await added.getByLabel('Organisasjon', { exact: true }).fill('Bærum kommune')
    await added.getByRole('radio', { name: 'Observatør' }).check()
    expect(await seriousViolations(page), 'axe: attendance dialog').toEqual([])
    await dialog.getByRole('button', { name: 'Bruk' }).click()
    await dialog.waitFor({ state: 'hidden' })

    const attendee = (group: string) => page.locator(`.attendance-${group} .attendee`)
    await expect.poll(() => attendee('presentList').allTextContents()).toEqual(['Erik Hansen (Helse Vest RHF)'])
    expect(await attendee('presentList').first().getAttribute('data-arrived-at')).toBe('10.10')
    expect(await attendee('absentList').allTextContents()).toEqual(['Svein Lyngroth (Oslo kommune)'])
    expect(await attendee('substituteList').allTextContents()).toEqual(['Solveig Tesdal, Oslo kommune'])
    expect(await attendee('observerList').allTextContents()).toEqual(['Åse Ødegård (Bærum kommune)'])
    expect(await attendee('secretariatList').allTextContents()).toEqual(['Lucie Aunan (Direktoratet for e-helse)'])
    await secretary.waitForSaved()
  })

  it('admin keeps the organ’s roster on the meeting list page', async () => {
    const { url } = e2e.server
    await createMeeting(url, { organ: 'Rådet for Ærø', date: '2024-03-01' })
    const list = new MeetingListPage(await e2e.newPage())
    await list.openAsAdmin(url, TEST_ADMIN_TOKEN)
    const page = list.page
    await page.getByRole('button', { name: /^Lenker og tilgang for Rådet for Ærø/ }).click()
    const editor = page.getByRole('region', { name: 'Medlemsliste for Rådet for Ærø' })
    await editor.getByRole('button', { name: 'Legg til medlem' }).click()
    await editor.getByLabel('Navn, rad 1').fill('Åse Ødegård')
    await editor.getByLabel('Organisasjon for Åse Ødegård').fill('Bærum kommune')
    await editor.getByLabel('Standard for Åse Ødegård').selectOption('observerList')
    expect(await seriousViolations(page), 'axe: roster editor').toEqual([])
    await editor.getByRole('button', { name: 'Lagre medlemslisten' }).click()
    await editor.getByText('Medlemslisten er lagret (1 person).').waitFor()
    const saved = await api(url, 'GET', `/api/rosters/${encodeURIComponent('Rådet for Ærø')}`, { token: TEST_ADMIN_TOKEN })
    expect((saved.body as { members: unknown[] }).members).toMatchObject([{ name: 'Åse Ødegård', org: 'Bærum kommune', defaultGroup: 'observerList' }])
  })
})
