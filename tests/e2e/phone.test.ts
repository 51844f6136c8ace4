import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting, mintToken } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

/** A phone (iPhone 12-15 size) held upright, with a touch screen. */
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true }
/** WCAG 2.5.5's target size, which the page keeps on narrow screens. */
const TOUCH_TARGET_PX = 44

/** How far the page can scroll sideways (0 when it cannot), and what sticks out on the right. */
async function horizontalOverflow(page: Page): Promise<{ overflow: number; culprits: string[] }> {
  return page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement
    const width = root.clientWidth
    // The outermost elements that reach past the right edge, or whose content does (a pseudo-element).
    const culprits = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 || el.getBoundingClientRect().left + el.scrollWidth > width + 0.5)
      .slice(-10)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)})`)
    return { overflow: root.scrollWidth - width, culprits }
  })
}

/** The words of the minutes' sak titles that the browser broke over two lines ("God / kjen / ning"). */
async function splitTitleWords(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const split: string[] = []
    const titles = [...document.querySelectorAll('.minutes-editor > .agenda-item > .agenda-title')]
    if (titles.length === 0) throw new Error('no sak titles in the minutes')
    for (const title of titles) {
      const walker = document.createTreeWalker(title, NodeFilter.SHOW_TEXT)
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? ''
        for (const match of text.matchAll(/\S+/g)) {
          const range = document.createRange()
          range.setStart(node, match.index)
          range.setEnd(node, match.index + match[0].length)
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
          if (lines.size > 1) split.push(match[0])
        }
      }
    }
    return split
  })
}

/**
 * Every control a finger can reach on the page (inside `scope`) that is smaller than `min` px
 * either way. A checkbox's or radio button's target includes its label (a tap there ticks it).
 */
async function smallTargets(page: Page, scope: string, min: number): Promise<string[]> {
  return page.evaluate(
    ({ scope: selector, min: size }) => {
      const controls = document.querySelectorAll<HTMLElement>(
        `${selector} :is(button, a[href], summary, input, select, textarea, [role='button'])`,
      )
      const targetOf = (el: HTMLElement) => {
        const own = el.getBoundingClientRect()
        const labels = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? [...(el.labels ?? [])] : []
        const rects = [own, ...labels.map((label) => label.getBoundingClientRect())]
        const top = Math.min(...rects.map((r) => r.top))
        const left = Math.min(...rects.map((r) => r.left))
        return { own, width: Math.max(...rects.map((r) => r.right)) - left, height: Math.max(...rects.map((r) => r.bottom)) - top }
      }
      const found = [...controls].filter((el) => {
        const { own } = targetOf(el)
        // Not rendered (a closed drawer, display: none), or parked off-screen until focused (the skip link).
        if (own.width === 0 || own.height === 0 || own.bottom + window.scrollY <= 0) return false
        return getComputedStyle(el).visibility !== 'hidden'
      })
      if (found.length === 0) throw new Error(`no controls in ${selector}`)
      return found
        .filter((el) => targetOf(el).width < size || targetOf(el).height < size)
        .map((el) => {
          const { width, height } = targetOf(el)
          return `${el.tagName.toLowerCase()} "${(el.textContent ?? '').trim().slice(0, 30)}" ${Math.round(width)}×${Math.round(height)}`
        })
    },
    { scope, min },
  )
}

/** Pairs of the header's and the toolbar's parts that overlap each other (text drawn over text). */
async function overlappingParts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    for (const container of document.querySelectorAll('.app-header, .toolbar')) {
      const parts = [...container.children].filter((el) => el.getBoundingClientRect().width > 0)
      for (let i = 0; i < parts.length; i += 1) {
        for (let j = i + 1; j < parts.length; j += 1) {
          const a = parts[i].getBoundingClientRect()
          const b = parts[j].getBoundingClientRect()
          const overlap = a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5
          if (overlap) out.push(`${parts[i].className} × ${parts[j].className}`)
        }
      }
    }
    return out
  })
}

/** Boxes on the page whose content is wider than they are (clipped, or drawn over their neighbours). */
async function clippedBoxes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('body *')]
      // Not what is clipped on purpose: text only for screen readers, a box that scrolls.
      .filter((el) => !el.closest('.visually-hidden') && getComputedStyle(el).clip === 'auto' && getComputedStyle(el).overflowX !== 'auto')
      .filter((el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} (${el.scrollWidth} > ${el.clientWidth})`),
  )
}

/** Everything the layout promises a phone, checked at the page's current text size. */
async function expectPhoneLayout(page: Page, what: string): Promise<void> {
  expect(await clippedBoxes(page), `${what}: clipped content`).toEqual([])
  const { overflow, culprits } = await horizontalOverflow(page)
  expect(overflow, `${what}: horizontal scroll; sticking out: ${culprits.join(', ')}`).toBeLessThanOrEqual(0)
  expect(await splitTitleWords(page), `${what}: sak title words split over lines`).toEqual([])
  expect(await overlappingParts(page), `${what}: overlapping header or toolbar parts`).toEqual([])
}

describe('a reader on a phone (390×844, touch)', () => {
  const e2e = useE2E()

  it('reads the minutes without sideways scroll, opens the Saksliste drawer, and flags a passage by touch', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Kari Nordmann', org: 'KS' })
    const page = await e2e.newPage(PHONE)
    const reader = new EditorPage(page)
    await page.goto(member.url)
    const decision = reader.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden.')
    // The editor has taken over from the light reader (its view is the one that stays).
    await page.locator('.minutes-editor[contenteditable]').waitFor()

    await expectPhoneLayout(page, 'phone')
    expect(await smallTargets(page, 'body', TOUCH_TARGET_PX), 'controls under 44 px').toEqual([])
    expect(await seriousViolations(page), 'axe: phone').toEqual([])
    await page.evaluate(() => window.scrollTo(0, 0))
    await e2e.shot(page, 'phone-1-reader')

    // The Saksliste is a drawer: closed, its saker take no room; opened, focus goes into it.
    const toggle = page.getByRole('button', { name: 'Saksliste' })
    const saker = page.getByRole('navigation', { name: 'Saksliste' }).getByRole('list')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await saker.isVisible()).toBe(false)
    // By keyboard: Enter on the button.
    await toggle.focus()
    await page.keyboard.press('Enter')
    expect(await toggle.getAttribute('aria-expanded')).toBe('true')
    const firstSak = saker.getByRole('button').first()
    await expect.poll(() => firstSak.evaluate((el) => el === document.activeElement)).toBe(true)
    expect(await smallTargets(page, '.agenda-nav', TOUCH_TARGET_PX), 'saksliste under 44 px').toEqual([])
    expect(await seriousViolations(page), 'axe: drawer open').toEqual([])
    await e2e.shot(page, 'phone-2-saksliste')
    // Escape closes it and gives focus back to the button.
    await page.keyboard.press('Escape')
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    expect(await toggle.evaluate((el) => el === document.activeElement)).toBe(true)
    // Choosing a sak closes the drawer and shows that sak.
    await toggle.tap()
    await saker.getByRole('button', { name: /^2\/24\b/ }).tap()
    expect(await toggle.getAttribute('aria-expanded')).toBe('false')
    const second = reader.agendaItem('2/24')
    await expect.poll(() => second.evaluate((el) => el.getBoundingClientRect().top >= 0 && el.getBoundingClientRect().top < window.innerHeight)).toBe(true)

    // Text zoom to 200 %: still one column, no sideways scroll, whole words, nothing drawn over anything.
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'))
    await expectPhoneLayout(page, 'text at 200 %')
    await page.evaluate(() => window.scrollTo(0, 0))
    await e2e.shot(page, 'phone-3-text-200')
    await page.evaluate(() => (document.documentElement.style.fontSize = ''))

    // Flagging by touch: a passage selected (as a long press and the handles leave it), then a tap on "Flagg".
    await decision.selectText()
    const flagButton = page.getByRole('group', { name: 'Verktøy for lesere' }).getByRole('button', { name: 'Flagg' })
    await expect.poll(() => flagButton.isEnabled()).toBe(true)
    // Wherever the passage is, "Flagg" is then on the screen (floating at its bottom), within a thumb's reach.
    await decision.evaluate((el) => el.scrollIntoView({ block: 'center' }))
    const onScreen = await flagButton.evaluate((el) => {
      const rect = el.getBoundingClientRect()
      return rect.top >= 0 && rect.left >= 0 && rect.bottom <= window.innerHeight && rect.right <= window.innerWidth
    })
    expect(onScreen, '"Flagg" on the screen while a passage is selected').toBe(true)
    await e2e.shot(page, 'phone-4-selected', { viewport: true })
    await flagButton.tap()
    const dialog = page.getByRole('dialog', { name: 'Flagg tekst' })
    await dialog.waitFor()
    expect(await dialog.locator('blockquote.flag-quote').textContent()).toBe('Styret godkjenner innkalling og dagsorden.')
    const box = await dialog.boundingBox()
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.viewport.width, `flag dialog within the screen: ${JSON.stringify(box)}`).toBe(true)
    expect(await smallTargets(page, 'dialog[open]', TOUCH_TARGET_PX), 'flag dialog controls under 44 px').toEqual([])
    expect(await seriousViolations(page), 'axe: flag dialog').toEqual([])
    await e2e.shot(page, 'phone-5-flag-dialog', { viewport: true })
    // The dialog at 200 % text: within the screen, nothing clipped (it scrolls inside itself).
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'))
    const large = await dialog.boundingBox()
    expect(large && large.x >= 0 && large.x + large.width <= PHONE.viewport.width, `flag dialog at 200 %: ${JSON.stringify(large)}`).toBe(true)
    expect(await clippedBoxes(page), 'flag dialog at 200 %: clipped content').toEqual([])
    await e2e.shot(page, 'phone-6-flag-dialog-200', { viewport: true })
    await page.evaluate(() => (document.documentElement.style.fontSize = ''))
    await dialog.getByLabel('Kommentar').fill('Sak 3/24 ble lagt til i møtet.')
    await dialog.getByRole('button', { name: 'Send flagg' }).tap()
    await dialog.waitFor({ state: 'hidden' })
    await reader.marginOf('1/24').getByText('Sak 3/24 ble lagt til i møtet.').waitFor()
  })

  it("shows the secretary's editor on a phone without sideways scroll and with 44 px controls, also at 200 % text", async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const page = await e2e.newPage(PHONE)
    const secretary = new EditorPage(page)
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    await secretary.agendaItem('1/24').waitFor()
    await expectPhoneLayout(page, "secretary's editor")
    expect(await smallTargets(page, 'body', TOUCH_TARGET_PX), "secretary's controls under 44 px").toEqual([])
    await page.evaluate(() => (document.documentElement.style.fontSize = '200%'))
    await expectPhoneLayout(page, "secretary's editor, text at 200 %")
    await page.evaluate(() => (document.documentElement.style.fontSize = ''))
    expect(await seriousViolations(page), 'axe: secretary on a phone').toEqual([])
    await page.evaluate(() => window.scrollTo(0, 0))
    await e2e.shot(page, 'phone-7-secretary')
  })
})
