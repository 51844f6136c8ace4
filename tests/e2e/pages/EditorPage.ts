import type { Locator, Page } from 'playwright-core'

/** The editor page at `/m/<id>`, found by accessible names and the minutes' own classes. */
export class EditorPage {
  readonly editor: Locator
  readonly status: Locator

  constructor(readonly page: Page) {
    this.editor = page.getByRole('textbox', { name: 'Referat' })
    this.status = page.locator('.sync-status')
  }

  /** Opens the meeting and answers "Hvem er du?" when it is asked. */
  async open(url: string, name: string, role: 'Sekretær' | 'Møteleder' | 'Medlem' | 'Observatør'): Promise<void> {
    await this.page.goto(url)
    await this.answerIdentity(name, role)
    await this.editor.waitFor()
  }

  async answerIdentity(name: string, role: string): Promise<void> {
    const dialog = this.page.getByRole('dialog', { name: 'Hvem er du?' })
    await dialog.or(this.editor).first().waitFor()
    if (!(await dialog.isVisible())) return
    await dialog.getByLabel('Navn').fill(name)
    await dialog.getByLabel(role, { exact: true }).check()
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
}
