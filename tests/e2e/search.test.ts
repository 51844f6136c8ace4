import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, api, waitFor } from '../helpers'
import { EditorPage } from './pages/EditorPage'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'

/** Twelve saker, so that the one searched for is far below the fold. */
const ITEMS = Array.from({ length: 12 }, (_, i) => ({
  number: `${i + 1}/24`,
  title: i === 9 ? 'Klimatilpasning' : `Orienteringssak ${i + 1}`,
  caseType: i === 9 ? 'Beslutning' : 'Orientering',
  proposal: i === 9 ? 'Styret vedtar handlingsplanen for klimatilpasning.' : `Styret tar orientering ${i + 1} til etterretning.`,
}))

describe('search across referater', () => {
  const e2e = useE2E({ env: async () => ({ SEARCH_INDEX_DELAY_MS: '0' }) })

  it('finds a vedtak by an inflected word and opens its sak in the meeting, scrolled into view', async () => {
    const { url } = e2e.server
    const created = await api(url, 'POST', '/api/meetings/import', {
      token: TEST_ADMIN_TOKEN,
      body: { meeting: { organ: 'Styret', title: 'Styremøte', number: '3/24', date: '2024-06-12' }, agenda: { items: ITEMS } },
    })
    expect(created.status).toBe(201)
    const meetingId = (created.body as { meeting: { id: string } }).meeting.id
    await waitFor(
      async () => ((await api(url, 'GET', '/api/search?q=handlingsplan', { token: TEST_ADMIN_TOKEN })).body as { total?: number }).total === 1,
      10_000,
      'the meeting indexed',
    )

    const page = await e2e.newPage()
    await page.goto(url)
    await page.evaluate((key) => localStorage.setItem('referat-admin-key', key), TEST_ADMIN_TOKEN)
    await page.reload()
    await page.getByRole('link', { name: 'Søk i referater' }).click()
    await page.getByRole('heading', { name: 'Søk i referater', level: 1 }).waitFor()

    // Nothing found: the empty state.
    await page.getByLabel('Søkeord').fill('budsjettrevisjon')
    await page.getByRole('button', { name: 'Søk' }).click()
    await page.getByText('Ingen treff for «budsjettrevisjon»').waitFor()
    expect(await seriousViolations(page), 'axe: no hits').toEqual([])

    // "handlingsplanen" in the vedtak is found by "handlingsplan", filtered by year and sakstype, by keyboard.
    await page.getByLabel('Søkeord').fill('handlingsplan')
    await page.getByLabel('År').fill('2024')
    await page.getByLabel('Sakstype').fill('beslutning')
    await page.getByLabel('Sakstype').press('Enter')
    const hits = page.getByRole('list', { name: 'Treff' }).getByRole('listitem')
    await hits.first().waitFor()
    expect(await hits.count()).toBe(1)
    const hit = hits.first()
    expect(await hit.getByRole('heading', { level: 2 }).textContent()).toBe('10/24 Klimatilpasning')
    expect(await hit.textContent()).toContain('Vedtak')
    expect(await hit.locator('mark').allTextContents()).toEqual(['handlingsplanen'])
    expect(await page.getByRole('status').textContent()).toContain('Fant 1 treff.')
    expect(await seriousViolations(page), 'axe: hits').toEqual([])
    await e2e.shot(page, '15-search-hits')

    await hit.getByRole('link', { name: '10/24 Klimatilpasning' }).click()
    const editor = new EditorPage(page)
    await editor.answerIdentity('Administrator')
    await editor.editor.waitFor()
    expect(new URL(page.url()).pathname).toBe(`/m/${meetingId}`)
    const title = editor.agendaItem('10/24').locator('h2.agenda-title')
    await waitFor(
      () => title.evaluate((el) => {
        const box = el.getBoundingClientRect()
        return box.top >= 0 && box.bottom <= window.innerHeight
      }),
      10_000,
      'the sak scrolled into view',
    )
    // The caret is in the sak (as when it is picked in the saksliste): the saksliste marks it current.
    const current = page.getByRole('navigation', { name: 'Saksliste' }).locator('button[aria-current="true"]')
    await current.waitFor()
    expect(await current.locator('.agenda-title').textContent()).toBe('Klimatilpasning')
    expect(await seriousViolations(page), 'axe: opened sak').toEqual([])
    await e2e.shot(page, '15-search-opened-sak')
  })
})
