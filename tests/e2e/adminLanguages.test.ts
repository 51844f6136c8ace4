import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'

/** A catalogue key shown as it is: a string that was never translated, or a catalogue not loaded. */
const RAW_KEY = /\b(common|editor|admin)\.[a-z]/

/** The page's text and the words of its aria-label, placeholder and title attributes. */
function shownText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = [...document.querySelectorAll('[aria-label], [placeholder], [title]')].flatMap((el) =>
      ['aria-label', 'placeholder', 'title'].map((name) => el.getAttribute(name) ?? ''),
    )
    return [document.body.innerText, ...attributes].join('\n')
  })
}

describe('the meeting list in the three languages', () => {
  const e2e = useE2E()

  it('speaks English to an English browser, without raw keys, and switches to nynorsk with the picker', async () => {
    const { url } = e2e.server
    await createMeeting(url, { organ: 'Kommunestyret', number: '3/2026', date: '2026-03-04' })
    const page = await e2e.newPage({ locale: 'en-GB' })
    await page.goto(url)
    await page.evaluate((key) => localStorage.setItem('referat-admin-key', key), TEST_ADMIN_TOKEN)
    await page.reload()

    await page.getByRole('heading', { level: 1, name: 'Meetings' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'All meetings' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'New meeting' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Bodies' }).waitFor()
    // The meeting's date through Intl in en-GB.
    await page.getByText('4 March 2026', { exact: true }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(await page.title()).toBe('Meetings – Referat')
    const shown = () => shownText(page)
    expect(await shown()).not.toMatch(RAW_KEY)

    // "Language of the minutes" starts at the interface language and is sent with the new meeting.
    const form = page.locator('form.new-meeting')
    expect(await form.getByLabel('Language of the minutes').inputValue()).toBe('en')
    await form.getByLabel(/^Body/).fill('Eldrerådet')
    await form.getByLabel(/^Date/).fill('2026-05-20')
    await form.getByLabel('Language of the minutes').selectOption('nn')
    const created = page.waitForRequest((request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/meetings')
    await form.getByRole('button', { name: 'Create meeting' }).click()
    expect((await created).postDataJSON()).toMatchObject({ organ: 'Eldrerådet', date: '2026-05-20', language: 'nn' })
    await page.getByRole('region', { name: /^Invitation links for Eldrerådet, 20 May 2026/ }).waitFor()
    expect(await shown()).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: English list').toEqual([])

    // The picker in the header: nynorsk at once, and still after a reload.
    await page.getByRole('banner').getByLabel('Language').selectOption('nn')
    await page.getByRole('heading', { level: 1, name: 'Møte' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Alle møte' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn')
    await page.reload()
    await page.getByRole('heading', { level: 2, name: 'Nytt møte' }).waitFor()
    await page.getByText('4. mars 2026', { exact: true }).waitFor()
    expect(await shown()).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: nynorsk list').toEqual([])
  })

  it('shows the search and verify pages in English, without raw keys', async () => {
    const { url } = e2e.server
    const page = await e2e.newPage({ locale: 'en-GB' })
    await page.goto(`${url}/verify`)
    await page.getByRole('heading', { level: 1, name: 'Verify minutes' }).waitFor()
    await page.getByRole('button', { name: 'Verify the file' }).click()
    await page.getByRole('status').getByText('Choose a file to verify.').waitFor()
    expect(await shownText(page)).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: English verify page').toEqual([])

    await page.evaluate((key) => localStorage.setItem('referat-admin-key', key), TEST_ADMIN_TOKEN)
    await page.goto(`${url}/sok`)
    await page.getByRole('heading', { level: 1, name: 'Search the minutes' }).waitFor()
    await page.getByRole('button', { name: 'Search', exact: true }).click()
    await page.getByRole('alert').getByText('Enter at least one word to search for.').waitFor()
    expect(await page.title()).toBe('Search the minutes – Referat')
    expect(await shownText(page)).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: English search page').toEqual([])
  })
})
