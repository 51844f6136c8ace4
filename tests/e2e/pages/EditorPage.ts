import type { Locator, Page } from 'playwright-core'

/** The meeting page at `/m/<id>`, found by accessible names and the minutes' own classes. */
export class EditorPage {
  readonly editor: Locator
  readonly status: Locator

  constructor(readonly page: Page) {
    this.editor = page.getByRole('textbox', { name: 'Referat' })
    this.status = page.locator('.sync-status')
  }

  /** Opens an invitation link and, for a role link that names nobody, answers "Hvem er du?". */
  async open(invitationUrl: string, name: string): Promise<void> {
    await this.page.goto(invitationUrl)
    await this.answerIdentity(name)
    await this.editor.waitFor()
  }

  async answerIdentity(name: string): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: 'Hvem er du?' })
    await dialog.or(this.editor).first().waitFor()
    if (!(await dialog.isVisible())) return
    await dialog.getByLabel('Navn').fill(name)
    await dialog.getByRole('button', { name: 'Lagre' }).click()
    await dialog.waitFor({ state: 'hidden' })
  }

  /** Clicks an entry of the "Saksliste" sidebar; the caret lands in that sak's title. */
  async goToAgendaItem(number: string): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Saksliste' }).getByRole('button', { name: new RegExp(`^${number}\\b`) }).click()
  }

  async clickToolbar(name: 'Ny sak' | 'Nytt innspill' | 'Nytt aksjonspunkt' | 'Til vedtak'): Promise<void> {
    await this.page.getByRole('group', { name: 'Sett inn og gå til' }).getByRole('button', { name }).click()
  }

  /** The block of one sak in the minutes, by its number ("19/23"). */
  agendaItem(number: string): Locator {
    return this.editor.locator(`section.agenda-item[data-number="${number}"]`)
  }

  /** The margin region of one sak ("Sak 1/24: …"): its vedtak confirmation and its flags. */
  marginOf(number: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^Sak ${number.replace('/', '\\/')}:`) })
  }

  /** The text of a part of the minutes as written, without other people's caret labels. */
  async textOf(part: Locator): Promise<string> {
    return part.evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement
      for (const caret of copy.querySelectorAll('.collaboration-carets__caret')) caret.remove()
      return copy.textContent ?? ''
    })
  }

  /** Waits until the status bar says "Lagret": the server confirmed every local edit stored. */
  async waitForSaved(): Promise<void> {
    await this.page.locator('.sync-status[data-state="saved"]').filter({ hasText: /^Lagret$/ }).waitFor()
  }

  /** Puts the caret at the end of the text of `part` (a paragraph in the minutes). */
  async caretAtEndOf(part: Locator): Promise<void> {
    // Click in the last line (at the bottom right), then End: the centre of a paragraph of two
    // lines is exactly the boundary between its line boxes, and which line it hits is a
    // sub-pixel tie that layout changes elsewhere on the page can flip.
    const box = await part.boundingBox()
    await part.click(box ? { position: { x: Math.max(1, box.width - 2), y: Math.max(1, box.height - 2) } } : undefined)
    await this.page.keyboard.press('End')
  }
}
