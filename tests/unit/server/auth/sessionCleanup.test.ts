import { describe, expect, it } from 'vitest'
import { SessionAuthority } from '../../../../server/auth/SessionAuthority'
import { setLogLevel } from '../../../../server/log'
import { MemoryStorage } from '../../../../server/persistence'

setLogLevel('silent')

const person = { issuer: 'https://idp.kommune.no', subject: 'sub-kari', name: 'Kari Nordmann', email: 'kari@kommune.no', org: null }

describe('ended sessions', () => {
  it('are deleted, with their ID tokens, a day after they ended; one that ended less than a day ago stays', async () => {
    const storage = new MemoryStorage()
    let nowMs = Date.parse('2024-03-01T10:00:00.000Z')
    const sessions = new SessionAuthority(storage, 12, () => nowMs)
    const signedOut = await sessions.create(person, false, 'eyJ.id.token')
    const expired = await sessions.create(person, false, 'eyJ.id.token')
    nowMs += 6 * 3600_000
    const recent = await sessions.create(person, false, 'eyJ.id.token')
    await sessions.revoke(signedOut.principal.sessionId)
    // A day and a half later: the first two ended (signed out; expired after 12 h) over a day ago.
    nowMs = Date.parse('2024-03-02T23:00:00.000Z')
    const stop = sessions.startCleanup()
    stop()
    await new Promise((resolve) => setTimeout(resolve, 0))
    expect(await storage.getSession(signedOut.principal.sessionId)).toBeNull()
    expect(await storage.getSession(expired.principal.sessionId)).toBeNull()
    expect(await storage.getSession(recent.principal.sessionId)).not.toBeNull() // ended 19 h ago
  })
})
