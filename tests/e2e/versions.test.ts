import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { api, createMeeting } from '../helpers'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'

describe('versions and approval in the browser', () => {
  const e2e = useE2E()

  it('secretary saves a version, sees what changed since, and marks the closed referat approved', async () => {
    const { url } = e2e.server
    const meeting = await createMeeting(url, { organ: 'Styret', date: '2024-03-01' })
    const secretary = new EditorPage(await e2e.newPage())
    await secretary.open(`${url}/m/${meeting.id}#token=${meeting.tokens.sekretær}`, 'Lucie Aunan')
    const page = secretary.page
    const panel = page.getByRole('complementary', { name: 'Versjoner' })

    await panel.getByRole('button', { name: 'Utkast til medlemmer' }).click()
    expect(await panel.getByLabel('Navn på versjonen').inputValue()).toBe('Utkast til medlemmer')
    await panel.getByRole('button', { name: 'Lagre versjon' }).click()
    await panel.locator('.version-name', { hasText: 'Utkast til medlemmer' }).waitFor()

    const decision = secretary.agendaItem('1/24').locator('.decision p')
    await secretary.caretAtEndOf(decision)
    await page.keyboard.type(' Enstemmig.')
    await secretary.waitForSaved()

    await panel.getByLabel('Til').selectOption('current')
    await panel.getByRole('button', { name: 'Vis endringer' }).click()
    const added = panel.locator('ins.diff-added', { hasText: 'Enstemmig.' })
    await added.waitFor()
    expect(await added.textContent()).toContain('lagt til')
    expect(await panel.locator('.diff-sak h4').first().textContent()).toContain('Sak 1/24')
    expect(await seriousViolations(page), 'axe: versions panel with a diff').toEqual([])
    await e2e.shot(page, '9-versions-diff')

    const closed = await api(url, 'POST', `/api/meetings/${meeting.id}/close`, { token: meeting.tokens.møteleder, body: { commentDeadline: null } })
    expect(closed.status).toBe(200)
    await panel.getByLabel('Godkjent i møte').fill('møte 4/2024')
    await panel.getByRole('button', { name: 'Marker som godkjent' }).click()
    await page.locator('.app-header .status-approved', { hasText: 'i møte 4/2024' }).waitFor()
    await panel.locator('.version-name', { hasText: /^Godkjent / }).waitFor()
    expect(await panel.getByRole('button', { name: 'Marker som godkjent' }).count()).toBe(0)
    expect(await seriousViolations(page), 'axe: approved').toEqual([])

    // Exports are of the sealed, approved version by default; any saved version can be chosen.
    const menu = page.locator('details.export-menu')
    await menu.locator('summary').click()
    const choice = menu.getByLabel('Versjon')
    // The menu's inside is fetched when it first opens (ExportMenu.tsx).
    await choice.waitFor()
    expect(await choice.locator('option').allTextContents()).toEqual([
      'Den godkjente (forseglet)',
      'Slik referatet er nå',
      expect.stringMatching(/^Godkjent /),
      expect.stringMatching(/^Utkast til medlemmer /),
    ])
    expect(await seriousViolations(page), 'axe: export menu with versions').toEqual([])
    const jsonOf = async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), menu.getByRole('button', { name: 'JSON (strukturert)', exact: true }).click()])
      return JSON.parse(readFileSync(await download.path(), 'utf8')) as { seal?: { sha256: string }; saker: { vedtak: { text: string }[][] | null }[] }
    }
    const sealed = await jsonOf()
    expect(sealed.seal?.sha256).toMatch(/^[0-9a-f]{64}$/)
    await choice.selectOption({ label: (await choice.locator('option').nth(3).textContent())! })
    const draft = await jsonOf()
    expect(draft.seal).toBeUndefined()
    // The draft was saved before "Enstemmig." was typed.
    expect(JSON.stringify(draft.saker[0].vedtak)).not.toContain('Enstemmig.')
    expect(JSON.stringify(sealed.saker[0].vedtak)).toContain('Enstemmig.')
  })
})
