// Issue 16: what a screen reader hears while the minutes change under it, and where the focus is.
// The meeting page has one polite live region (client/ui/announcer.tsx); while the secretary types
// 200 characters a reader hears a handful of announcements, not 200; and a remote edit never
// takes the focus away from a reader's or the chair's control.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, api, mintToken } from '../helpers'
import { EditorPage } from './pages/EditorPage'
import { useE2E } from './support/fixture'
import { announcement, tabTo, watchAnnouncements } from './support/keyboard'

const ITEMS = Array.from({ length: 4 }, (_, i) => ({
  number: `${i + 1}/24`,
  title: `Orienteringssak ${i + 1}`,
  caseType: 'Orientering',
  proposal: `Styret tar orientering ${i + 1} til etterretning.`,
}))

/** A meeting with four saker, and links for each role. */
async function meetingWithLinks(url: string) {
  const created = await api(url, 'POST', '/api/meetings/import', {
    token: TEST_ADMIN_TOKEN,
    body: { meeting: { organ: 'Styret', title: 'Styremøte', number: '3/24', date: '2024-06-12' }, agenda: { items: ITEMS } },
  })
  expect(created.status).toBe(201)
  const meetingId = (created.body as { meeting: { id: string } }).meeting.id
  return {
    secretary: await mintToken(url, meetingId, { role: 'sekretær', name: 'Lucie Aunan', org: 'Sekretariatet' }),
    chair: await mintToken(url, meetingId, { role: 'møteleder', name: 'Erik Hansen', org: 'Styret' }),
    member: await mintToken(url, meetingId, { role: 'medlem', name: 'Kai Brenden', org: 'KS' }),
    observer: await mintToken(url, meetingId, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' }),
  }
}

/** The page's polite live regions (role="status" is polite too) that assistive technology sees (not in a closed dialog). */
function politeRegions(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[aria-live="polite"], [role="status"], [role="log"]')]
      .filter((el) => el.getAttribute('aria-live') !== 'off' && !el.closest('[hidden], .meeting-view-pending, dialog:not([open])'))
      .map((el) => el.outerHTML.slice(0, 120)),
  )
}

/** Remembers the focused element in the page, to compare with later. */
function rememberFocus(page: Page): Promise<void> {
  return page.evaluate(() => {
    ;(window as unknown as { rememberedFocus: Element | null }).rememberedFocus = document.activeElement
  })
}

/** True while the focused element is the very element remembered (not a re-created copy). */
function sameFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const remembered = (window as unknown as { rememberedFocus: Element | null }).rememberedFocus
    return remembered !== null && remembered !== document.body && document.activeElement === remembered && remembered.isConnected
  })
}

/** The text of the textblock the page's caret is in. */
function caretBlockText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const node = window.getSelection()?.anchorNode
    const el = node instanceof Element ? node : node?.parentElement
    return el?.closest('p, h2, h3, li')?.textContent ?? ''
  })
}

describe('the live region and the focus while the minutes change', () => {
  const e2e = useE2E()

  it('an observer hears a handful of announcements, not 200, while the secretary types 200 characters and moves on; a member who does not follow hears none', async () => {
    const links = await meetingWithLinks(e2e.server.url)
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(links.secretary.url, 'Lucie Aunan')
    const observer = new EditorPage(await e2e.newPage())
    await observer.open(links.observer.url, 'Christine Bergland')
    const member = new EditorPage(await e2e.newPage())
    await member.open(links.member.url, 'Kai Brenden')
    // Once the editor has taken over from the light reader: one polite live region on the page.
    for (const page of [observer.page, member.page, secretary.page]) {
      await page.locator('.meeting-view:not(.meeting-view-pending) .ProseMirror').waitFor()
      expect(await politeRegions(page)).toEqual([expect.stringContaining('data-announcer')])
    }
    const observerHeard = await watchAnnouncements(observer.page)
    const memberHeard = await watchAnnouncements(member.page)

    const text = 'Styret ber sekretariatet følge opp saken. '.repeat(5).slice(0, 200)
    expect(text).toHaveLength(200)
    await secretary.caretAtEndOf(secretary.agendaItem('2/24').locator('.decision p'))
    await secretary.page.keyboard.type(text)
    await expect.poll(() => observer.textOf(observer.agendaItem('2/24').locator('.decision p'))).toContain(text.trim())
    await expect.poll(() => member.textOf(member.agendaItem('2/24').locator('.decision p'))).toContain(text.trim())
    // The status bar flips between "Lagrer …" and "Lagret" on the secretary's page meanwhile: seen, not announced.
    await secretary.waitForSaved()

    // The secretary moves on to sak 3: the observer (following) is told, once the caret stayed there.
    await secretary.caretAtEndOf(secretary.agendaItem('3/24').locator('.decision p'))
    await secretary.page.keyboard.type(' Ny sak.')
    await expect.poll(async () => (await observerHeard()).at(-1)).toBe('Referenten skriver i sak 3/24 Orienteringssak 3.')
    await expect.poll(() => member.textOf(member.agendaItem('3/24').locator('.decision p'))).toContain('Ny sak.')

    const heard = await observerHeard()
    expect(heard.length, heard.join(' | ')).toBeGreaterThanOrEqual(1)
    expect(heard.length, heard.join(' | ')).toBeLessThanOrEqual(5)
    expect(heard).toContain('Referenten skriver i sak 2/24 Orienteringssak 2.')
    expect(await memberHeard(), 'a member who does not follow').toEqual([])
  })

  it('the focus stays on the follow switch, in the minutes and on "Bekreft vedtak" while the secretary types and inserts a sak', async () => {
    const links = await meetingWithLinks(e2e.server.url)
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(links.secretary.url, 'Lucie Aunan')
    const member = new EditorPage(await e2e.newPage())
    await member.open(links.member.url, 'Kai Brenden')
    const chair = new EditorPage(await e2e.newPage())
    await chair.open(links.chair.url, 'Erik Hansen')
    await member.page.locator('.meeting-view:not(.meeting-view-pending) .ProseMirror').waitFor()

    /** The secretary writes in sak 1, inserts a sak after sak 4 and titles it; every page has it. */
    const remoteEdits = async (round: number) => {
      await secretary.caretAtEndOf(secretary.agendaItem('1/24').locator('.decision p'))
      await secretary.page.keyboard.type(` Runde ${round}.`)
      await secretary.goToAgendaItem('4/24')
      await secretary.clickToolbar('Ny sak')
      await secretary.page.keyboard.type(`Ny sak ${round}`)
      for (const page of [member, chair]) {
        await expect.poll(() => page.textOf(page.editor)).toContain(`Ny sak ${round}`)
        await expect.poll(() => page.textOf(page.agendaItem('1/24').locator('.decision p'))).toContain(`Runde ${round}.`)
      }
    }

    // The member on the follow switch (by keyboard).
    await tabTo(member.page, { role: 'checkbox', name: /^Følg referenten$/ })
    await rememberFocus(member.page)
    // The chair on "Bekreft vedtak" of sak 2, in the margin that is redrawn with the minutes.
    await chair.marginOf('2/24').getByRole('button', { name: 'Bekreft vedtak' }).waitFor()
    await tabTo(chair.page, { role: 'button', name: /^Bekreft vedtak$/ })
    await rememberFocus(chair.page)
    const chairButtonSak = await chair.page.evaluate(() => document.activeElement?.closest('[role="region"]')?.getAttribute('aria-label') ?? '')
    await remoteEdits(1)
    expect(await sameFocus(member.page), 'member: the follow switch').toBe(true)
    expect(await sameFocus(chair.page), 'chair: Bekreft vedtak').toBe(true)
    expect(await chair.page.evaluate(() => document.activeElement?.closest('[role="region"]')?.getAttribute('aria-label') ?? '')).toBe(chairButtonSak)

    // The member's caret in the minutes, in sak 3's vedtak (keyboard: back into the minutes, arrows).
    await tabTo(member.page, { role: 'textbox', name: /^Referat$/ }, { backwards: true })
    await member.page.keyboard.press('Control+Home')
    for (let i = 0; i < 80 && !(await caretBlockText(member.page)).startsWith('Styret tar orientering 3'); i++) await member.page.keyboard.press('ArrowDown')
    expect(await caretBlockText(member.page)).toBe('Styret tar orientering 3 til etterretning.')
    await rememberFocus(member.page)
    await remoteEdits(2)
    expect(await sameFocus(member.page), 'member: the minutes').toBe(true)
    expect(await caretBlockText(member.page), 'the caret stays in its block').toBe('Styret tar orientering 3 til etterretning.')
  })
  // Last in the file: it stops the server.
  it('a lost connection is announced once it lasts, and its return once it is back; the first connection is not', async () => {
    const links = await meetingWithLinks(e2e.server.url)
    const observer = new EditorPage(await e2e.newPage())
    await observer.open(links.observer.url, 'Christine Bergland')
    await observer.page.locator('.meeting-view:not(.meeting-view-pending) .ProseMirror').waitFor()
    const heard = await watchAnnouncements(observer.page)
    await e2e.crashAndRestart(async () => {
      await expect.poll(() => announcement(observer.page)).toBe('Forbindelsen til serveren er brutt.')
    })
    await expect.poll(() => announcement(observer.page)).toBe('Forbindelsen er tilbake.')
    // Reconnect attempts while the server was down flicker the status: said once each, not per attempt.
    expect((await heard()).filter((m) => !m.startsWith('Referenten skriver'))).toEqual(['Forbindelsen til serveren er brutt.', 'Forbindelsen er tilbake.'])
  })
})
