import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** One axe-core violation, reduced to what a failing assertion should print. */
export interface SeriousViolation {
  id: string
  impact: string
  help: string
  targets: string[]
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page; returns serious and critical violations. */
export async function seriousViolations(page: Page): Promise<SeriousViolation[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact ?? '', help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }))
}
