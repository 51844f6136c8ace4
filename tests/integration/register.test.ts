import fs from 'node:fs'
import * as Y from 'yjs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Invitation } from '../../shared/api'
import { decisionsOf, hashDecisionText } from '../../shared/minutes'
import { CLOSE } from '../../shared/protocol'
import { MEETING_STATE_KEY, REGISTER_MAPS, registerDocName, type Confirmation, type Flag, type MeetingState } from '../../shared/register'
import { MINUTES_FRAGMENT } from '../../shared/schema'
import {
  api,
  appendText,
  closedWithin,
  connectClient,
  createMeeting,
  minutesOf,
  mintToken,
  nextClose,
  rawConnect,
  rawSync,
  startTestServer,
  updateMessage,
  waitFor,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'

const FLAG = { agendaItemId: null, anchor: { start: 'AQID', end: 'BAUG' }, quote: 'budsjettet', comment: 'Det var 3 mill., ikke 4.' }
const actorOf = (i: Invitation) => ({ tokenId: i.tokenId, role: i.role, name: i.name, org: i.org })
const flagsOf = (register: TestClient) => register.doc.getMap(REGISTER_MAPS.flags).toJSON() as Record<string, Flag>
const stateOf = (register: TestClient) => register.doc.getMap(REGISTER_MAPS.meeting).get(MEETING_STATE_KEY) as MeetingState

describe('the register: flags, confirmations, closing', () => {
  let server: TestServer
  let meeting: CreatedMeeting
  const clients: TestClient[] = []
  const connect = (docName: string, token: string) => {
    const client = connectClient(server.wsUrl, docName, { token })
    clients.push(client)
    return client
  }
  const post = (path: string, token: string, body: unknown) => api(server.url, 'POST', `/api/meetings/${meeting.id}${path}`, { token, body })

  beforeEach(async () => {
    server = await startTestServer({ ROOM_IDLE_MS: '50' })
    meeting = await createMeeting(server.url)
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
  })

  it('is served read-only to every role at /sync/<id>/register: any change closes the client', async () => {
    const register = connect(registerDocName(meeting.id), meeting.tokens.møteleder)
    await register.synced
    expect(stateOf(register)).toEqual({ closedAt: null, closedBy: null, commentDeadline: null })
    const closed = nextClose(register)
    register.doc.getMap(REGISTER_MAPS.meeting).set(MEETING_STATE_KEY, { closedAt: null, closedBy: null, commentDeadline: '2099-01-01' })
    expect(await closed).toEqual({ code: CLOSE.readOnly.code, reason: CLOSE.readOnly.reason })
    register.provider.disconnect()
    const fresh = connect(registerDocName(meeting.id), meeting.tokens.medlem)
    await fresh.synced
    expect(stateOf(fresh).commentDeadline).toBeNull()
  })

  it('records a flag under the token’s person only; a body naming another author is refused', async () => {
    const kari = await mintToken(server.url, meeting.id, { role: 'medlem', name: 'Kari Medlem', org: 'KS' })
    const per = await mintToken(server.url, meeting.id, { role: 'medlem', name: 'Per Medlem', org: 'NAV' })
    const register = connect(registerDocName(meeting.id), meeting.tokens.observatør)
    await register.synced

    for (const forged of [{ author: actorOf(per) }, { authorName: 'Per Medlem' }, { author: { name: 'Per Medlem' } }, { authorTokenId: per.tokenId }]) {
      const res = await post('/flags', kari.token, { ...FLAG, ...forged })
      expect(res.status, JSON.stringify(forged)).toBe(403)
    }
    for (const role of ['sekretær', 'møteleder', 'observatør'] as const) {
      expect((await post('/flags', meeting.tokens[role], FLAG)).status, role).toBe(403)
    }
    expect(Object.keys(flagsOf(register))).toEqual([])

    const own = await post('/flags', kari.token, { ...FLAG, author: actorOf(kari), nameMe: true })
    expect(own.status).toBe(201)
    const { flag } = own.body as { flag: Flag }
    expect(flag).toMatchObject({ ...FLAG, author: actorOf(kari), status: 'open', nameMe: true, reply: null, decidedBy: null })
    const anonymous = await post('/flags', meeting.tokens.medlem, FLAG)
    expect((anonymous.body as { flag: Flag }).flag.author).toEqual(actorOf(meeting.invitations[2]))
    await waitFor(() => Object.keys(flagsOf(register)).length === 2, 5000, 'the flags in the register')
    expect(flagsOf(register)[flag.id]).toEqual(flag)
  })

  it('lets the secretariat decide flags, not members', async () => {
    const { flag } = (await post('/flags', meeting.tokens.medlem, FLAG)).body as { flag: Flag }
    expect((await post(`/flags/${flag.id}/decision`, meeting.tokens.medlem, { status: 'accepted' })).status).toBe(403)
    expect((await post(`/flags/nosuchflag/decision`, meeting.tokens.sekretær, { status: 'accepted' })).status).toBe(404)
    const decided = await post(`/flags/${flag.id}/decision`, meeting.tokens.sekretær, { status: 'resolved', reply: 'Rettet.' })
    expect(decided.status).toBe(200)
    expect((decided.body as { flag: Flag }).flag).toMatchObject({
      id: flag.id,
      status: 'resolved',
      reply: 'Rettet.',
      decidedBy: actorOf(meeting.invitations[0]),
      author: flag.author,
    })
  })

  it('records the chair’s confirmation with the server’s hash of its own vedtak text', async () => {
    const secretary = connect(meeting.id, meeting.tokens.sekretær)
    const register = connect(registerDocName(meeting.id), meeting.tokens.medlem)
    await Promise.all([secretary.synced, register.synced])
    appendText(secretary.doc, 'decision', ' Enstemmig.', 0)
    const [decision] = decisionsOf(minutesOf(secretary.doc))
    expect(decision.text).toMatch(/Enstemmig\.$/)
    const body = { agendaItemId: decision.agendaItemId, textHash: hashDecisionText(decision.text) }
    // The edit may still be on its way: the chair's hash matches once the server has it.
    for (const role of ['sekretær', 'medlem', 'observatør'] as const) {
      expect((await post('/confirmations', meeting.tokens[role], body)).status, role).toBe(403)
    }
    const stale = await post('/confirmations', meeting.tokens.møteleder, { ...body, textHash: hashDecisionText('Noe annet.') })
    expect(stale.status).toBe(409)
    expect(stale.body).toMatchObject({ field: 'textHash' })
    expect((await post('/confirmations', meeting.tokens.møteleder, { ...body, agendaItemId: 'nosuchsak' })).status).toBe(404)

    const confirmed = await waitFor(async () => {
      const res = await post('/confirmations', meeting.tokens.møteleder, body)
      return res.status === 201 ? (res.body as { confirmation: Confirmation }).confirmation : null
    }, 5000, 'the confirmation')
    expect(confirmed).toMatchObject({ agendaItemId: decision.agendaItemId, textHash: body.textHash, text: decision.text })
    expect(confirmed!.by).toEqual(actorOf(meeting.invitations[1]))
    await waitFor(() => register.doc.getMap(REGISTER_MAPS.confirmations).get(decision.agendaItemId), 5000, 'the register')
    expect(register.doc.getMap(REGISTER_MAPS.confirmations).get(decision.agendaItemId)).toEqual(confirmed)

    // A later change to the vedtak makes the confirmed hash stale.
    appendText(secretary.doc, 'decision', ' Endret.', 0)
    await waitFor(async () => (await post('/confirmations', meeting.tokens.møteleder, body)).status === 409, 5000, 'a 409')
  })

  it('closes the meeting (chair only); then every edit is refused and not stored, also after a restart', async () => {
    const secretary = connect(meeting.id, meeting.tokens.sekretær)
    const register = connect(registerDocName(meeting.id), meeting.tokens.observatør)
    await Promise.all([secretary.synced, register.synced])
    for (const role of ['sekretær', 'medlem', 'observatør'] as const) {
      expect((await post('/close', meeting.tokens[role], { commentDeadline: null })).status, role).toBe(403)
    }
    const res = await post('/close', meeting.tokens.møteleder, { commentDeadline: null })
    expect(res.status).toBe(200)
    const { state } = res.body as { state: MeetingState }
    expect(state).toMatchObject({ closedAt: expect.any(String), closedBy: actorOf(meeting.invitations[1]), commentDeadline: null })
    await waitFor(() => stateOf(register).closedAt === state.closedAt, 5000, 'the register to show the closing')
    expect((await post('/close', meeting.tokens.møteleder, { commentDeadline: null })).status).toBe(409)
    const [decision] = decisionsOf(minutesOf(secretary.doc))
    const confirm = await post('/confirmations', meeting.tokens.møteleder, { agendaItemId: decision.agendaItemId, textHash: hashDecisionText(decision.text) })
    expect(confirm.status).toBe(409)

    const storedBefore = (await server.storage.load(meeting.id))!.updates.length
    const closed = nextClose(secretary)
    appendText(secretary.doc, 'meetingPlace', 'ETTER-LUKKING-1')
    expect(await closed).toEqual({ code: CLOSE.meetingClosed.code, reason: CLOSE.meetingClosed.reason })
    secretary.provider.disconnect()
    const raw = await rawConnect(server.wsUrl, meeting.id, { token: meeting.tokens.møteleder })
    const local = new Y.Doc()
    await rawSync(raw, local)
    const before = Y.encodeStateVector(local)
    appendText(local, 'meetingPlace', 'ETTER-LUKKING-2')
    raw.send(updateMessage(Y.encodeStateAsUpdate(local, before)))
    expect(await closedWithin(raw)).toEqual({ code: CLOSE.meetingClosed.code, reason: CLOSE.meetingClosed.reason })
    expect((await server.storage.load(meeting.id))!.updates.length).toBe(storedBefore)

    // The closing is in the register, which a reloaded room reads.
    const firstDataDir = server.dataDir
    try {
      for (const c of clients.splice(0)) c.destroy()
      await server.close()
      server = await startTestServer({}, firstDataDir)
      const reopened = connect(meeting.id, meeting.tokens.sekretær)
      await reopened.synced
      expect(reopened.doc.getXmlFragment(MINUTES_FRAGMENT).toString()).not.toContain('ETTER-LUKKING')
      const refused = nextClose(reopened)
      appendText(reopened.doc, 'meetingPlace', 'ETTER-LUKKING-3')
      expect((await refused).reason).toBe(CLOSE.meetingClosed.reason)
    } finally {
      for (const c of clients.splice(0)) c.destroy()
      await server.stop()
      fs.rmSync(firstDataDir, { recursive: true, force: true })
      server = await startTestServer()
    }
  })

  it('takes flags after closing until the chair’s comment deadline, and none after it', async () => {
    const deadlineMs = Date.now() + 1500
    const res = await post('/close', meeting.tokens.møteleder, { commentDeadline: new Date(deadlineMs).toISOString() })
    expect(res.status).toBe(200)
    expect((await post('/flags', meeting.tokens.medlem, FLAG)).status).toBe(201)
    await waitFor(() => Date.now() > deadlineMs + 20, 5000, 'the deadline to pass')
    const late = await post('/flags', meeting.tokens.medlem, FLAG)
    expect(late.status).toBe(403)
    expect((late.body as { error: string }).error).toMatch(/fristen/)

    const other = await createMeeting(server.url)
    const closeOther = await api(server.url, 'POST', `/api/meetings/${other.id}/close`, { token: other.tokens.møteleder, body: { commentDeadline: null } })
    expect(closeOther.status).toBe(200)
    const none = await api(server.url, 'POST', `/api/meetings/${other.id}/flags`, { token: other.tokens.medlem, body: FLAG })
    expect(none.status).toBe(403)
  })
})
