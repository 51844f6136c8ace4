import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting, mintToken } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'

/** A catalogue key shown as if it were text: a word the catalogues lack, or one looked up before its catalogue arrived. */
const RAW_KEY = /\b(common|editor|admin)\.[a-z]/

/** Everything the page says: its text and the words of its names, titles, placeholders and hints. */
async function pageWords(page: Page): Promise<string> {
  return page.evaluate(() => {
    const attributes = ['aria-label', 'title', 'placeholder', 'alt', 'data-placeholder', 'aria-roledescription']
    const words = [document.title, document.body.innerText]
    for (const el of document.querySelectorAll('*')) {
      for (const name of attributes) {
        const value = el.getAttribute(name)
        if (value) words.push(value)
      }
    }
    return words.join('\n')
  })
}

/** The visible save and connection status of the page ("Tilkoblet", "Tilkopla", "Connected"). */
function statusText(page: Page): Promise<string | null> {
  return page.locator('.sync-status').first().textContent()
}

describe('the interface in bokmål, nynorsk and English', () => {
  const e2e = useE2E()

  it('a reader picks nynorsk, keeps it after a reload, then picks English; every language passes axe and shows no raw keys', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const observer = await mintToken(url, meeting.id, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' })
    const page = await e2e.newPage()
    await page.goto(observer.url)
    await page.locator('.minutes-editor section.agenda-item').first().waitFor()

    // Bokmål first (no choice made, a browser without a Norwegian or English preference says nothing else).
    const picker = page.getByRole('combobox', { name: 'Språk' })
    await expect.poll(() => statusText(page)).toBe('Tilkoblet')
    expect(await picker.inputValue()).toBe('nb')
    await expect.poll(() => page.getByRole('heading', { name: /^Tilkoblet nå \(\d+\)$/ }).count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nb')
    expect(await pageWords(page)).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: bokmål').toEqual([])

    // Nynorsk: the reader's chrome says it at once, and the page's language says so too.
    await picker.selectOption('nn')
    await expect.poll(() => statusText(page)).toBe('Tilkopla')
    await expect.poll(() => page.getByRole('heading', { name: /^Tilkopla no \(\d+\)$/ }).count()).toBe(1)
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('nn')
    expect(await page.getByRole('navigation', { name: 'Saksliste' }).count()).toBe(1)
    expect(await pageWords(page)).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: nynorsk').toEqual([])

    // Remembered in this browser: a reload comes back in nynorsk.
    await page.reload()
    await page.locator('.minutes-editor section.agenda-item').first().waitFor()
    const pickerAfter = page.getByRole('combobox', { name: 'Språk' })
    await expect.poll(() => pickerAfter.inputValue()).toBe('nn')
    await expect.poll(() => statusText(page)).toBe('Tilkopla')
    await expect.poll(() => page.getByRole('heading', { name: /^Tilkopla no \(\d+\)$/ }).count()).toBe(1)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('nn')
    expect(await pageWords(page)).not.toMatch(RAW_KEY)

    // English.
    await pickerAfter.selectOption('en')
    await expect.poll(() => statusText(page)).toBe('Connected')
    await expect.poll(() => page.getByRole('heading', { name: /^Connected now \(\d+\)$/ }).count()).toBe(1)
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('en')
    expect(await page.getByRole('complementary', { name: 'Follow the minute-taker' }).count()).toBe(1)
    expect(await page.getByRole('navigation', { name: 'Agenda' }).count()).toBe(1)
    // The picker is named in the interface language now.
    expect(await page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('en')
    expect(await pageWords(page)).not.toMatch(RAW_KEY)
    expect(await seriousViolations(page), 'axe: English').toEqual([])
  })

  it('the picker fits a phone and works from the keyboard', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-02' })
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Kari Nordmann' })
    const page = await e2e.newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
    await page.goto(member.url)
    await page.locator('.minutes-editor section.agenda-item').first().waitFor()
    const picker = page.getByRole('combobox', { name: 'Språk' })
    const box = await picker.boundingBox()
    expect(box).not.toBeNull()
    // Inside the screen's width, and a finger's size (WCAG 2.5.5, as every control on a phone).
    expect(box!.x).toBeGreaterThanOrEqual(0)
    expect(box!.x + box!.width).toBeLessThanOrEqual(390)
    expect(box!.height).toBeGreaterThanOrEqual(44)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // From the keyboard: focus it, and the arrow key picks the next language (nynorsk after bokmål).
    await picker.focus()
    await page.keyboard.press('ArrowDown')
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('nn')
    await expect.poll(() => statusText(page)).toBe('Tilkopla')
    expect(await seriousViolations(page), 'axe: phone, nynorsk').toEqual([])
    await e2e.shot(page, 'languages-phone-nynorsk', { viewport: true })
  })
})
