// Issue 11: sign-in with the organisation's identity provider, in the browser. A real OpenID
// provider (oidc-provider, started here on 127.0.0.1) with its development login pages; the
// chair signs in, finds the meeting under "Mine møter", confirms a vedtak, and the register
// records the verified identity; a member signs in and sees only the meetings they are invited to.
import type { Page } from 'playwright-core'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { REGISTER_MAPS, registerDocName, type Confirmation } from '../../shared/register'
import { api, connectClient, createMeeting, waitFor } from '../helpers'
import { TEST_ACCOUNTS } from '../helpers/oidcProvider'
import { seriousViolations } from './support/axe'
import { useE2EWithProvider } from './support/fixture'
import { EditorPage } from './pages/EditorPage'


/** Signs in at the provider's development pages as `subject` (login, then consent), back at Referat. */
async function signInAt(page: Page, serverUrl: string, subject: string): Promise<void> {
  await page.getByRole('link', { name: 'Logg inn med virksomhetens konto' }).first().click()
  for (let step = 0; step < 4 && !page.url().startsWith(serverUrl); step++) {
    await page.waitForLoadState()
    if (page.url().startsWith(serverUrl)) break
    const login = page.locator('input[name="login"]')
    if (await login.count()) {
      await login.fill(subject)
      await page.locator('input[name="password"]').fill('test')
    }
    await Promise.all([page.waitForNavigation(), page.locator('button[type="submit"]').first().click()])
  }
  await page.waitForURL((url) => url.href.startsWith(serverUrl))
}

describe('sign-in with the identity provider', () => {
  const { e2e, provider } = useE2EWithProvider()

  it('the chair signs in, opens the meeting from "Mine møter" and confirms a vedtak with the verified identity; a member sees only their meetings', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const other = await createMeeting(url, { organ: 'Rådet', date: '2024-04-01' })
    for (const [meetingId, role, email] of [
      [meeting.id, 'møteleder', TEST_ACCOUNTS['sub-kari'].email],
      [meeting.id, 'medlem', TEST_ACCOUNTS['sub-ola'].email],
      [other.id, 'møteleder', TEST_ACCOUNTS['sub-kari'].email],
    ] as const) {
      const res = await api(url, 'POST', `/api/meetings/${meetingId}/tokens`, { token: e2e.server.adminToken, body: { role, email } })
      expect(res.status).toBe(201)
    }

    // Kari (the chair) first opens the chair's role link: in this meeting the chair must sign in
    // (the default with sign-in configured), so the page asks her to, and after signing in the
    // meeting opens with her invitation.
    const chair = await e2e.newPage()
    await chair.goto(`${url}/m/${meeting.id}#token=${meeting.tokens.møteleder}`)
    await chair.getByRole('heading', { name: 'Logg inn for å åpne møtet' }).waitFor()
    expect(await seriousViolations(chair), 'axe: sign-in required').toEqual([])
    await signInAt(chair, url, 'sub-kari')
    await new EditorPage(chair).editor.waitFor()
    expect(chair.url()).toBe(`${url}/m/${meeting.id}`)
    await chair.goto(url)
    await chair.getByText('Logget inn som').waitFor()
    expect(await chair.locator('header .signed-in').textContent()).toContain('Kari Nordmann')
    const mine = chair.getByRole('region', { name: 'Mine møter' })
    await mine.getByText('Møteleder').first().waitFor()
    expect(await mine.locator('.meeting-entry').count()).toBe(2)
    expect(await seriousViolations(chair), 'axe: Mine møter').toEqual([])
    await e2e.shot(chair, 'sign-in-1-mine-moter')

    // Open the meeting with the session: no link, no "Hvem er du?", the name from the provider.
    await mine.getByRole('button', { name: /Åpne Styret/ }).click()
    const chairPage = new EditorPage(chair)
    await chairPage.editor.waitFor()
    expect(await chair.getByRole('dialog', { name: 'Hvem er du?' }).isVisible()).toBe(false)
    const margin = chairPage.marginOf('1/24')
    await margin.getByRole('button', { name: 'Bekreft vedtak' }).click()
    await expect.poll(() => margin.locator('.confirmation-text').textContent()).toMatch(/^Bekreftet av Kari Nordmann \(innlogget\) /)
    await e2e.shot(chair, 'sign-in-2-confirmed')

    // The register records who confirmed: verified, with the provider's issuer and subject.
    const reader = connectClient(e2e.server.wsUrl, registerDocName(meeting.id), { token: meeting.tokens.observatør })
    try {
      await reader.synced
      const confirmations = reader.doc.getMap(REGISTER_MAPS.confirmations) as Y.Map<Confirmation>
      const confirmation = await waitFor(() => [...confirmations.values()][0], 5000, 'the confirmation in the register')
      expect(confirmation!.by).toMatchObject({ role: 'møteleder', name: 'Kari Nordmann', verified: true, issuer: provider().issuer, subject: 'sub-kari' })
    } finally {
      reader.destroy()
    }

    // Ola (a member) signs in and sees only the meeting he is invited to.
    const member = await e2e.newPage()
    await member.goto(url)
    await signInAt(member, url, 'sub-ola')
    const his = member.getByRole('region', { name: 'Mine møter' })
    await his.getByText('Medlem').waitFor()
    expect(await his.locator('.meeting-entry').count()).toBe(1)
    expect(await his.textContent()).not.toContain('Rådet')
    // Signing out ends the session here and at the provider (its confirmation page), then the
    // front page offers sign-in again.
    await member.getByRole('button', { name: 'Logg ut', exact: true }).click()
    await member.waitForURL((u) => u.href.startsWith(provider().issuer))
    await Promise.all([member.waitForURL((u) => u.href.startsWith(url)), member.locator('button[type="submit"], input[type="submit"]').first().click()])
    await member.getByRole('link', { name: 'Logg inn med virksomhetens konto' }).waitFor({ timeout: 10_000 })
    expect((await api(url, 'GET', '/api/my/meetings', { headers: { cookie: (await member.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } })).status).toBe(401)
  })

  it('an admin sees who is signed in and signs the chair out: the chair’s open meeting stops and asks her to sign in again', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Formannskapet', date: '2024-05-01' })
    const res = await api(url, 'POST', `/api/meetings/${meeting.id}/tokens`, { token: e2e.server.adminToken, body: { role: 'møteleder', subject: 'sub-kari' } })
    expect(res.status).toBe(201)
    const chair = await e2e.newPage()
    await chair.goto(url)
    await signInAt(chair, url, 'sub-kari')
    await chair.getByRole('region', { name: 'Mine møter' }).getByRole('button', { name: /Åpne Formannskapet/ }).click()
    await new EditorPage(chair).editor.waitFor()

    const admin = await e2e.newPage()
    await admin.goto(url)
    await signInAt(admin, url, 'sub-ada')
    const panel = admin.getByRole('region', { name: 'Innloggede personer' })
    await panel.getByText('Kari Nordmann').first().waitFor()
    expect(await panel.getByText('denne nettleseren').count()).toBe(1)
    expect(await seriousViolations(admin), 'axe: Innloggede personer').toEqual([])
    await e2e.shot(admin, 'sign-in-3-sessions')
    const kariButtons = panel.getByRole('button', { name: /^Logg ut Kari Nordmann/ })
    // Kari may have signed in more than once (the first test): end each of her sessions.
    expect(await kariButtons.count()).toBeGreaterThan(0)
    for (let left = await kariButtons.count(), step = 0; left > 0 && step < 10; step++) {
      await kariButtons.first().click()
      await expect.poll(() => kariButtons.count()).toBeLessThan(left)
      left = await kariButtons.count()
    }
    expect(await kariButtons.count()).toBe(0)
    expect(await panel.getByRole('status').textContent()).toBe('Kari Nordmann er logget ut.')
    // Focus stays in the panel for the keyboard.
    expect(await admin.evaluate(() => document.activeElement?.id)).toBe('sessions-heading')

    await chair.getByText('Du er logget ut').waitFor({ timeout: 10_000 })
    expect(await chair.getByRole('link', { name: 'Logg inn med virksomhetens konto' }).count()).toBeGreaterThan(0)
    await e2e.shot(chair, 'sign-in-4-session-ended')
  })
})
