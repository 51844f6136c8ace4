import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting } from '../helpers'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'
import { useE2E } from './support/fixture'

/**
 * Everything the page reports about the Content-Security-Policy: console messages that mention it
 * and `securitypolicyviolation` events (registered before any script of the page runs).
 */
async function watchCsp(page: Page): Promise<string[]> {
  const reports: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy|CSP-VIOLATION/i.test(message.text())) reports.push(message.text())
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
    })
  })
  return reports
}

describe('the client under its Content-Security-Policy', () => {
  const e2e = useE2E()

  it('loads, logs in, edits and shows a remote caret and selection without one violation', async () => {
    const { url, adminToken } = e2e.server
    const listPage = await e2e.newPage()
    const listReports = await watchCsp(listPage)
    const response = await listPage.goto(url)
    expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/)
    await new MeetingListPage(listPage).openAsAdmin(url, adminToken!)

    const meeting = await createMeeting(url)
    const link = (token: string) => `${url}/m/${meeting.id}#token=${token}`
    const secretaryPage = await e2e.newPage()
    const secretaryReports = await watchCsp(secretaryPage)
    const secretary = new EditorPage(secretaryPage)
    await secretary.open(link(meeting.tokens.sekretær), 'Lucie Aunan')
    const chairPage = await e2e.newPage()
    const chairReports = await watchCsp(chairPage)
    const chair = new EditorPage(chairPage)
    await chair.open(link(meeting.tokens.møteleder), 'Erik Hansen')

    await secretary.editor.click()
    await secretaryPage.keyboard.type('Skrevet under CSP')
    await expect.poll(() => chair.editor.innerText()).toContain('Skrevet under CSP')
    // The chair selects text: the secretary's page draws a remote caret and a tinted selection.
    await chair.editor.getByText('Skrevet under CSP').selectText()
    await secretaryPage.locator('.collaboration-carets__selection').first().waitFor()
    await secretary.waitForSaved()

    expect([...listReports, ...secretaryReports, ...chairReports]).toEqual([])
  })
})
