import type { Page } from 'playwright-core'

/** What has the keyboard focus: enough to tell controls apart by role and accessible name. */
export interface FocusedElement {
  readonly tag: string
  readonly role: string
  readonly name: string
  readonly id: string
  readonly inDialog: string | null
  /** The accessible name of the nearest labelled section or region around it ('' when none). */
  readonly region: string
}

/** Describes document.activeElement (its accessible name approximated the way axe and screen readers start: aria-label, labelledby, label, text). */
export function focused(page: Page): Promise<FocusedElement> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return { tag: 'body', role: '', name: '', id: '', inDialog: null, region: '' }
    const byIds = (ids: string) =>
      ids
        .split(/\s+/)
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ')
    const labels = 'labels' in el ? [...((el as HTMLInputElement).labels ?? [])].map((l) => l.textContent ?? '').join(' ') : ''
    const name =
      el.getAttribute('aria-label') ??
      (el.getAttribute('aria-labelledby') ? byIds(el.getAttribute('aria-labelledby')!) : null) ??
      (labels || (el instanceof HTMLInputElement && (el.type === 'submit' || el.type === 'button') ? el.value : el.textContent) || '')
    const dialog = el.closest('dialog')
    const section = el.closest('section[aria-labelledby], section[aria-label], [role="region"], aside[aria-labelledby], aside[aria-label]')
    const region = section ? (section.getAttribute('aria-label') ?? byIds(section.getAttribute('aria-labelledby') ?? '')) : ''
    const role =
      el.getAttribute('role') ??
      (el.tagName === 'A' ? 'link' : el.tagName === 'BUTTON' || el.tagName === 'SUMMARY' ? 'button' : el instanceof HTMLInputElement ? el.type : el.tagName.toLowerCase())
    return {
      tag: el.tagName.toLowerCase(),
      role,
      name: name.replace(/\s+/g, ' ').trim(),
      id: el.id,
      inDialog: dialog ? (dialog.getAttribute('aria-labelledby') ? byIds(dialog.getAttribute('aria-labelledby')!) : '') : null,
      region: region.replace(/\s+/g, ' ').trim(),
    }
  })
}

/** Which control to stop at: its role, a pattern its accessible name matches, and of the region it is in. */
export interface FocusTarget {
  readonly role?: string
  readonly name: RegExp
  readonly region?: RegExp
}

function matches(el: FocusedElement, target: FocusTarget): boolean {
  return (!target.role || el.role === target.role) && target.name.test(el.name) && (!target.region || target.region.test(el.region))
}

/**
 * Presses Tab (or Shift+Tab with `backwards`) until the focus is on `target`, at most `maxPresses`
 * times; throws with the path it took when the control was never reached (a keyboard trap, or a
 * control not in the tab order).
 */
export async function tabTo(page: Page, target: FocusTarget, options: { backwards?: boolean; maxPresses?: number } = {}): Promise<FocusedElement> {
  const max = options.maxPresses ?? 150
  const path: string[] = []
  let current = await focused(page)
  for (let presses = 0; presses <= max; presses++) {
    if (matches(current, target)) return current
    if (presses === max) break
    await page.keyboard.press(options.backwards ? 'Shift+Tab' : 'Tab')
    current = await focused(page)
    path.push(`${current.role}:${current.name.slice(0, 40)}`)
  }
  throw new Error(`Tab never reached ${target.role ?? '*'} ${String(target.name)} in ${max} presses. Path: ${path.slice(-40).join(' → ')}`)
}

/** Tabs to `target` and presses `key` there (Enter by default: links, buttons, summaries). */
export async function activate(page: Page, target: FocusTarget, key = 'Enter', options: { backwards?: boolean; maxPresses?: number } = {}): Promise<void> {
  await tabTo(page, target, options)
  await page.keyboard.press(key)
}

/** Records what the page's live regions say from now on (one entry per change); returns a reader of the record. */
export async function watchAnnouncements(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluate(() => {
    const seen: string[] = []
    ;(window as unknown as { announcements: string[] }).announcements = seen
    new MutationObserver((records) => {
      // One batch is one change of the page (a React commit): each region changed in it counts once.
      const regions = new Set<Element>()
      for (const record of records) {
        const region = (record.target instanceof Element ? record.target : record.target.parentElement)?.closest('[aria-live], [role="status"], [role="log"]')
        if (region && region.getAttribute('aria-live') !== 'off') regions.add(region)
      }
      for (const region of regions) {
        const text = region.textContent?.trim() ?? ''
        if (text) seen.push(text)
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true })
  })
  return () => page.evaluate(() => [...(window as unknown as { announcements: string[] }).announcements])
}

/** The page's one announcer (client/ui/announcer.tsx): its current text. */
export function announcement(page: Page): Promise<string> {
  return page.locator('[data-announcer]').evaluate((el) => el.textContent ?? '')
}
