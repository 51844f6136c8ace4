import { describe, expect, it } from 'vitest'
import { fileFixtures } from '../helpers/innkallingCorpus'
import { writeInnkallingFile } from '../helpers/innkallingFiles'
import { seriousViolations } from './support/axe'
import { useE2E } from './support/fixture'
import { MeetingListPage } from './pages/MeetingListPage'

describe('importing an innkalling file in the browser', () => {
  const e2e = useE2E()

  it('reads an uploaded .docx into the text box and previews its saker; a file that is not a document is refused with a message', async () => {
    const { spec, expected } = fileFixtures().find((f) => f.name === 'files-direktorat-tabell')!
    const adminPage = await e2e.newPage()
    const list = new MeetingListPage(adminPage)
    await list.openAsAdmin(e2e.server.url, e2e.server.adminToken!)
    const form = adminPage.locator('form.new-meeting')
    await form.getByRole('radio', { name: 'Importer innkalling' }).check()

    await form.getByLabel('Last opp innkallingen').setInputFiles({
      name: 'innkalling.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: Buffer.from(await writeInnkallingFile(spec)),
    })
    const preview = form.getByRole('region', { name: 'Saker som blir importert' })
    await expect.poll(() => preview.getByRole('listitem').count()).toBe(expected.items.length)
    expect(await form.getByText(/^Leste «innkalling\.docx» \(Word, \d+ linjer\): 4 saker\./).count()).toBe(1)
    expect(await form.getByLabel('Lim inn innkallingen').inputValue()).toContain('9/24\tNasjonal porteføljestyring 2025\tDrøfting')
    expect(await form.getByLabel('Organ').inputValue()).toBe(expected.info.organ)
    expect(await seriousViolations(adminPage), 'axe: file read').toEqual([])
    await e2e.shot(adminPage, 'import-file')

    await form.getByLabel('Last opp innkallingen').setInputFiles({ name: 'bilde.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) })
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/^«bilde\.pdf» er et bilde/)
  })
})
