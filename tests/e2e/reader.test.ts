import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMeeting, mintToken } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

const FIRST_RENDER_MARK = 'referat:reader-first-render'
const EDITOR_CHUNK = /\/assets\/MeetingView-[^/]+\.js$/
/** Strings only ProseMirror's model and view carry: a file holding one ships ProseMirror. */
const PROSEMIRROR_MARKERS = ['contentMatchAt', 'ProseMirror-hideselection']

/**
 * Holds back the editor's chunk for one page until `release()`: the light reader is what the
 * person sees meanwhile. `requested` settles when the page asks for the chunk.
 */
async function holdEditorChunk(page: Page): Promise<{ requested: Promise<void>; release: () => void }> {
  let release!: () => void
  let markRequested!: () => void
  const released = new Promise<void>((resolve) => (release = resolve))
  const requested = new Promise<void>((resolve) => (markRequested = resolve))
  await page.route(EDITOR_CHUNK, async (route) => {
    markRequested()
    await released
    await route.continue()
  })
  return { requested, release }
}

/** Every JavaScript file the page asked for, in order (Playwright's request events). */
function recordScripts(page: Page): string[] {
  const scripts: string[] = []
  page.on('request', (request) => {
    if (request.resourceType() === 'script' || request.url().endsWith('.js')) scripts.push(request.url())
  })
  return scripts
}

/** The script files whose fetch started before the reader first showed the minutes (Resource Timing). */
async function scriptsBeforeFirstRender(page: Page): Promise<string[]> {
  return page.evaluate((mark) => {
    const at = performance.getEntriesByName(mark)[0]
    if (!at) throw new Error(`no ${mark} mark: the light reader did not render`)
    return performance
      .getEntriesByType('resource')
      .filter((entry) => entry.name.endsWith('.js') && entry.startTime <= at.startTime)
      .map((entry) => entry.name)
  }, FIRST_RENDER_MARK)
}

async function holdsProseMirror(url: string): Promise<boolean> {
  const text = await (await fetch(url)).text()
  return PROSEMIRROR_MARKERS.some((marker) => text.includes(marker))
}

describe('the light reader (medlem, observatør)', () => {
  const e2e = useE2E()

  it('shows the minutes live without ProseMirror, then swaps in the editor with the same text', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const observer = await mintToken(url, meeting.id, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')

    const page = await e2e.newPage()
    const scripts = recordScripts(page)
    const editorChunk = await holdEditorChunk(page)
    const reader = new EditorPage(page)
    await page.goto(observer.url)
    const decision = reader.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden.')

    // The first render needed no ProseMirror: neither the editor's chunk nor any file holding it.
    const firstRender = await scriptsBeforeFirstRender(page)
    expect(firstRender.length).toBeGreaterThan(0)
    expect(firstRender.filter((file) => EDITOR_CHUNK.test(file))).toEqual([])
    for (const file of firstRender) expect(await holdsProseMirror(file), file).toBe(false)
    expect(await page.locator('[contenteditable]').count()).toBe(0)
    expect(await reader.editor.getAttribute('aria-readonly')).toBe('true')
    expect(await page.getByRole('navigation', { name: 'Saksliste' }).textContent()).toContain('Godkjenning av innkalling og dagsorden')
    expect(await seriousViolations(page), 'axe: light reader').toEqual([])
    await e2e.shot(page, 'reader-1-light')

    // The secretary writes; the light reader shows it (the editor is still held back).
    await secretary.caretAtEndOf(secretary.agendaItem('1/24').locator('.decision p'))
    await secretary.page.keyboard.type(' Ingen merknader.')
    await expect.poll(() => reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden. Ingen merknader.')
    // The secretary's caret, with their name, where they write.
    await reader.agendaItem('1/24').locator('.decision .collaboration-carets__caret', { hasText: 'Lucie Aunan' }).waitFor()
    expect(await page.locator('[contenteditable]').count()).toBe(0)

    // After the first paint the reader asks for the editor by itself; once it arrives it takes
    // over where the person was reading: the page does not move.
    const sakTop = () => reader.agendaItem('2/24').evaluate((el) => Math.round(el.getBoundingClientRect().top))
    // An observer follows the secretary by default; one reading elsewhere has stopped following
    // (a wheel or a key would have done it; here the scroll is set exactly, so the switch is unticked).
    await page.getByRole('checkbox', { name: 'Følg referenten' }).uncheck()
    await reader.agendaItem('2/24').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    const scrolledTo = await page.evaluate(() => window.scrollY)
    const topBefore = await sakTop()
    expect(scrolledTo).toBeGreaterThan(0)
    await editorChunk.requested
    editorChunk.release()
    await page.locator('[contenteditable="true"][aria-label="Referat"]').waitFor()
    // The sak being read stays where it was on screen, within a few pixels: since the phone
    // layout and Følg referenten landed, the two views lay out what is above it up to 3 px apart
    // (seen 0–3 px over ten runs; a jump the reader would notice is a line or more). Making the
    // take-over exact (anchoring on the block being read) is open work, see docs/ARCHITECTURE.md.
    expect(Math.abs((await sakTop()) - topBefore)).toBeLessThanOrEqual(4)
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - scrolledTo)).toBeLessThanOrEqual(4)
    expect(scripts.some((file) => EDITOR_CHUNK.test(file))).toBe(true)
    expect(await reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden. Ingen merknader.')
    expect(await reader.editor.count()).toBe(1)
    expect(await seriousViolations(page), 'axe: reader with the editor').toEqual([])
    await page.evaluate(() => window.scrollTo(0, 0))
    await e2e.shot(page, 'reader-2-editor')
  })

  it('lets a member flag a passage selected before the editor was loaded', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const member = await mintToken(url, meeting.id, { role: 'medlem', name: 'Kari Nordmann', org: 'KS' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')

    const page = await e2e.newPage()
    const editorChunk = await holdEditorChunk(page)
    const reader = new EditorPage(page)
    await page.goto(member.url)
    const decision = reader.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden.')
    expect(await page.locator('[contenteditable]').count()).toBe(0)

    // Selected in the light reader: "Flagg" is enabled; pressing it brings the editor, which
    // takes the selection over and opens the dialog for exactly that passage.
    await decision.selectText()
    const flagButton = page.getByRole('group', { name: 'Verktøy for lesere' }).getByRole('button', { name: 'Flagg' })
    await expect.poll(() => flagButton.isEnabled()).toBe(true)
    await flagButton.click()
    await editorChunk.requested
    editorChunk.release()
    const dialog = page.getByRole('dialog', { name: 'Flagg tekst' })
    await dialog.waitFor()
    // Exactly the selected text, within one paragraph (so a new text can be proposed for it).
    expect(await dialog.locator('blockquote.flag-quote').textContent()).toBe('Styret godkjenner innkalling og dagsorden.')
    expect(await dialog.getByLabel('Forslag til ny tekst').inputValue()).toBe('Styret godkjenner innkalling og dagsorden.')
    await dialog.getByLabel('Kommentar').fill('Sak 3/24 ble lagt til i møtet.')
    await dialog.getByRole('button', { name: 'Send flagg' }).click()
    await dialog.waitFor({ state: 'hidden' })
    await secretary.marginOf('1/24').getByText('Sak 3/24 ble lagt til i møtet.').waitFor()
    await reader.marginOf('1/24').getByText('Sak 3/24 ble lagt til i møtet.').waitFor()
  })

  it('keeps the light reader when the editor cannot be fetched, and takes over once it can', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const observer = await mintToken(url, meeting.id, { role: 'observatør', name: 'Christine Bergland', org: 'Helsedirektoratet' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')

    const page = await e2e.newPage()
    let refused!: () => void
    const firstRefused = new Promise<void>((resolve) => (refused = resolve))
    let attempts = 0
    await page.route(EDITOR_CHUNK, async (route) => {
      attempts += 1
      if (attempts > 1) return route.continue()
      await route.abort('internetdisconnected')
      refused()
    })
    const reader = new EditorPage(page)
    await page.goto(observer.url)
    const decision = reader.agendaItem('1/24').locator('.decision p')
    await expect.poll(() => reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden.')
    await firstRefused

    // The page is not lost: the reader stays and still follows the secretary.
    await secretary.caretAtEndOf(secretary.agendaItem('1/24').locator('.decision p'))
    await secretary.page.keyboard.type(' Uten merknader.')
    await expect.poll(() => reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden. Uten merknader.')
    expect(await page.locator('[contenteditable]').count()).toBe(0)

    // Its next action asks again, and the editor takes over.
    await reader.editor.focus()
    await page.locator('[contenteditable="true"][aria-label="Referat"]').waitFor()
    expect(attempts).toBe(2)
    expect(await reader.textOf(decision)).toBe('Styret godkjenner innkalling og dagsorden. Uten merknader.')
  })
})
