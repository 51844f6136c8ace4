import { describe, expect, it } from 'vitest'
import { createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'

// Seed 003, sak 19/23: the first sak of the referat with innspill and a vedtak.
const sak = {
  title: 'Orientering fra Direktoratet for e-helse',
  narrative: 'Mariann Hornnes, Direktoratet for e-helse, orienterte Nasjonalt e-helseråd om følgende sak.',
  innspill: 'Det bør tas utgangspunkt i nasjonal e-helsestrategi.',
  vedtak: 'Nasjonalt e-helseråd tar saken til orientering.',
}

describe('live minutes in the browser', () => {
  const e2e = useE2E()

  /** On failure, adds what each page's status bar said and the server's log to the error. */
  async function withDiagnostics(pages: EditorPage[], assertion: Promise<void>): Promise<void> {
    try {
      await assertion
    } catch (err) {
      const statuses = await Promise.all(pages.map((p) => p.status.textContent()))
      throw new Error(`${String(err)}\nstatus bars: ${statuses.join(' | ')}\nserver log:\n${e2e.server.stderr().slice(-4000)}`)
    }
  }

  it('shows a sak written on one page live on another, and keeps it across a server crash', async () => {
    const adminPage = await e2e.newPage()
    const list = new MeetingListPage(adminPage)
    await list.openAsAdmin(e2e.server.url, e2e.server.adminToken!)
    expect(await seriousViolations(adminPage), 'axe: meeting list').toEqual([])
    await e2e.shot(adminPage, '1-meeting-list')

    const links = await list.createMeeting({
      organ: 'Nasjonalt e-helseråd',
      title: 'Referat fra møte i Nasjonalt e-helseråd',
      number: '3/2023',
      date: '2023-10-04',
      time: 'Kl. 09.00 – 15.00',
      place: 'Scandic Grand Tromsø',
      firstAgendaNumber: 17,
    })
    await list.openNewMeetingAsSecretary()
    const secretary = new EditorPage(adminPage)
    await secretary.answerIdentity('Lucie Aunan')
    await secretary.editor.waitFor()

    const member = new EditorPage(await e2e.newPage())
    await member.open(links.Medlem, 'Erik Hansen')
    await expect.poll(() => member.textOf(member.editor)).toContain('Godkjenning av innkalling og dagsorden')

    // The secretary adds sak 19/23 after 18/23: the button for the sak, Enter for the narrative,
    // the keyboard shortcuts for the innspill and the vedtak.
    await secretary.goToAgendaItem('18/23')
    await secretary.clickToolbar('Ny sak')
    await secretary.page.keyboard.type(sak.title)
    await secretary.page.keyboard.press('Enter')
    await secretary.page.keyboard.type(sak.narrative)
    await secretary.page.keyboard.press('Alt+Shift+N')
    await secretary.page.keyboard.type(sak.innspill)
    await secretary.page.keyboard.press('Alt+Shift+V')
    await secretary.page.keyboard.type(sak.vedtak)

    const written = member.agendaItem('19/23')
    await expect.poll(() => member.textOf(written.locator('h2.agenda-title'))).toBe(sak.title)
    await expect.poll(() => member.textOf(written.locator('.narrative'))).toBe(sak.narrative)
    await expect.poll(() => member.textOf(written.locator('.member-input'))).toBe(sak.innspill)
    await expect.poll(() => member.textOf(written.locator('.decision'))).toBe(sak.vedtak)
    await secretary.waitForSaved()
    await expect.poll(() => member.page.getByRole('navigation', { name: 'Saksliste' }).textContent()).toContain(sak.title)
    await e2e.shot(secretary.page, '2-secretary')
    await e2e.shot(member.page, '3-member')
    expect(await seriousViolations(secretary.page), 'axe: editor').toEqual([])

    // Everything the member saw was relayed, so it is on disk: kill -9 and restart on the same
    // port and data, then reload the member's page and open a fresh browser with no local copy.
    await e2e.crashAndRestart()
    await member.page.reload()
    await member.answerIdentity('Erik Hansen')
    await expect.poll(() => member.textOf(member.agendaItem('19/23').locator('.decision')), { timeout: 20_000 }).toBe(sak.vedtak)

    const fresh = new EditorPage(await e2e.newPage())
    await fresh.open(links.Observatør, 'Christine Bergland')
    const reloaded = fresh.agendaItem('19/23')
    await expect.poll(() => fresh.textOf(reloaded.locator('h2.agenda-title')), { timeout: 20_000 }).toBe(sak.title)
    await expect.poll(() => fresh.textOf(reloaded.locator('.member-input'))).toBe(sak.innspill)
    await expect.poll(() => fresh.textOf(reloaded.locator('.decision'))).toBe(sak.vedtak)
    await e2e.shot(fresh.page, '4-after-restart')
  })

  it('merges two vedtak written offline in the same sak into one, losing neither', async () => {
    const meeting = await createMeeting(e2e.server.url)
    const link = (token: string) => `${e2e.server.url}/m/${meeting.id}#token=${token}`
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(link(meeting.tokens.sekretær), 'Lucie Aunan')
    const chair = new EditorPage(await e2e.newPage())
    await chair.open(link(meeting.tokens.møteleder), 'Erik Hansen')

    await secretary.goToAgendaItem('2/24')
    await secretary.clickToolbar('Ny sak')
    await secretary.page.keyboard.type('Felles journalløft for kommuner')
    await expect.poll(() => chair.textOf(chair.agendaItem('3/24').locator('h2.agenda-title'))).toBe('Felles journalløft for kommuner')
    await secretary.waitForSaved()

    // The server goes away; both write a vedtak for the same sak without knowing of the other.
    await e2e.crashAndRestart(async () => {
      for (const [page, text] of [
        [secretary, 'Rådet tar saken til orientering.'],
        [chair, 'Rådet ber KS komme tilbake med status.'],
      ] as const) {
        await page.page.locator('.sync-status[data-state="offline"]').waitFor()
        await page.goToAgendaItem('3/24')
        await page.page.keyboard.press('Alt+Shift+V')
        await page.page.keyboard.type(text)
      }
    })

    for (const page of [secretary, chair]) {
      const sak = page.agendaItem('3/24')
      // Reconnecting after the restart waits out the provider's backoff; a loaded machine is slow.
      await expect.poll(() => sak.locator('.decision').count(), { timeout: 45_000 }).toBe(1)
      await withDiagnostics(
        [secretary, chair],
        expect.poll(() => page.textOf(sak.locator('.decision')), { timeout: 45_000 }).toMatch(/orientering\..*status\.|status\..*orientering\./),
      )
      expect(await page.editor.locator('section.agenda-item').count()).toBe(3)
      await page.waitForSaved()
    }
    await e2e.shot(chair.page, '5-merged-vedtak')
  })
})
