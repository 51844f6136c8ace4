import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { docxText, pdfText } from '../helpers/documentText'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { EditorPage } from './pages/EditorPage'
import { MeetingListPage } from './pages/MeetingListPage'

/** Seed 002's innkalling: the lines before its first referat. */
const innkalling = readFileSync(new URL('../fixtures/seed002.source.txt', import.meta.url), 'utf8').split('\n').slice(0, 114).join('\n')

describe('a meeting from innkalling to exported referat', () => {
  const e2e = useE2E()

  it('imports the innkalling, edits live, saves a version, shows the diff, and exports PDF and Word', async () => {
    const adminPage = await e2e.newPage()
    const list = new MeetingListPage(adminPage)
    await list.openAsAdmin(e2e.server.url, e2e.server.adminToken!)
    await list.importInnkalling(innkalling, 'Webinar')
    const memberLink = await list.invitationLink('Medlem')
    await list.openNewMeetingAsSecretary()
    const secretary = new EditorPage(adminPage)
    await secretary.answerIdentity('Lucie Aunan')
    const member = new EditorPage(await e2e.newPage())
    await member.open(memberLink, 'Erik Hansen')

    // Live editing: the secretary completes a proposed vedtak; the member sees it.
    const decision = (page: EditorPage) => page.agendaItem('14/20').locator('.decision p')
    await expect.poll(() => secretary.textOf(decision(secretary))).toBe('NUIT tar sakene til orientering.')
    await secretary.caretAtEndOf(decision(secretary))
    await adminPage.keyboard.type(' Innspillene tas med videre.')
    const edited = 'NUIT tar sakene til orientering. Innspillene tas med videre.'
    await expect.poll(() => member.textOf(decision(member))).toBe(edited)
    await secretary.waitForSaved()

    // A named version, then one more change, and the diff shows exactly that change.
    const panel = adminPage.getByRole('complementary', { name: 'Versjoner' })
    await panel.getByLabel('Navn på versjonen').fill('Utkast til medlemmer')
    await panel.getByRole('button', { name: 'Lagre versjon' }).click()
    await panel.locator('.version-name', { hasText: 'Utkast til medlemmer' }).waitFor()
    await secretary.caretAtEndOf(decision(secretary))
    await adminPage.keyboard.type(' Vedtatt enstemmig.')
    await secretary.waitForSaved()
    await panel.getByLabel('Til').selectOption('current')
    await panel.getByRole('button', { name: 'Vis endringer' }).click()
    await panel.locator('ins.diff-added', { hasText: 'enstemmig.' }).waitFor()
    expect(await panel.locator('.diff-sak h4').first().textContent()).toContain('14/20')
    expect(await seriousViolations(adminPage), 'axe: diff').toEqual([])

    // Export as the member: the files hold the saker and the vedtak as it now stands.
    const final = `${edited} Vedtatt enstemmig.`
    const exported = async (label: 'PDF' | 'Word (.docx)') => {
      const menu = member.page.locator('details.export-menu')
      if (!(await menu.evaluate((el) => (el as HTMLDetailsElement).open))) await menu.locator('summary').click()
      const [download] = await Promise.all([member.page.waitForEvent('download'), menu.getByRole('button', { name: label, exact: true }).click()])
      const file = await download.path()
      return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(file)) }
    }
    const pdf = await exported('PDF')
    expect(pdf.name).toMatch(/\.pdf$/)
    const pdfContent = (await pdfText(pdf.bytes)).replace(/\s+/g, ' ')
    expect(pdfContent).toContain('12/20')
    expect(pdfContent).toContain(final)
    const docx = await exported('Word (.docx)')
    expect(docx.name).toMatch(/\.docx$/)
    const docxContent = docxText(docx.bytes)
    expect(docxContent).toContain('Vedtak:')
    expect(docxContent).toContain(final)

    // The browser's own print gives the referat's layout: the agenda table, no side panels.
    await member.page.emulateMedia({ media: 'print' })
    const agendaTable = member.page.locator('table.print-agenda')
    expect(await agendaTable.isVisible()).toBe(true)
    expect(await agendaTable.locator('tbody tr').first().textContent()).toContain('12/20')
    expect(await member.page.getByRole('navigation', { name: 'Saksliste' }).isVisible()).toBe(false)
    await e2e.shot(member.page, '10-print')
  })
})
