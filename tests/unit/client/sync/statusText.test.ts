import { beforeAll, describe, expect, it } from 'vitest'
import { activateForTest } from '../i18n/activate'
import { FATAL_CLOSE_CODES } from '../../../../shared/protocol'
import { ACCESS_PROBLEMS, INITIAL_SYNC_STATUS, describeProblem, describeStatus, problemForClose, type SyncStatus } from '../../../../client/sync/statusText'

beforeAll(() => activateForTest('nb'))

const status = (patch: Partial<SyncStatus>): SyncStatus => ({ ...INITIAL_SYNC_STATUS, hasContent: true, ...patch })

describe('describeStatus', () => {
  it('says "Lagret" only when connected, synced and nothing is pending', () => {
    expect(describeStatus(status({ connection: 'connected', synced: true }))).toEqual({ kind: 'saved', text: 'Lagret' })
    expect(describeStatus(status({ connection: 'connected', synced: true, pending: true })).kind).toBe('saving')
    expect(describeStatus(status({ connection: 'connected', synced: false })).kind).toBe('connecting')
  })

  it('says the save is not confirmed while pending', () => {
    expect(describeStatus(status({ connection: 'connected', synced: true, pending: true })).text).toBe(
      'Lagrer … ikke bekreftet ennå',
    )
  })

  it('tells the secretary that edits are kept locally while disconnected, with a hint when some wait', () => {
    expect(describeStatus(status({ connection: 'disconnected' })).text).toBe('Frakoblet – endringer lagres lokalt')
    expect(describeStatus(status({ connection: 'disconnected', pending: true })).text).toBe(
      'Frakoblet – endringer lagres lokalt (ulagrede endringer venter)',
    )
  })

  it('never says "Lagret" after the server closed with a problem', () => {
    const s = status({ connection: 'connected', synced: true, problem: 'outdated-client' })
    expect(describeStatus(s).kind).toBe('offline')
  })
})

describe('describeProblem', () => {
  it('names a rejected edit prominently and has a message for each problem', () => {
    expect(describeProblem('update-rejected')).toMatch(/^Serveren avviste en endring/)
    for (const p of ['unknown-meeting', 'outdated-client', 'rejected-repeatedly'] as const) {
      expect(describeProblem(p)).toBeTruthy()
    }
    expect(describeProblem(null)).toBeNull()
  })
})

describe('problemForClose', () => {
  it('names every auth close by its reason', () => {
    expect(problemForClose(4401, 'unauthorized')).toBe('unauthorized')
    expect(problemForClose(4401, 'token-expired')).toBe('token-expired')
    expect(problemForClose(4403, 'token-revoked')).toBe('token-revoked')
    expect(problemForClose(4403, 'wrong-meeting')).toBe('wrong-meeting')
    expect(problemForClose(4403, 'read-only')).toBe('read-only')
    expect(problemForClose(4403, 'meeting-closed')).toBe('meeting-closed')
    expect(problemForClose(4403, 'foreign-awareness')).toBe('forbidden')
    expect(problemForClose(4404, 'unknown-document')).toBe('unknown-meeting')
    expect(problemForClose(1006, '')).toBeNull()
  })

  it('names the sign-in requirement and forgets the link for it (signed in, the session opens the meeting)', () => {
    expect(problemForClose(4403, 'sign-in-required')).toBe('sign-in-required')
    expect(ACCESS_PROBLEMS.has('sign-in-required')).toBe(true)
    expect(describeProblem('sign-in-required')).toContain('Logg inn')
    expect(problemForClose(4403, 'session-ended')).toBe('session-ended')
    expect(ACCESS_PROBLEMS.has('session-ended')).toBe(true)
    expect(describeProblem('session-ended')).toContain('Logg inn igjen')
  })

  it('names the limits’ closes, and the client-id refusal stops reconnecting', () => {
    expect(problemForClose(4409, 'client-id-taken')).toBe('client-id-taken')
    expect(problemForClose(4429, 'rate-limited')).toBe('rate-limited')
    expect(problemForClose(4413, 'awareness-too-large')).toBe('presence-too-large')
    expect(FATAL_CLOSE_CODES.has(4409)).toBe(true)
    expect(FATAL_CLOSE_CODES.has(4429)).toBe(false)
    expect(describeProblem('client-id-taken')).toContain('forkast de lokale endringene')
    expect(describeProblem('rate-limited')).toContain('Kobler til igjen')
    expect(describeProblem('presence-too-large')).toContain('Kobler til igjen')
  })

  it('has a Norwegian message for each', () => {
    expect(describeProblem('token-expired')).toContain('utløpt')
    expect(describeProblem('token-revoked')).toContain('trukket tilbake')
    expect(describeProblem('wrong-meeting')).toContain('annet møte')
    expect(describeProblem('read-only')).toContain('lesetilgang')
    expect(describeProblem('meeting-closed')).toContain('lukket')
  })
})

describe('read-only storage on the server', () => {
  it('never says "Lagret", names the reason, and maps close code 4503 to it', () => {
    const s = status({ connection: 'connected', synced: true, problem: 'storage-read-only' })
    expect(describeStatus(s)).toEqual({ kind: 'offline', text: 'Skrivebeskyttet – endringer lagres ikke' })
    expect(describeProblem('storage-read-only')).toBe(
      'Serveren kan ikke lagre endringer nå (lagringen er skrivebeskyttet). Referatet kan leses, men ikke endres.',
    )
    expect(problemForClose(4503, 'storage-read-only')).toBe('storage-read-only')
  })
})
