import type { Page } from 'playwright-core'

/** What the "Nytt møte" form asks for. */
export interface NewMeeting {
  organ: string
  title: string
  number: string
  date: string
  time: string
  place: string
  firstAgendaNumber: number
}

/** The meeting list at `/`, found by its visible labels. */
export class MeetingListPage {
  constructor(readonly page: Page) {}

  async open(baseUrl: string): Promise<void> {
    await this.page.goto(baseUrl)
    await this.page.getByRole('heading', { name: 'Nytt møte' }).waitFor()
  }

  /** Fills and submits the form; resolves when the editor page of the new meeting is open. */
  async createMeeting(meeting: NewMeeting): Promise<string> {
    const form = this.page.locator('form.new-meeting')
    await form.getByLabel('Organ').fill(meeting.organ)
    await form.getByLabel('Tittel').fill(meeting.title)
    await form.getByLabel('Møtenummer').fill(meeting.number)
    await form.getByLabel('Dato').fill(meeting.date)
    await form.getByLabel('Tid').fill(meeting.time)
    await form.getByLabel('Sted').fill(meeting.place)
    await form.getByLabel('Første saksnummer').fill(String(meeting.firstAgendaNumber))
    await form.getByRole('button', { name: 'Opprett møte' }).click()
    await this.page.waitForURL(/\/m\/[A-Za-z0-9_-]+$/)
    return this.page.url()
  }
}
