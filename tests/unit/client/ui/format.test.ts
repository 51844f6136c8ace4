import { beforeAll, describe, expect, it } from 'vitest'
import { activateForTest } from '../i18n/activate'
import { actorName, flagsAllowed, formatMoment, localDateTimeToIso, toLocalDateTimeValue } from '../../../../client/ui/format'

beforeAll(() => activateForTest('nb'))

describe('formatMoment', () => {
  it('says only the time today, the date and time another day', () => {
    const now = new Date(2023, 9, 4, 12, 0)
    expect(formatMoment(new Date(2023, 9, 4, 10, 5).toISOString(), now)).toBe('kl. 10.05')
    expect(formatMoment(new Date(2023, 9, 6, 16, 0).toISOString(), now)).toBe('6. oktober 2023 kl. 16.00')
    expect(formatMoment(null, now)).toBe('')
    expect(formatMoment('not a date', now)).toBe('')
  })
})

describe('actorName', () => {
  it('uses the name of a personal token, else the role', () => {
    expect(actorName({ tokenId: 't', role: 'møteleder', name: 'Kari', org: null })).toBe('Kari')
    expect(actorName({ tokenId: 't', role: 'møteleder', name: null, org: null })).toBe('Møteleder')
  })
})

describe('comment deadline', () => {
  it('allows flags while open, and after closing only until the deadline', () => {
    const deadline = '2023-10-06T14:00:00.000Z'
    expect(flagsAllowed(null, null, 0)).toBe(true)
    expect(flagsAllowed('2023-10-04T15:00:00Z', null, Date.parse('2023-10-04T16:00:00Z'))).toBe(false)
    expect(flagsAllowed('2023-10-04T15:00:00Z', deadline, Date.parse('2023-10-05T10:00:00Z'))).toBe(true)
    expect(flagsAllowed('2023-10-04T15:00:00Z', deadline, Date.parse(deadline))).toBe(false)
  })

  it('turns a datetime-local value into an ISO instant and back', () => {
    const date = new Date(2023, 9, 6, 16, 0)
    expect(toLocalDateTimeValue(date)).toBe('2023-10-06T16:00')
    expect(localDateTimeToIso('2023-10-06T16:00')).toBe(date.toISOString())
    expect(localDateTimeToIso('')).toBeNull()
    expect(localDateTimeToIso('nonsense')).toBeNull()
  })
})
