import fs from 'node:fs'
import path from 'node:path'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMeeting, spawnServer, tempDataDir, type SpawnedServer } from '../helpers'
import { seriousViolations } from './support/axe'
import { launchChromium } from './support/browser'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'

const repoRoot = path.resolve(import.meta.dirname, '../..')
const staticDir = path.join(repoRoot, 'dist', 'client')
const screenshotDir = process.env.E2E_SCREENSHOTS ? path.resolve(process.env.E2E_SCREENSHOTS) : null

// Seed 003, sak 19/23: the first sak of the referat with innspill and a vedtak.
const sak = {
  title: 'Orientering fra Direktoratet for e-helse',
  narrative: 'Mariann Hornnes, Direktoratet for e-helse, orienterte Nasjonalt e-helseråd om følgende sak.',
  innspill: 'Det bør tas utgangspunkt i nasjonal e-helsestrategi.',
  vedtak: 'Nasjonalt e-helseråd tar saken til orientering.',
}

describe('live minutes in the browser', () => {
  let browser: Browser
  let server: SpawnedServer
  const data = tempDataDir()
  const contexts: BrowserContext[] = []

  async function newPage() {
    const context = await browser.newContext({ locale: 'nb-NO' })
    contexts.push(context)
    return context.newPage()
  }

  async function shot(page: import('playwright-core').Page, name: string) {
    if (!screenshotDir) return
    fs.mkdirSync(screenshotDir, { recursive: true })
    await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true })
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(staticDir, 'index.html'))) {
      throw new Error('dist/client is not built: run `npm run build` (npm run test:e2e does)')
    }
    browser = await launchChromium()
    server = await spawnServer(data.dir, { STATIC_DIR: staticDir })
  })

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => {})
    await browser?.close()
    await server?.kill9()
    data.remove()
  })

  it('shows a sak written on one page live on another, and keeps it across a server crash', async () => {
    const secretaryPage = await newPage()
    const list = new MeetingListPage(secretaryPage)
    await list.open(server.url)
    expect(await seriousViolations(secretaryPage), 'axe: meeting list').toEqual([])
    await shot(secretaryPage, '1-meeting-list')

    const meetingUrl = await list.createMeeting({
      organ: 'Nasjonalt e-helseråd',
      title: 'Referat fra møte i Nasjonalt e-helseråd',
      number: '3/2023',
      date: '2023-10-04',
      time: 'Kl. 09.00 – 15.00',
      place: 'Scandic Grand Tromsø',
      firstAgendaNumber: 17,
    })
    const secretary = new EditorPage(secretaryPage)
    await secretary.answerIdentity('Lucie Aunan', 'Sekretær')
    await secretary.editor.waitFor()

    const member = new EditorPage(await newPage())
    await member.open(meetingUrl, 'Erik Hansen', 'Medlem')
    await expect.poll(() => member.editor.textContent()).toContain('Godkjenning av innkalling og dagsorden')

    // The secretary adds sak 19/23 after 18/23: the button for the sak, Enter for the narrative,
    // the keyboard shortcuts for the innspill and the vedtak.
    await secretary.goToAgendaItem('18/23')
    await secretary.clickToolbar('Ny sak')
    await secretaryPage.keyboard.type(sak.title)
    await secretaryPage.keyboard.press('Enter')
    await secretaryPage.keyboard.type(sak.narrative)
    await secretaryPage.keyboard.press('Alt+Shift+N')
    await secretaryPage.keyboard.type(sak.innspill)
    await secretaryPage.keyboard.press('Alt+Shift+V')
    await secretaryPage.keyboard.type(sak.vedtak)

    const written = member.agendaItem('19/23')
    await expect.poll(() => member.textOf(written.locator('h2.agenda-title'))).toBe(sak.title)
    await expect.poll(() => member.textOf(written.locator('.narrative'))).toBe(sak.narrative)
    await expect.poll(() => member.textOf(written.locator('.member-input'))).toBe(sak.innspill)
    await expect.poll(() => member.textOf(written.locator('.decision'))).toBe(sak.vedtak)
    await secretary.waitForSaved()
    await expect.poll(() => member.page.getByRole('navigation', { name: 'Saksliste' }).textContent()).toContain(sak.title)
    await shot(secretaryPage, '2-secretary')
    await shot(member.page, '3-member')
    expect(await seriousViolations(secretaryPage), 'axe: editor').toEqual([])

    // Everything the member saw was relayed, so it is on disk: kill -9 and restart on the same
    // port and data, then reload the member's page and open a fresh browser with no local copy.
    const port = new URL(server.url).port
    await server.kill9()
    server = await spawnServer(data.dir, { STATIC_DIR: staticDir, PORT: port })

    await member.page.reload()
    await member.answerIdentity('Erik Hansen', 'Medlem')
    await expect.poll(() => member.textOf(member.agendaItem('19/23').locator('.decision')), { timeout: 20_000 }).toBe(sak.vedtak)

    const fresh = new EditorPage(await newPage())
    await fresh.open(meetingUrl, 'Christine Bergland', 'Observatør')
    const reloaded = fresh.agendaItem('19/23')
    await expect.poll(() => fresh.textOf(reloaded.locator('h2.agenda-title')), { timeout: 20_000 }).toBe(sak.title)
    await expect.poll(() => fresh.textOf(reloaded.locator('.member-input'))).toBe(sak.innspill)
    await expect.poll(() => fresh.textOf(reloaded.locator('.decision'))).toBe(sak.vedtak)
    await shot(fresh.page, '4-after-restart')
  })

  it('merges two vedtak written offline in the same sak into one, losing neither', async () => {
    const meeting = await createMeeting(server.url)
    const meetingUrl = `${server.url}/m/${meeting.id}`
    const secretary = new EditorPage(await newPage())
    await secretary.open(meetingUrl, 'Lucie Aunan', 'Sekretær')
    const chair = new EditorPage(await newPage())
    await chair.open(meetingUrl, 'Erik Hansen', 'Møteleder')

    await secretary.goToAgendaItem('2/24')
    await secretary.clickToolbar('Ny sak')
    await secretary.page.keyboard.type('Felles journalløft for kommuner')
    await expect.poll(() => chair.textOf(chair.agendaItem('3/24').locator('h2.agenda-title'))).toBe('Felles journalløft for kommuner')
    await secretary.waitForSaved()

    // The server goes away; both write a vedtak for the same sak without knowing of the other.
    const port = new URL(server.url).port
    await server.kill9()
    for (const [page, text] of [
      [secretary, 'Rådet tar saken til orientering.'],
      [chair, 'Rådet ber KS komme tilbake med status.'],
    ] as const) {
      await page.page.locator('.sync-status[data-state="offline"]').waitFor()
      await page.goToAgendaItem('3/24')
      await page.page.keyboard.press('Alt+Shift+V')
      await page.page.keyboard.type(text)
    }
    server = await spawnServer(data.dir, { STATIC_DIR: staticDir, PORT: port })

    for (const page of [secretary, chair]) {
      const sak = page.agendaItem('3/24')
      await expect.poll(() => sak.locator('.decision').count(), { timeout: 20_000 }).toBe(1)
      await expect.poll(() => page.textOf(sak.locator('.decision'))).toMatch(/orientering\..*status\.|status\..*orientering\./)
      expect(await page.editor.locator('section.agenda-item').count()).toBe(2 + 1)
      await page.waitForSaved()
    }
    await shot(chair.page, '5-merged-vedtak')
  })
})
