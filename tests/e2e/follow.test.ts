import type { Locator, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, api, mintToken } from '../helpers'
import { EditorPage } from './pages/EditorPage'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'

/** Twelve saker, so that the one the secretary writes in is far below the fold. */
const ITEMS = Array.from({ length: 12 }, (_, i) => ({
  number: `${i + 1}/24`,
  title: `Orienteringssak ${i + 1}`,
  caseType: 'Orientering',
  proposal: `Styret tar orientering ${i + 1} til etterretning.`,
}))

/** True when some of the element is inside the page's viewport. */
function inView(part: Locator): Promise<boolean> {
  return part.evaluate((el) => {
    const rect = el.getBoundingClientRect()
    return rect.bottom > 0 && rect.top < window.innerHeight && rect.height > 0
  })
}

/** Records the text of every announcement of the page's polite live regions that names the secretary. */
async function recordAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { followAnnouncements: string[] }).followAnnouncements = seen
    new MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          const text = node.textContent ?? ''
          if (node.parentElement?.closest('[aria-live="polite"]') && text.startsWith('Referenten skriver')) seen.push(text)
        }
      }
    }).observe(document.body, { childList: true, subtree: true })
  })
  return () => page.evaluate(() => [...(window as unknown as { followAnnouncements: string[] }).followAnnouncements])
}

/** Two frames of the page: what a change of the minutes makes the follow mode do has happened. */
function twoFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))))
}

describe('Følg referenten', () => {
  const e2e = useE2E()

  it("keeps the secretary's sak in an observer's view, stops when the observer scrolls, follows again on «Følg igjen», announces a sak once, and stops on the Saksliste", async () => {
    const { url } = e2e.server
    const created = await api(url, 'POST', '/api/meetings/import', {
      token: TEST_ADMIN_TOKEN,
      body: { meeting: { organ: 'Styret', title: 'Styremøte', number: '3/24', date: '2024-06-12' }, agenda: { items: ITEMS } },
    })
    expect(created.status).toBe(201)
    const meetingId = (created.body as { meeting: { id: string } }).meeting.id
    const secretaryLink = await mintToken(url, meetingId, { role: 'sekretær', name: 'Lucie Aunan', org: 'Sekretariatet' })
    const observerLink = await mintToken(url, meetingId, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' })
    const memberLink = await mintToken(url, meetingId, { role: 'medlem', name: 'Kai Brenden', org: 'KS' })

    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(secretaryLink.url, 'Lucie Aunan')
    const observerPage = await e2e.newPage()
    const observer = new EditorPage(observerPage)
    await observer.open(observerLink.url, 'Christine Bergland')
    const control = observerPage.getByRole('complementary', { name: 'Følg referenten' })
    const toggle = control.getByRole('checkbox', { name: 'Følg referenten' })
    expect(await toggle.isChecked()).toBe(true)
    const sak10 = observer.agendaItem('10/24')
    expect(await inView(sak10)).toBe(false)

    // The secretary writes in sak 10 (far down): the observer's view follows.
    await secretary.caretAtEndOf(secretary.agendaItem('10/24').locator('.decision p'))
    await secretary.page.keyboard.type(' Første setning.')
    await expect.poll(() => inView(sak10)).toBe(true)
    await expect.poll(() => observer.textOf(sak10.locator('.decision p'))).toContain('Første setning.')
    expect(await seriousViolations(observerPage), 'axe: following').toEqual([])

    // The observer scrolls back to the top: following stops, and says so.
    await observerPage.mouse.move(640, 400)
    await observerPage.mouse.wheel(0, -100_000)
    const paused = control.getByText('Du følger ikke lenger referenten')
    await paused.waitFor()
    expect(await toggle.isChecked()).toBe(false)
    await expect.poll(() => observerPage.evaluate(() => window.scrollY)).toBe(0)
    expect(await seriousViolations(observerPage), 'axe: paused').toEqual([])

    // The secretary keeps typing: the observer's view stays put.
    await secretary.page.keyboard.type(' Andre setning.')
    await expect.poll(() => observer.textOf(sak10.locator('.decision p'))).toContain('Andre setning.')
    await twoFrames(observerPage)
    expect(await observerPage.evaluate(() => window.scrollY)).toBe(0)
    expect(await inView(sak10)).toBe(false)

    // "Følg igjen" brings sak 10 back.
    await control.getByRole('button', { name: 'Følg igjen' }).click()
    await expect.poll(() => inView(sak10)).toBe(true)
    expect(await toggle.isChecked()).toBe(true)
    expect(await paused.count()).toBe(0)

    // 200 characters in sak 10, then the secretary moves to sak 11: one announcement, not 200.
    await expect.poll(() => observerPage.getByRole('status').filter({ hasText: 'Referenten skriver i sak 10/24' }).count()).toBe(1)
    const announcements = await recordAnnouncements(observerPage)
    const text = 'Styret ber sekretariatet følge opp saken. '.repeat(5).slice(0, 200)
    await secretary.page.keyboard.type(text)
    await expect.poll(() => observer.textOf(sak10.locator('.decision p'))).toContain(text.trim())
    await secretary.caretAtEndOf(secretary.agendaItem('11/24').locator('.decision p'))
    await secretary.page.keyboard.type(' Ny sak.')
    const sak11 = observer.agendaItem('11/24')
    await expect.poll(() => observer.textOf(sak11.locator('.decision p'))).toContain('Ny sak.')
    await expect.poll(async () => (await announcements()).at(-1)).toBe('Referenten skriver i sak 11/24 Orienteringssak 11.')
    expect((await announcements()).length).toBeLessThanOrEqual(3)
    await expect.poll(() => inView(sak11)).toBe(true)
    await e2e.shot(observerPage, '16-follow-following')

    // Choosing a sak in the Saksliste is reading elsewhere too.
    await observer.goToAgendaItem('2/24')
    await paused.waitFor()
    await e2e.shot(observerPage, '16-follow-paused')

    // A member starts without following.
    const member = new EditorPage(await e2e.newPage())
    await member.open(memberLink.url, 'Kai Brenden')
    const memberToggle = member.page.getByRole('complementary', { name: 'Følg referenten' }).getByRole('checkbox', { name: 'Følg referenten' })
    expect(await memberToggle.isChecked()).toBe(false)
  })
})
