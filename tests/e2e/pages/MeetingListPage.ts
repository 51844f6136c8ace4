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

/** The admin page at `/`, found by its visible labels. */
export class MeetingListPage {
  constructor(readonly page: Page) {}

  /** Opens `/` and logs in with the admin credential. */
  async openAsAdmin(baseUrl: string, adminKey: string): Promise<void> {
    await this.page.goto(baseUrl)
    await this.page.getByLabel('Administratornøkkel').fill(adminKey)
    await this.page.getByRole('button', { name: 'Logg inn' }).click()
    await this.page.getByRole('heading', { name: 'Nytt møte' }).waitFor()
  }

  /** Fills and submits the form; resolves with the four role links once they are shown. */
  async createMeeting(meeting: NewMeeting): Promise<Record<'Sekretær' | 'Møteleder' | 'Medlem' | 'Observatør', string>> {
    const form = this.page.locator('form.new-meeting')
    await form.getByLabel('Organ').fill(meeting.organ)
    await form.getByLabel('Tittel').fill(meeting.title)
    await form.getByLabel('Møtenummer').fill(meeting.number)
    await form.getByLabel('Dato').fill(meeting.date)
    await form.getByLabel('Tid').fill(meeting.time)
    await form.getByLabel('Sted').fill(meeting.place)
    await form.getByLabel('Første saksnummer').fill(String(meeting.firstAgendaNumber))
    await form.getByRole('button', { name: 'Opprett møte' }).click()
    const links = this.page.getByRole('region', { name: /^Invitasjonslenker for / })
    await links.waitFor()
    const link = (role: string) => links.getByRole('textbox', { name: `Lenke for ${role}`, exact: true }).inputValue()
    return {
      Sekretær: await link('Sekretær'),
      Møteleder: await link('Møteleder'),
      Medlem: await link('Medlem'),
      Observatør: await link('Observatør'),
    }
  }

  /** Creates a meeting from a pasted innkalling; resolves once the invitation links are shown. */
  async importInnkalling(text: string, place: string): Promise<void> {
    const form = this.page.locator('form.new-meeting')
    await form.getByRole('radio', { name: 'Importer innkalling' }).check()
    await form.getByLabel('Lim inn innkallingen').fill(text)
    await form.getByLabel('Sted').fill(place)
    await form.getByRole('button', { name: 'Importer og opprett møte' }).click()
    await this.page.getByRole('region', { name: /^Invitasjonslenker for / }).waitFor()
  }

  /** The invitation link of a role in the panel of the meeting just created. */
  async invitationLink(role: 'Sekretær' | 'Møteleder' | 'Medlem' | 'Observatør'): Promise<string> {
    const links = this.page.getByRole('region', { name: /^Invitasjonslenker for / })
    return links.getByRole('textbox', { name: `Lenke for ${role}`, exact: true }).inputValue()
  }

  /** "Åpne som sekretær" in the panel of the meeting just created; resolves on the editor page. */
  async openNewMeetingAsSecretary(): Promise<void> {
    await this.page.getByRole('region', { name: /^Invitasjonslenker for / }).getByRole('button', { name: 'Åpne som sekretær' }).click()
    await this.page.waitForURL(/\/m\/[A-Za-z0-9_-]+$/)
  }
}
