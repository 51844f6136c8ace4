import { beforeAll, describe, expect, it } from 'vitest'
import type { ActionItemInfo } from '../../../../shared'
import { LANGUAGES, type Language } from '../../../../shared/i18n/languages'
import { i18n, loadNamespace } from '../../../../client/i18n'
import { statusText } from '../../../../client/ui/FollowUpPage'
import { readPasted } from '../../../../client/ui/InnkallingImport'
import { formatDate, formatInstant } from '../../../../client/ui/localFormat'

// The admin pages' words and dates follow the interface language at call time: the catalogue
// `admin` (and `common`, for role names) in nb, nn and en.

beforeAll(async () => {
  for (const lang of LANGUAGES) {
    await loadNamespace(lang, 'common')
    await loadNamespace(lang, 'admin')
  }
})

const inLanguage = <T>(lang: Language, read: () => T): T => {
  i18n.activate(lang)
  return read()
}

const doneItem = {
  id: 'm1.a1',
  meetingId: 'm1',
  meetingNumber: '3/2026',
  meetingDate: '2026-02-01',
  text: 'Sende notatet',
  owner: 'Ola',
  dueDate: null,
  sakNumber: '4/26',
  sakTitle: 'Budsjett',
  status: 'done',
  overdue: false,
  statusAt: '2026-03-02T10:00:00.000Z',
  statusByName: null,
  statusByRole: 'sekretær',
  statusNote: null,
  statusInMeetingNumber: '4/2026',
  canChange: false,
} satisfies ActionItemInfo

describe('admin dates', () => {
  it('writes an ISO date in the interface language, and leaves anything else as it is', () => {
    expect(inLanguage('nb', () => formatDate('2023-10-04'))).toBe('4. oktober 2023')
    expect(inLanguage('nn', () => formatDate('2023-10-04'))).toBe('4. oktober 2023')
    expect(inLanguage('en', () => formatDate('2023-10-04'))).toBe('4 October 2023')
    expect(inLanguage('en', () => formatDate('4/10'))).toBe('4/10')
  })

  it('writes an instant with its date only on another day', () => {
    const now = new Date(2023, 9, 4, 12, 0)
    expect(inLanguage('nb', () => formatInstant(new Date(2023, 9, 4, 10, 5).toISOString(), now))).toBe('10:05')
    expect(inLanguage('nb', () => formatInstant(new Date(2023, 9, 6, 16, 0).toISOString(), now))).toBe('6. oktober 2023 kl. 16:00')
    expect(inLanguage('en', () => formatInstant(new Date(2023, 9, 6, 16, 0).toISOString(), now))).toBe('6 October 2023 at 16:00')
    expect(inLanguage('en', () => formatInstant('not a date', now))).toBe('')
  })
})

describe('admin words', () => {
  it('says who marked an aksjonspunkt done, and when, in each language', () => {
    expect(inLanguage('nb', () => statusText(doneItem))).toBe('Utført 2. mars 2026 (sekretær, møte 4/2026)')
    expect(inLanguage('nn', () => statusText(doneItem))).toBe('Utført 2. mars 2026 (sekretær, møte 4/2026)')
    expect(inLanguage('en', () => statusText(doneItem))).toBe('Done 2 March 2026 (secretary, meeting 4/2026)')
    expect(inLanguage('nn', () => statusText({ ...doneItem, status: 'open', overdue: true }))).toBe('Forfalle')
  })

  it('reads pasted text that is not JSON with the brace written out, not taken for a placeholder', () => {
    expect(inLanguage('nb', () => readPasted('{ nope').error)).toBe('Teksten begynner med «{», men er ikke gyldig JSON.')
    expect(inLanguage('en', () => readPasted('{ nope').error)).toBe('The text starts with “{” but is not valid JSON.')
  })
})
