// Issue 16: every task done with the keyboard alone. Two people sign in at the identity provider
// (oidc-provider on 127.0.0.1, its development login pages), open the meeting from "Mine møter",
// and then: the member turns "Følg referenten" on and off, selects text with Shift+arrows and
// flags it with a proposed text; the chair accepts the proposal, confirms the vedtak, closes the meeting, approves the
// referat and exports it. Only keyboard.press and keyboard.type: no click, no mouse, no fill.
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { api, createMeeting } from '../helpers'
import { TEST_ACCOUNTS } from '../helpers/oidcProvider'
import { EditorPage } from './pages/EditorPage'
import { seriousViolations } from './support/axe'
import { useE2EWithProvider } from './support/fixture'
import { activate, announcement, focused, tabTo } from './support/keyboard'


/** True when the focus is inside an element matching `selector`. */
function focusWithin(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector)
}

/** Signs in at the provider's development pages by keyboard only: Tab to the fields, type, Enter. */
async function signInByKeyboard(page: Page, serverUrl: string, subject: string): Promise<void> {
  await activate(page, { role: 'link', name: /^Logg inn med virksomhetens konto$/ })
  await page.waitForURL((url) => !url.href.startsWith(serverUrl))
  for (let step = 0; step < 4 && !page.url().startsWith(serverUrl); step++) {
    await page.waitForLoadState()
    const navigated = page.waitForNavigation()
    if (await page.locator('input[name="login"]').count()) {
      await tabTo(page, { name: /.*/, role: 'text' })
      await page.keyboard.type(subject)
      await tabTo(page, { name: /.*/, role: 'password' })
      await page.keyboard.type('test')
      await page.keyboard.press('Enter')
    } else {
      // The consent page: its submit button.
      await tabTo(page, { name: /.+/, role: 'button' })
      await page.keyboard.press('Enter')
    }
    await navigated
  }
  await page.waitForURL((url) => url.href.startsWith(serverUrl))
}

/** Moves the caret with ArrowDown until it is inside `selector` (at most `maxPresses`). */
async function arrowDownInto(page: Page, selector: string, maxPresses = 80): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    const inside = await page.evaluate((s) => {
      const node = window.getSelection()?.anchorNode
      const el = node instanceof Element ? node : node?.parentElement
      return Boolean(el?.closest(s))
    }, selector)
    if (inside) return
    await page.keyboard.press('ArrowDown')
  }
  throw new Error(`ArrowDown never reached ${selector}`)
}

describe('keyboard only', () => {
  const { e2e } = useE2EWithProvider()

  it('a member signs in, opens the meeting, follows and stops, and flags a passage with a proposed text; the chair accepts it, confirms, closes, approves and exports', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    for (const [role, email] of [
      ['møteleder', TEST_ACCOUNTS['sub-kari'].email],
      ['medlem', TEST_ACCOUNTS['sub-ola'].email],
    ] as const) {
      const res = await api(url, 'POST', `/api/meetings/${meeting.id}/tokens`, { token: e2e.server.adminToken, body: { role, email } })
      expect(res.status).toBe(201)
    }

    // The member: sign in, "Mine møter", open the meeting.
    const memberPage = await e2e.newPage()
    await memberPage.goto(url)
    await signInByKeyboard(memberPage, url, 'sub-ola')
    await memberPage.getByRole('region', { name: 'Mine møter' }).getByText('Medlem').waitFor()
    await activate(memberPage, { role: 'button', name: /^Åpne Styret/ })
    const member = new EditorPage(memberPage)
    await member.editor.waitFor()

    // "Følg referenten": Space on the switch turns it on, and off again.
    const toggle = memberPage.getByRole('complementary', { name: 'Følg referenten' }).getByRole('checkbox', { name: 'Følg referenten' })
    expect(await toggle.isChecked()).toBe(false)
    await activate(memberPage, { role: 'checkbox', name: /^Følg referenten$/ }, 'Space')
    await expect.poll(() => toggle.isChecked()).toBe(true)
    await memberPage.keyboard.press('Space')
    await expect.poll(() => toggle.isChecked()).toBe(false)

    // Into the minutes (Shift+Tab from the switch goes back through the page), to the vedtak, and
    // select its first words with Shift+ArrowRight.
    await tabTo(memberPage, { role: 'textbox', name: /^Referat$/ }, { backwards: true })
    await member.page.locator('.meeting-view:not(.meeting-view-pending) .ProseMirror').waitFor()
    await expect.poll(() => focusWithin(memberPage, '.ProseMirror')).toBe(true)
    await memberPage.keyboard.press('Control+Home')
    await arrowDownInto(memberPage, 'section.agenda-item[data-number="1/24"] .decision p')
    await memberPage.keyboard.press('Home')
    for (let i = 0; i < 6; i++) await memberPage.keyboard.press('Shift+ArrowRight')
    const selected = await memberPage.evaluate(() => window.getSelection()?.toString() ?? '')
    expect(selected.length).toBe(6)

    // Alt+Shift+F: "Flagg tekst" opens on the comment; Tab to the proposal, Tab to "Send flagg".
    await memberPage.keyboard.press('Alt+Shift+F')
    const flagDialog = memberPage.getByRole('dialog', { name: 'Flagg tekst' })
    await flagDialog.waitFor()
    expect((await focused(memberPage)).id).toBe('flag-comment')
    await memberPage.keyboard.type('Skal stå med stor forbokstav.')
    await tabTo(memberPage, { name: /^Forslag til ny tekst$/, role: 'textarea' })
    await memberPage.keyboard.press('Control+A')
    await memberPage.keyboard.type('Endret vedtak.')
    expect(await seriousViolations(memberPage), 'axe: flag dialog').toEqual([])
    await activate(memberPage, { role: 'button', name: /^Send flagg$/ })
    await flagDialog.waitFor({ state: 'hidden' })
    // The focus is back in the minutes where it was, and the live region said the flag was sent.
    expect(await focusWithin(memberPage, '.ProseMirror')).toBe(true)
    await expect.poll(() => announcement(memberPage)).toBe('Flagget er sendt til sekretæren.')

    // The chair: sign in, open the meeting, confirm the vedtak in the margin.
    const chairPage = await e2e.newPage()
    await chairPage.goto(url)
    await signInByKeyboard(chairPage, url, 'sub-kari')
    await chairPage.getByRole('region', { name: 'Mine møter' }).getByText('Møteleder').waitFor()
    await activate(chairPage, { role: 'button', name: /^Åpne Styret/ })
    const chair = new EditorPage(chairPage)
    await chair.editor.waitFor()
    const margin = chair.marginOf('1/24')
    // The member's flag, decided by keyboard: "Godta forslaget"; the member hears the outcome.
    await margin.getByRole('button', { name: 'Godta forslaget' }).waitFor()
    await activate(chairPage, { role: 'button', name: /^Godta forslaget$/, region: /^Sak 1\/24:/ })
    await expect.poll(() => announcement(chairPage)).toBe('Forslaget er satt inn i referatet.')
    await expect.poll(() => announcement(memberPage)).toBe('Sekretæren tok forslaget ditt inn i referatet.')
    await expect.poll(() => member.textOf(member.agendaItem('1/24').locator('.decision p'))).toContain('Endret vedtak.')
    // The server confirms the vedtak it has stored: the accepted text must be saved first.
    await expect.poll(() => chair.textOf(chair.agendaItem('1/24').locator('.decision p'))).toContain('Endret vedtak.')
    await chair.waitForSaved()
    await margin.getByRole('button', { name: 'Bekreft vedtak' }).waitFor()
    // Back (Shift+Tab) from where the accepted flag was to sak 1/24's "Bekreft vedtak".
    await activate(chairPage, { role: 'button', name: /^Bekreft vedtak$/, region: /^Sak 1\/24:/ }, 'Enter', { backwards: true })
    await expect.poll(() => margin.locator('.confirmation-text').textContent()).toMatch(/^Bekreftet av Kari Nordmann/)
    // The member hears it once, politely.
    await expect.poll(() => announcement(memberPage)).toBe('Vedtaket i sak 1/24 er bekreftet.')

    // "Lukk møtet": Escape closes the dialog and gives the focus back to the button; then for real.
    await activate(chairPage, { role: 'button', name: /^Lukk møtet$/ }, 'Enter', { backwards: true })
    const closeDialog = chairPage.getByRole('dialog', { name: 'Lukk møtet' })
    await closeDialog.waitFor()
    expect((await focused(chairPage)).inDialog).toBe('Lukk møtet')
    await chairPage.keyboard.press('Escape')
    await closeDialog.waitFor({ state: 'hidden' })
    expect(await focused(chairPage)).toMatchObject({ role: 'button', name: 'Lukk møtet', inDialog: null })
    await chairPage.keyboard.press('Enter')
    await closeDialog.waitFor()
    expect(await seriousViolations(chairPage), 'axe: close dialog').toEqual([])
    await activate(chairPage, { role: 'button', name: /^Lukk møtet$/ })
    await closeDialog.waitFor({ state: 'hidden' })
    await expect.poll(() => announcement(memberPage)).toBe('Møtet er lukket.')
    await expect.poll(() => announcement(chairPage)).toBe('Møtet er lukket.')

    // "Marker som godkjent" in the Versjoner panel.
    await activate(chairPage, { role: 'button', name: /^Marker som godkjent$/ })
    await chairPage.locator('.app-header .status-approved').waitFor()
    await expect.poll(() => announcement(chairPage)).toMatch(/^Referatet er markert som godkjent\./)
    await expect.poll(() => announcement(memberPage)).toBe('Referatet er godkjent.')

    // "Eksporter": Enter opens the menu, Tab to "PDF", Enter downloads it.
    await activate(chairPage, { role: 'button', name: /^Eksporter$/ }, 'Enter', { backwards: true })
    await chairPage.getByRole('button', { name: 'PDF', exact: true }).waitFor()
    await tabTo(chairPage, { role: 'button', name: /^PDF$/ })
    const [download] = await Promise.all([chairPage.waitForEvent('download'), chairPage.keyboard.press('Enter')])
    expect(download.suggestedFilename()).toMatch(/\.pdf$/)
    // The focus stays on "PDF" through the download (a disabled button would drop it).
    await expect.poll(() => announcement(chairPage)).toMatch(/^Referatet er lastet ned som PDF/)
    expect(await focused(chairPage)).toMatchObject({ role: 'button', name: 'PDF' })
    expect(await seriousViolations(chairPage), 'axe: approved, export menu open').toEqual([])
    // Escape closes the menu and gives the focus back to "Eksporter".
    await chairPage.keyboard.press('Escape')
    expect(await chairPage.locator('details.export-menu').evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false)
    expect(await focused(chairPage)).toMatchObject({ role: 'button', name: 'Eksporter' })
  })
})
