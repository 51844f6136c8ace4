import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, api, createMeeting } from '../helpers'
import { WebhookReceiver } from '../helpers/webhookReceiver'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { MeetingListPage } from './pages/MeetingListPage'

const ORGAN = 'Kontrollutvalget i Ås'

describe('the admin’s webhook panel in the browser', () => {
  // One attempt per round, fast: a failed delivery shows at once and can be re-sent.
  const e2e = useE2E({ env: async () => ({ WEBHOOK_ALLOW_PRIVATE: '1', WEBHOOK_MAX_ATTEMPTS: '1', WEBHOOK_POLL_MS: '50' }) })
  let receiver: WebhookReceiver
  beforeAll(async () => {
    receiver = await WebhookReceiver.start()
  })
  afterAll(async () => {
    await receiver.close()
  })

  it('adds an endpoint, shows its secret once, lists a delivery and re-sends a failed one', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: ORGAN, date: '2024-06-12', number: '4/2024' })
    const list = new MeetingListPage(await e2e.newPage())
    await list.openAsAdmin(url, TEST_ADMIN_TOKEN)
    const page = list.page
    await page.getByRole('button', { name: new RegExp(`^Lenker og tilgang for ${ORGAN}`) }).click()
    await page.getByRole('button', { name: `Webhooker for ${ORGAN}` }).click()
    const panel = page.getByRole('region', { name: `Webhooker for ${ORGAN}` })
    await panel.getByText('Ingen webhooker ennå.').waitFor()
    await panel.getByLabel('Adresse (https://…)').fill(receiver.url)
    await panel.getByRole('checkbox', { name: 'Referatet er godkjent' }).uncheck()
    await panel.getByRole('button', { name: 'Legg til webhook' }).click()
    const secret = (await panel.locator('.webhook-secret code').textContent()) ?? ''
    expect(secret).toMatch(/^[0-9a-f]{64}$/)
    receiver.secret = secret
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toBe('webhook-secret')
    expect(await seriousViolations(page), 'axe: webhook panel with the secret shown').toEqual([])
    await panel.getByRole('button', { name: 'Jeg har kopiert den' }).click()
    await panel.getByRole('button', { name: `Fjern webhooken til ${receiver.url}` }).waitFor()
    expect(await panel.locator('.webhook-secret').count()).toBe(0)

    // The receiver is failing when the meeting closes: one attempt, given up.
    await receiver.setMode(500)
    const closed = await api(url, 'POST', `/api/meetings/${meeting.id}/close`, { token: meeting.tokens.møteleder, body: { commentDeadline: null } })
    expect(closed.status).toBe(200)
    await expect.poll(() => receiver.answered.length, { timeout: 15_000 }).toBe(1)
    const resend = panel.getByRole('button', { name: `Send på nytt Møtet er lukket til ${receiver.url}` })
    await expect
      .poll(
        async () => {
          await panel.getByRole('button', { name: 'Oppdater leveringene' }).click()
          return resend.count()
        },
        { timeout: 15_000 },
      )
      .toBe(1)
    expect(await panel.getByRole('row').filter({ hasText: 'Mislyktes' }).count()).toBe(1)
    expect(await seriousViolations(page), 'axe: delivery log').toEqual([])
    await e2e.shot(page, 'webhooks-panel')

    await receiver.setMode(200)
    await resend.click()
    await panel.getByText(`Møtet er lukket sendes på nytt til ${receiver.url}.`).waitFor()
    await expect
      .poll(
        async () => {
          await panel.getByRole('button', { name: 'Oppdater leveringene' }).click()
          return panel.getByRole('row').filter({ hasText: 'Levert' }).count()
        },
        { timeout: 15_000 },
      )
      .toBe(1)
    expect(receiver.received.map((w) => [w.event.type, w.signatureValid])).toEqual([
      ['meeting.closed', true],
      ['meeting.closed', true],
    ])
    expect(receiver.received[1].event).toMatchObject({ organ: ORGAN, meeting: { id: meeting.id, number: '4/2024' } })
  })
})
