import { describe, expect, it } from 'vitest'
import { minutesSchema } from '../../shared/schema'
import type { ActionListResponse } from '../../shared/api'
import { TEST_ADMIN_TOKEN, api, connectClient, createMeeting, editMinutes, findNode, waitFor } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'

const ORGAN = 'Nasjonalt e-helseråd'

describe('aksjonspunkter followed up in a later meeting, in the browser', () => {
  const e2e = useE2E()

  it('the secretary of a later meeting marks an earlier aksjonspunkt done and inserts the open ones', async () => {
    const { url, wsUrl } = e2e.server
    const earlier = await createMeeting(url, { organ: ORGAN, number: '3/2026', date: '2026-02-04' })
    const later = await createMeeting(url, { organ: ORGAN, number: '4/2026', date: '2026-04-15', firstAgendaNumber: 13 })
    // The earlier meeting's minutes get two aksjonspunkter, written by its secretary's client.
    const writer = connectClient(wsUrl, earlier.id, { token: earlier.tokens.sekretær })
    try {
      await writer.synced
      editMinutes(writer.doc, (tr, doc) => {
        const { pos, node } = findNode(doc, 'agendaItem', 1)
        const items = [
          minutesSchema.nodes.actionItem.create({ id: 'item-send-notat', owner: 'Kari Nordmann', dueDate: '2026-03-01' }, minutesSchema.text('Sende notatet om API-strategi')),
          minutesSchema.nodes.actionItem.create({ id: 'item-workshop', owner: 'Ola Hansen', dueDate: '2026-05-01' }, minutesSchema.text('Planlegge workshop om deling')),
        ]
        tr.insert(pos + 1 + node.child(0).nodeSize + node.child(1).nodeSize, minutesSchema.nodes.actionItems.create(null, items))
      })
      // Stored and read into the organ's list (after the debounce at the latest).
      const listed = async () => {
        const res = await api(url, 'GET', `/api/organs/${encodeURIComponent(ORGAN)}/actions?status=all`, { token: TEST_ADMIN_TOKEN })
        return (res.body as ActionListResponse).items.length === 2
      }
      await waitFor(listed, 15_000, 'the earlier meeting’s aksjonspunkter in the list')
    } finally {
      writer.destroy()
    }

    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${later.id}#token=${later.tokens.sekretær}`, 'Siri Sekretær')
    const page = secretary.page
    await page.getByRole('link', { name: /^Oppfølging/ }).click()
    await page.getByRole('heading', { level: 1, name: 'Oppfølging av aksjonspunkter' }).waitFor()
    const table = page.getByRole('table', { name: /Åpne aksjonspunkter/ })
    const rows = table.locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await table.locator('tbody tr').first().textContent()).toContain('Forfalt')
    expect(await seriousViolations(page), 'axe: follow-up list').toEqual([])

    await page.getByLabel('Merknad til «Sende notatet om API-strategi» (valgfritt)').fill('Sendt til rådet 2. mars')
    await page.getByRole('button', { name: 'Marker som utført: Sende notatet om API-strategi' }).click()
    await page.getByRole('status').filter({ hasText: '«Sende notatet om API-strategi» er markert som utført.' }).waitFor()
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.first().textContent()).toContain('Planlegge workshop om deling')

    await page.getByRole('radio', { name: 'Utførte' }).check()
    const done = page.getByRole('table', { name: /Utførte aksjonspunkter/ })
    await done.waitFor()
    const doneRow = done.locator('tbody tr').first()
    expect(await doneRow.textContent()).toMatch(/Utført \d{1,2}\. \p{L}+ \d{4} \(sekretær, møte 4\/2026\)/u)
    expect(await doneRow.textContent()).toContain('Merknad: Sendt til rådet 2. mars')
    await page.getByLabel('Ansvarlig').selectOption('Ola Hansen')
    await page.getByText('Ingen aksjonspunkter å vise.').waitFor()

    // The secretary prepares the next meeting's agenda for the admin.
    await page.getByRole('button', { name: 'Foreslå neste møte' }).click()
    await page.getByRole('status').filter({ hasText: 'Forslag til møte 5/2026 med 4 saker.' }).waitFor()
    const proposed = page.getByRole('region', { name: 'Neste møte' }).getByRole('listitem')
    expect(await proposed.allTextContents()).toEqual([
      'Sak 16/26 Godkjenning av innkalling og dagsordenForslag til vedtak: Nasjonalt e-helseråd godkjenner innkalling og dagsorden.',
      'Sak 17/26 Godkjenning av referat fra møte 4/2026 15. april 2026Forslag til vedtak: Referatet fra møte 4/2026 15. april 2026 godkjennes.',
      'Sak 18/26 Oppfølging av aksjonspunkterPlanlegge workshop om deling (ansvarlig: Ola Hansen; frist 1. mai 2026; fra møte 3/2026, 4. februar 2026)',
      'Sak 19/26 Eventuelt',
    ])
    expect(await page.getByLabel('Agenda som JSON (til «Importer innkalling»)').inputValue()).toContain('"number": "5/2026"')
    expect(await seriousViolations(page), 'axe: next meeting proposal in the follow-up page').toEqual([])

    await page.getByRole('link', { name: /Tilbake til møtet/ }).click()
    await secretary.editor.waitFor()
    await page.getByRole('button', { name: 'Sett inn oppfølging av aksjonspunkter' }).click()
    await page.getByText('Satt inn 1 åpent aksjonspunkt fra tidligere møter.').waitFor()
    const followUp = secretary.agendaItem('15/26')
    await followUp.waitFor()
    const text = await secretary.textOf(followUp)
    expect(text).toContain('Oppfølging av aksjonspunkter')
    expect(text).toContain('Planlegge workshop om deling (ansvarlig: Ola Hansen; frist 1. mai 2026; fra møte 3/2026, 4. februar 2026)')
    expect(text).not.toContain('Sende notatet')
    // Eventuelt moved on to the next number.
    expect(await secretary.editor.locator('section.other-business').getAttribute('data-number')).toBe('16/26')
    expect(await seriousViolations(page), 'axe: meeting with the follow-up sak').toEqual([])
    await secretary.waitForSaved()
  })

  it('the admin prepares the next meeting of the organ from the last one on the front page', async () => {
    const { url } = e2e.server
    const list = new MeetingListPage(await e2e.newPage())
    await list.openAsAdmin(url, TEST_ADMIN_TOKEN)
    const page = list.page
    await page.getByRole('button', { name: `Nytt møte i ${ORGAN}` }).click()
    const form = page.locator('form.new-meeting')
    // The last meeting is 4/2026 from the test above; its saker ran to 16/26, and one aksjonspunkt is still open.
    await expect.poll(() => form.getByLabel('Møtenummer').inputValue()).toBe('5/2026')
    expect(await form.getByLabel('Organ').inputValue()).toBe(ORGAN)
    expect(await form.getByLabel('Første saksnummer').inputValue()).toBe('17')
    const preview = form.getByRole('region', { name: 'Saker som blir importert' })
    await preview.getByRole('group', { name: 'Sak 17/26: Godkjenning av innkalling og dagsorden' }).waitFor()
    const approval = preview.getByRole('group', { name: 'Sak 18/26: Godkjenning av referat fra møte 4/2026 15. april 2026' })
    expect(await approval.getByLabel('Forslag til vedtak').inputValue()).toBe('Referatet fra møte 4/2026 15. april 2026 godkjennes.')
    await preview.getByRole('group', { name: 'Sak 19/26: Oppfølging av aksjonspunkter' }).waitFor()
    await preview.getByRole('group', { name: 'Sak 20/26: Eventuelt' }).waitFor()
    expect(await seriousViolations(page), 'axe: next meeting proposal').toEqual([])

    await form.getByLabel('Dato').fill('2026-06-10')
    await form.getByRole('button', { name: 'Importer og opprett møte' }).click()
    await page.getByRole('region', { name: /^Invitasjonslenker for / }).waitFor()
    const meetings = await api(url, 'GET', '/api/meetings', { token: TEST_ADMIN_TOKEN })
    expect((meetings.body as { meetings: { number: string; date: string }[] }).meetings[0]).toMatchObject({ number: '5/2026', date: '2026-06-10' })
  })
})
