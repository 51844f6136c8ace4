import { I18nProvider } from '@lingui/react'
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { afterAll, describe, expect, it } from 'vitest'
import { i18n, t } from '../../../../client/i18n'
import { writerAnnouncement } from '../../../../client/reader'
import { INITIAL_SYNC_STATUS, describeProblem, describeStatus } from '../../../../client/sync/statusText'
import { AgendaList } from '../../../../client/ui/AgendaList'
import { actorName, flagStatusLabel, formatMoment } from '../../../../client/ui/format'
import { activateForTest } from './activate'

// The reader's and the shared chrome's words (the `common` catalogue) in nynorsk and English: the
// same functions and components the bokmål tests use, with another language activated.

afterAll(() => activateForTest('nb'))

const connected = { ...INITIAL_SYNC_STATUS, hasContent: true, connection: 'connected' as const, synced: true }
const now = new Date(2023, 9, 4, 12, 0)
const items = [
  { id: 's1', number: '5/23', prefix: null, title: '', caseType: null, timing: { plannedStart: '13:05', plannedEnd: null, startedAt: null, endedAt: null } },
]

/** The Saksliste as the reader renders it, in the active language. */
function agendaMarkup(): string {
  return renderToStaticMarkup(createElement(I18nProvider, { i18n }, createElement(AgendaList, { items, current: -1, onSelect: () => {} })))
}

describe('the common catalogue in nynorsk', () => {
  it('says the sync status, the problems, flags, times and the Saksliste in nynorsk', async () => {
    await activateForTest('nn')
    expect(describeStatus(connected).text).toBe('Lagra')
    expect(describeStatus({ ...connected, connection: 'disconnected', pending: true }).text).toBe('Fråkopla – endringar blir lagra lokalt (ulagra endringar ventar)')
    expect(describeProblem('token-expired')).toBe('Invitasjonslenkja har gått ut. Be sekretariatet for møtet om ei ny lenkje.')
    expect(flagStatusLabel('open')).toBe('Ope')
    expect(actorName({ tokenId: 't', role: 'møteleder', name: null, org: null })).toBe('Møteleiar')
    expect(formatMoment(new Date(2023, 9, 6, 16, 0).toISOString(), now)).toBe('6. oktober 2023 kl. 16.00')
    expect(t('common.minutes.presentList')).toBe('Til stades')
    expect(t('common.margin.openFlags', { count: 2 })).toBe('2 opne flagg.')
    expect(writerAnnouncement({ label: 'Sak 5/23 Budsjett', sakNumber: '5/23', sakTitle: 'Budsjett' })).toBe('Referenten skriv i sak 5/23 Budsjett.')
    const html = agendaMarkup()
    expect(html).toContain('<h2>Saksliste</h2>')
    expect(html).toContain('Utan tittel')
    expect(html).toContain('Planlagd 13.05')
  })
})

describe('the common catalogue in English', () => {
  it('says the sync status, the problems, flags, times and the Saksliste in English', async () => {
    await activateForTest('en')
    expect(describeStatus(connected).text).toBe('Saved')
    expect(describeProblem('meeting-closed')).toMatch(/^The meeting is closed/)
    // An escaped apostrophe ('') comes out as one.
    expect(describeProblem('unauthorized')).toBe("The invitation link is not valid. Ask the meeting's secretariat for a new link.")
    expect(flagStatusLabel('accepted')).toBe('Proposal accepted')
    expect(actorName(null)).toBe('unknown')
    expect(formatMoment(new Date(2023, 9, 4, 10, 5).toISOString(), now)).toBe('at 10:05')
    expect(formatMoment(new Date(2023, 9, 6, 16, 0).toISOString(), now)).toBe('6 October 2023 at 16:00')
    expect(t('common.margin.openFlags', { count: 0 })).toBe('No open flags.')
    expect(t('common.margin.openFlags', { count: 1 })).toBe('1 open flag.')
    const html = agendaMarkup()
    expect(html).toContain('<h2>Agenda</h2>')
    expect(html).toContain('Untitled')
    expect(html).toMatch(/Planned 13[.:]05/)
  })
})
