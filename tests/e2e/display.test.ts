// Issue 16: the person's display settings. Reduced motion (the follow mode jumps instead of
// gliding, nothing transitions), a dark colour-scheme preference (there is one light theme: it
// must stay readable, axe clean), and 200 % zoom (a 1280 px window at 200 % is 640 CSS px wide:
// the page reflows without scrolling sideways, WCAG 1.4.10).
import type { BrowserContextOptions, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { TEST_ADMIN_TOKEN, api, mintToken } from '../helpers'
import { EditorPage } from './pages/EditorPage'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'

/** Twelve saker, so that the one the secretary writes in is far below the fold. */
const ITEMS = Array.from({ length: 12 }, (_, i) => ({
  number: `${i + 1}/24`,
  title: `Orienteringssak ${i + 1}`,
  caseType: 'Orientering',
  proposal: `Styret tar orientering ${i + 1} til etterretning.`,
}))

/** Records the `behavior` of every scroll the page's scripts ask for (scrollTo, scrollIntoView, scrollBy). */
const RECORD_SCROLLS = `
  window.scrollBehaviors = []
  const record = (arg) => window.scrollBehaviors.push(arg && typeof arg === 'object' && arg.behavior ? arg.behavior : 'auto')
  for (const [owner, name] of [[window, 'scrollTo'], [window, 'scrollBy'], [Element.prototype, 'scrollIntoView'], [Element.prototype, 'scrollTo']]) {
    const original = owner[name]
    owner[name] = function (...args) { record(args[0]); return original.apply(this, args) }
  }
`

function scrollBehaviors(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { scrollBehaviors: string[] }).scrollBehaviors])
}

/** True when some of the element is inside the page's viewport. */
function inView(page: Page, selector: string): Promise<boolean> {
  return page.locator(selector).evaluate((el) => {
    const rect = el.getBoundingClientRect()
    return rect.bottom > 0 && rect.top < window.innerHeight && rect.height > 0
  })
}

describe('display settings', () => {
  const e2e = useE2E()

  async function meeting(): Promise<{ secretaryUrl: string; observerUrl: string }> {
    const { url } = e2e.server
    const created = await api(url, 'POST', '/api/meetings/import', {
      token: TEST_ADMIN_TOKEN,
      body: { meeting: { organ: 'Styret', title: 'Styremøte', number: '3/24', date: '2024-06-12' }, agenda: { items: ITEMS } },
    })
    expect(created.status).toBe(201)
    const meetingId = (created.body as { meeting: { id: string } }).meeting.id
    const secretary = await mintToken(url, meetingId, { role: 'sekretær', name: 'Lucie Aunan', org: 'Sekretariatet' })
    const observer = await mintToken(url, meetingId, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' })
    return { secretaryUrl: secretary.url, observerUrl: observer.url }
  }

  async function observerWith(options: BrowserContextOptions, observerUrl: string): Promise<EditorPage> {
    const page = await e2e.newPage(options)
    await page.addInitScript(RECORD_SCROLLS)
    const observer = new EditorPage(page)
    await observer.open(observerUrl, 'Christine Bergland')
    return observer
  }

  it('with reduced motion the follow mode jumps to the secretary and nothing transitions; without it, it glides', async () => {
    const links = await meeting()
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(links.secretaryUrl, 'Lucie Aunan')
    const still = await observerWith({ reducedMotion: 'reduce' }, links.observerUrl)
    const moving = await observerWith({ reducedMotion: 'no-preference' }, links.observerUrl)
    const sak10 = 'section.agenda-item[data-number="10/24"]'
    expect(await inView(still.page, sak10)).toBe(false)

    await secretary.caretAtEndOf(secretary.agendaItem('10/24').locator('.decision p'))
    await secretary.page.keyboard.type(' Første setning.')
    for (const observer of [still, moving]) await expect.poll(() => inView(observer.page, sak10)).toBe(true)

    const stillScrolls = await scrollBehaviors(still.page)
    expect(stillScrolls.length, 'the follow mode scrolled').toBeGreaterThan(0)
    expect(stillScrolls.filter((b) => b === 'smooth')).toEqual([])
    expect(await scrollBehaviors(moving.page)).toContain('smooth')

    // The marker beside the secretary's line moves without a transition.
    const transition = (page: Page) => page.locator('.follow-marker').evaluate((el) => getComputedStyle(el).transitionDuration)
    expect(await transition(still.page)).toBe('0s')
    expect(await transition(moving.page)).not.toBe('0s')
    // The page-wide rule (client/ui/motion.css) holds for any element, also one styled later.
    const probe = (page: Page) =>
      page.evaluate(() => {
        const el = document.createElement('div')
        el.style.transition = 'opacity 1s'
        el.style.animation = 'ProseMirror-cursor-blink 1.1s infinite'
        document.body.append(el)
        const style = getComputedStyle(el)
        const out = { transition: style.transitionDuration, animation: style.animationName }
        el.remove()
        return out
      })
    expect(await probe(still.page)).toEqual({ transition: '0s', animation: 'none' })
    expect(await probe(moving.page)).toEqual({ transition: '1s', animation: 'ProseMirror-cursor-blink' })
    // No CSS animation or transition runs anywhere on the page.
    expect(await still.page.evaluate(() => document.getAnimations().map((a) => (a as CSSAnimation).animationName ?? 'transition'))).toEqual([])
  })

  it('a dark colour-scheme preference keeps the light theme readable, and at 200 % zoom the page reflows without sideways scrolling', async () => {
    const links = await meeting()
    const dark = await observerWith({ colorScheme: 'dark' }, links.observerUrl)
    // There is no dark theme: the page says it is light only, so the browser does not darken its controls.
    const scheme = await dark.page.evaluate(() => ({
      matchesDark: matchMedia('(prefers-color-scheme: dark)').matches,
      background: getComputedStyle(document.body).backgroundColor,
    }))
    expect(scheme.matchesDark).toBe(true)
    expect(scheme.background).toMatch(/^rgb\((2[4-5]\d), (2[4-5]\d), (2[4-5]\d)\)$/)
    expect(await seriousViolations(dark.page), 'axe: dark preference').toEqual([])

    // 1280 × 720 at 200 %: 640 × 360 CSS px.
    const zoomed = await observerWith({ viewport: { width: 640, height: 360 }, deviceScaleFactor: 2 }, links.observerUrl)
    const overflow = await zoomed.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    expect(overflow, 'horizontal overflow in CSS px').toBeLessThanOrEqual(0)
    expect(await seriousViolations(zoomed.page), 'axe: 200 % zoom').toEqual([])
    await e2e.shot(zoomed.page, '16-zoom-200', { viewport: true })
  })
})
