import { beforeAll, describe, expect, it } from 'vitest'
import { chainEvent, type HistoryDraft, type HistoryEvent } from '../../../../shared'
import { describeHistoryEvent, historyActorText } from '../../../../client/ui/historyText'
import { verifyText } from '../../../../client/ui/HistoryDialog'
import { activateForTest } from '../i18n/activate'

// The words come from the catalogues: bokmål, as the expectations below.
beforeAll(() => activateForTest('nb'))

const sakLabel = (id: string) => (id === 'sak-1' ? 'sak 17/23' : `sak ${id}`)
const event = (kind: HistoryDraft['kind'], details: HistoryDraft['details']): HistoryEvent =>
  chainEvent({ meetingId: 'm', at: '2023-10-04T08:00:00.000Z', actor: { role: 'admin', name: null, verified: false }, kind, details }, null)

describe('describeHistoryEvent', () => {
  it('tells a confirmation from a re-confirmation, with the sak and short hashes', () => {
    expect(describeHistoryEvent(event('decision-confirmed', { sakId: 'sak-1', textSha256: 'a'.repeat(64), reconfirmation: false, previousTextSha256: null }), sakLabel)).toBe(
      'Vedtaket i sak 17/23 ble bekreftet (tekst aaaaaaaa).',
    )
    expect(describeHistoryEvent(event('decision-confirmed', { sakId: 'sak-1', textSha256: 'b'.repeat(64), reconfirmation: true, previousTextSha256: 'a'.repeat(64) }), sakLabel)).toBe(
      'Vedtaket i sak 17/23 ble bekreftet på nytt (tekst bbbbbbbb, før aaaaaaaa).',
    )
  })

  it('names the meeting language it was changed to by its own name', () => {
    expect(describeHistoryEvent(event('language-changed', { language: 'nn', previous: 'nb' }), sakLabel)).toBe('Språket i referatet ble endret til Norsk nynorsk.')
  })

  it('names tokens, invitations, sign-in requirements and approval in Norwegian', () => {
    expect(describeHistoryEvent(event('token-minted', { tokenId: 't', role: 'medlem', name: 'Kari' }), sakLabel)).toBe('Lenke laget for Kari (medlem).')
    expect(describeHistoryEvent(event('token-revoked', { tokenId: 't', role: 'observatør' }), sakLabel)).toBe('Lenke trukket tilbake (observatør).')
    expect(describeHistoryEvent(event('invitation-created', { role: 'møteleder', personEmail: 'a@b.no', personSubject: null }), sakLabel)).toBe(
      'Personlig invitasjon som møteleder til a@b.no.',
    )
    expect(describeHistoryEvent(event('sign-in-roles-changed', { roles: ['møteleder', 'sekretær'] }), sakLabel)).toBe('Krav om innlogging endret: møteleder, sekretær.')
    expect(describeHistoryEvent(event('sign-in-roles-changed', { roles: [] }), sakLabel)).toBe('Krav om innlogging fjernet for alle roller.')
    expect(describeHistoryEvent(event('minutes-approved', { versionId: 'v', approvedInMeeting: 'møte 4/2023' }), sakLabel)).toBe('Referatet ble godkjent i møte 4/2023.')
    expect(describeHistoryEvent(event('flag-decided', { flagId: 'f', status: 'rejected' }), sakLabel)).toBe('Merknad behandlet: avvist.')
    expect(describeHistoryEvent(event('action-status-changed', { itemId: 'i', fromMeetingNumber: '3/2026', text: 'Sende notatet', status: 'done', note: null }), sakLabel)).toBe(
      'Aksjonspunkt fra møte 3/2026 markert som utført: «Sende notatet».',
    )
  })
})

describe('historyActorText and verifyText', () => {
  it('marks a signed-in actor and names a shared link by its role', () => {
    expect(historyActorText({ role: 'møteleder', name: 'Áile Čoarvi', verified: true, tokenId: 't' })).toBe('Áile Čoarvi (innlogget)')
    expect(historyActorText({ role: 'sekretær', name: null, verified: false, tokenId: 't' })).toBe('Sekretær')
    expect(historyActorText({ role: 'admin', name: null, verified: false })).toBe('Administrator')
  })

  it('reads a whole and a broken chain', () => {
    expect(verifyText({ ok: true, events: 1, head: null })).toMatch(/^Kjeden er hel: 1 hendelse er kontrollert/)
    expect(verifyText({ ok: false, brokenAt: 7, code: 'changed', reason: 'Hendelse nr. 7 er endret.' })).toBe('Kjeden er brutt ved hendelse nr. 7. Hendelse nr. 7 er endret.')
  })
})
