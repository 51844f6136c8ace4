import { describe, expect, it } from 'vitest'
import { nextFirstSakNumber, nextMeetingDraft, nextMeetingNumber, type MeetingSummary } from '../../../../shared/minutes'

describe('nextMeetingNumber', () => {
  it('counts on in the same pattern', () => {
    expect(nextMeetingNumber('3/2026', 2026)).toBe('4/2026')
    expect(nextMeetingNumber('3/26', 2026)).toBe('4/26')
    expect(nextMeetingNumber('2026-3', 2026)).toBe('2026-4')
    expect(nextMeetingNumber('7', 2026)).toBe('8')
    expect(nextMeetingNumber('Møte 09', 2026)).toBe('Møte 10')
  })

  it('starts again at 1 in a new year', () => {
    expect(nextMeetingNumber('9/2026', 2027)).toBe('1/2027')
    expect(nextMeetingNumber('9/26', 2027)).toBe('1/27')
    expect(nextMeetingNumber('2026.9', 2027)).toBe('2027.1')
  })

  it('gives null for a number without digits', () => {
    expect(nextMeetingNumber('', 2026)).toBeNull()
    expect(nextMeetingNumber('Årsmøte', 2026)).toBeNull()
  })
})

describe('nextFirstSakNumber', () => {
  it('continues after the highest saksnummer of the last meeting', () => {
    expect(nextFirstSakNumber(['10/26', '12/26', '11/26'], 2026)).toBe('13/26')
    expect(nextFirstSakNumber(['034-2024'], 2024)).toBe('035-2024')
    expect(nextFirstSakNumber(['5'], 2030)).toBe('6')
  })

  it('starts a new year at 1 and an organ without earlier saker at 1/YY', () => {
    expect(nextFirstSakNumber(['27/23'], 2024)).toBe('1/24')
    expect(nextFirstSakNumber([], 2026)).toBe('1/26')
    expect(nextFirstSakNumber(['ikke et nummer'], 2026)).toBe('1/26')
  })
})

const last: MeetingSummary = {
  id: 'meeting-aaaaaaaa',
  organ: 'Nasjonalt e-helseråd',
  title: 'Referat fra møte i Nasjonalt e-helseråd',
  number: '3/2026',
  date: '2026-02-04',
  time: '09.00 – 15.00',
  place: 'Webinar',
  createdAt: '2026-01-01T00:00:00.000Z',
}

describe('nextMeetingDraft', () => {
  it('proposes the number, saksnumre, standing saker with vedtak, and the open aksjonspunkter', () => {
    const draft = nextMeetingDraft({
      organ: last.organ,
      last,
      lastSakNumbers: ['10/26', '11/26', '12/26'],
      openActions: [{ text: 'Sende notatet', owner: 'Kari', dueDate: '2026-03-01', meetingNumber: '3/2026', meetingDate: '2026-02-04' }],
      today: '2026-02-20',
    })
    expect(draft.info).toEqual({ organ: last.organ, number: '4/2026', title: last.title, time: last.time, place: 'Webinar' })
    expect(draft.items.map((i) => [i.number, i.title])).toEqual([
      ['13/26', 'Godkjenning av innkalling og dagsorden'],
      ['14/26', 'Godkjenning av referat fra møte 3/2026 4. februar 2026'],
      ['15/26', 'Oppfølging av aksjonspunkter'],
      ['16/26', 'Eventuelt'],
    ])
    expect(draft.items[1].proposal).toBe('Referatet fra møte 3/2026 4. februar 2026 godkjennes.')
    expect(draft.items[2].background).toBe('Sende notatet (ansvarlig: Kari; frist 1. mars 2026; fra møte 3/2026, 4. februar 2026)')
  })

  it('proposes a first meeting without the referat and follow-up saker', () => {
    const draft = nextMeetingDraft({ organ: 'Styret', last: null, lastSakNumbers: [], openActions: [], today: '2026-05-01' })
    expect(draft.info).toEqual({ organ: 'Styret', number: '1/2026' })
    expect(draft.items.map((i) => [i.number, i.title])).toEqual([
      ['1/26', 'Godkjenning av innkalling og dagsorden'],
      ['2/26', 'Eventuelt'],
    ])
  })
})
