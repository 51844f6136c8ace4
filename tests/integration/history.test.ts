// The meeting history (issue 12) through the real server: acts become hash-chained events,
// GET /api/meetings/:id/history lists them to the secretariat, and /history/verify finds rows
// changed, deleted or added directly in SQLite or PostgreSQL (the PostgreSQL tests need
// TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, and fail without it).
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { decisionsOf, hashDecisionText } from '../../shared/minutes'
import { historyPath, historyVerifyPath, type HistoryEvent, type HistoryResponse, type HistoryVerifyResponse } from '../../shared/record'
import {
  TEST_ADMIN_TOKEN,
  api,
  appendText,
  connectClient,
  createMeeting,
  dropSchema,
  minutesOf,
  mintToken,
  requirePostgres,
  revokeToken,
  startTestServer,
  waitFor,
  type CreatedMeeting,
  type TestClient,
  type TestServer,
} from '../helpers'
import { randomSuffix, CLUSTER_DATABASE_URL } from '../helpers/cluster'

const FLAG = { agendaItemId: null, anchor: { start: 'AQID', end: 'BAUG' }, quote: 'budsjettet', comment: 'Det var 3 mill., ikke 4.' }

let server: TestServer | null = null
const clients: TestClient[] = []
const schemas: string[] = []
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await server?.stop()
  server = null
  for (const schema of schemas.splice(0)) await dropSchema(schema)
})

async function history(s: TestServer, meetingId: string, token: string = TEST_ADMIN_TOKEN, query = ''): Promise<HistoryResponse> {
  const res = await api(s.url, 'GET', `${historyPath(meetingId)}${query}`, { token })
  expect(res.status, res.text).toBe(200)
  return res.body as HistoryResponse
}

async function verify(s: TestServer, meetingId: string): Promise<HistoryVerifyResponse> {
  const res = await api(s.url, 'GET', historyVerifyPath(meetingId), { token: TEST_ADMIN_TOKEN })
  expect(res.status, res.text).toBe(200)
  return res.body as HistoryVerifyResponse
}

/**
 * The acts of a meeting's life, through the API: a flag and its decision, a confirmation, an
 * edit and the re-confirmation, a version, closing and approval. Returns the two confirmed hashes.
 */
async function runMeeting(s: TestServer, meeting: CreatedMeeting): Promise<{ first: string; second: string }> {
  const post = (p: string, token: string, body: unknown) => api(s.url, 'POST', `/api/meetings/${meeting.id}${p}`, { token, body })
  const secretary = connectClient(s.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
  clients.push(secretary)
  await secretary.synced
  const { flag } = (await post('/flags', meeting.tokens.medlem, FLAG)).body as { flag: { id: string } }
  expect((await post(`/flags/${flag.id}/decision`, meeting.tokens.sekretær, { status: 'accepted', reply: 'Rettet.' })).status).toBe(200)

  const confirm = async (): Promise<string> => {
    const [decision] = decisionsOf(minutesOf(secretary.doc))
    const body = { agendaItemId: decision.agendaItemId, textHash: hashDecisionText(decision.text) }
    // The secretary's edit may still be on its way: the chair's hash matches once the server has it.
    await waitFor(async () => (await post('/confirmations', meeting.tokens.møteleder, body)).status === 201, 5000, 'the confirmation')
    return body.textHash
  }
  appendText(secretary.doc, 'decision', ' Enstemmig.', 0)
  const first = await confirm()
  appendText(secretary.doc, 'decision', ' Med merknad fra Áile Čoarvi.', 0)
  const second = await confirm()
  expect((await post('/versions', meeting.tokens.sekretær, { name: 'Utkast til medlemmer' })).status).toBe(201)
  expect((await post('/close', meeting.tokens.møteleder, { commentDeadline: null })).status).toBe(200)
  expect((await post('/approve', meeting.tokens.sekretær, { approvedInMeeting: 'møte 4/2024' })).status).toBe(201)
  return { first, second }
}

/** Runs `sql` on the server's SQLite file, as someone with access to the data directory could. */
function editSqlite(s: TestServer, sql: string, ...params: unknown[]): number {
  const db = new Database(path.join(s.dataDir, 'referat.sqlite'))
  try {
    return db.prepare(sql).run(...params).changes
  } finally {
    db.close()
  }
}

describe('the meeting history', () => {
  it('records every act that counts, in order, with who did it, and the chain verifies', async () => {
    server = await startTestServer()
    const meeting = await createMeeting(server.url)
    const member = await mintToken(server.url, meeting.id, { role: 'medlem', name: 'Kari Medlem', org: 'KS' })
    await revokeToken(server.url, meeting.id, member.tokenId)
    expect((await api(server.url, 'PUT', `/api/meetings/${meeting.id}/sign-in`, { token: TEST_ADMIN_TOKEN, body: { roles: ['møteleder'] } })).status).toBe(404)
    const { first, second } = await runMeeting(server, meeting)

    const { events, head, next } = await history(server, meeting.id)
    expect(events.map((e) => e.kind)).toEqual([
      'meeting-created',
      'token-minted',
      'token-minted',
      'token-minted',
      'token-minted',
      'token-minted',
      'token-revoked',
      'flag-raised',
      'flag-decided',
      'decision-confirmed',
      'decision-confirmed',
      'version-saved',
      'meeting-closed',
      'minutes-approved',
      'minutes-sealed',
    ])
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    expect(head).toEqual({ seq: events.length, hash: events.at(-1)!.hash })
    expect(next).toBeNull()
    const chair = meeting.invitations.find((i) => i.role === 'møteleder')!
    const [confirmed, reconfirmed] = events.filter((e) => e.kind === 'decision-confirmed')
    expect(confirmed.actor).toEqual({ role: 'møteleder', name: null, verified: false, tokenId: chair.tokenId })
    expect(confirmed.details).toMatchObject({ textSha256: first, reconfirmation: false, previousTextSha256: null })
    expect(reconfirmed.details).toMatchObject({ sakId: confirmed.details.sakId, textSha256: second, reconfirmation: true, previousTextSha256: first })
    expect(first).not.toBe(second)
    expect(events[0].actor).toEqual({ role: 'admin', name: null, verified: false })
    expect(events[5].details).toMatchObject({ tokenId: member.tokenId, role: 'medlem', name: 'Kari Medlem' })
    expect(events[6].details).toEqual({ tokenId: member.tokenId, role: 'medlem' })
    expect(await verify(server, meeting.id)).toEqual({ ok: true, events: events.length, head })
  })

  it('shows the history to admin, møteleder and sekretær only, in bounded pages', async () => {
    server = await startTestServer()
    const meeting = await createMeeting(server.url)
    for (const role of ['møteleder', 'sekretær'] as const) expect((await history(server, meeting.id, meeting.tokens[role])).events).toHaveLength(5)
    for (const role of ['medlem', 'observatør'] as const) {
      for (const p of [historyPath(meeting.id), historyVerifyPath(meeting.id)]) {
        const res = await api(server.url, 'GET', p, { token: meeting.tokens[role] })
        expect(res.status, `${role} ${p}`).toBe(403)
        expect(res.body).toEqual({ error: 'Bare møteleder, sekretær og administrator kan se historikken.', code: 'role-forbidden' })
      }
    }
    expect((await api(server.url, 'GET', historyPath(meeting.id))).status).toBe(401)
    expect((await api(server.url, 'GET', historyPath('finnes-ikke'), { token: TEST_ADMIN_TOKEN })).status).toBe(404)
    for (const query of ['?limit=0', '?limit=1001', '?limit=abc', '?after=-1', '?after=1e3']) {
      const res = await api(server.url, 'GET', `${historyPath(meeting.id)}${query}`, { token: TEST_ADMIN_TOKEN })
      expect(res.status, query).toBe(400)
      expect(res.body).toMatchObject({ error: expect.stringMatching(/må være et helt tall/) })
    }
    const page1 = await history(server, meeting.id, TEST_ADMIN_TOKEN, '?limit=2')
    expect(page1.events.map((e) => e.seq)).toEqual([1, 2])
    expect(page1.next).toBe(2)
    const page2 = await history(server, meeting.id, TEST_ADMIN_TOKEN, `?after=${page1.next}&limit=3`)
    expect(page2.events.map((e) => e.seq)).toEqual([3, 4, 5])
    expect(page2.next).toBeNull()
  })

  it('finds a row changed, a row deleted, the last row deleted and a row added in the SQLite file', async () => {
    server = await startTestServer()
    const meeting = await createMeeting(server.url)
    await runMeeting(server, meeting)
    const n = (await history(server, meeting.id)).events.length
    expect(await verify(server, meeting.id)).toMatchObject({ ok: true, events: n })
    const reconfirmation = (await history(server, meeting.id)).events.filter((e) => e.kind === 'decision-confirmed')[1]

    // Someone makes the record say the chair confirmed other text.
    const changed = editSqlite(server, 'UPDATE history_events SET details = replace(details, ?, ?) WHERE meeting_id = ? AND seq = ?',
      String(reconfirmation.details.textSha256), 'f'.repeat(64), meeting.id, reconfirmation.seq)
    expect(changed).toBe(1)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: reconfirmation.seq, code: 'changed', reason: expect.stringContaining('er endret') })
    editSqlite(server, 'UPDATE history_events SET details = replace(details, ?, ?) WHERE meeting_id = ? AND seq = ?',
      'f'.repeat(64), String(reconfirmation.details.textSha256), meeting.id, reconfirmation.seq)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: true })

    // The first confirmation is deleted.
    const row = new Database(path.join(server.dataDir, 'referat.sqlite'), { readonly: true })
    const saved = row.prepare('SELECT * FROM history_events WHERE meeting_id = ? AND seq = ?').get(meeting.id, reconfirmation.seq - 1) as Record<string, unknown>
    row.close()
    editSqlite(server, 'DELETE FROM history_events WHERE meeting_id = ? AND seq = ?', meeting.id, reconfirmation.seq - 1)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: reconfirmation.seq - 1, code: 'missing' })
    // ... and the later rows renumbered to hide the gap: the links no longer hold.
    editSqlite(server, 'UPDATE history_events SET seq = -seq WHERE meeting_id = ? AND seq > ?', meeting.id, reconfirmation.seq - 1)
    editSqlite(server, 'UPDATE history_events SET seq = -seq - 1 WHERE meeting_id = ? AND seq < 0', meeting.id)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: reconfirmation.seq - 1 })
    editSqlite(server, 'UPDATE history_events SET seq = -seq WHERE meeting_id = ? AND seq >= ?', meeting.id, reconfirmation.seq - 1)
    editSqlite(server, 'UPDATE history_events SET seq = -seq + 1 WHERE meeting_id = ? AND seq < 0', meeting.id)
    editSqlite(server, 'INSERT INTO history_events (meeting_id, seq, at, kind, actor, details, prev_hash, hash) VALUES (@meeting_id, @seq, @at, @kind, @actor, @details, @prev_hash, @hash)', saved)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: true, events: n })

    // The last event (the approval) is deleted; then a row is added behind the head's back.
    editSqlite(server, 'DELETE FROM history_events WHERE meeting_id = ? AND seq = ?', meeting.id, n)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: n, code: 'missing' })
    editSqlite(server, 'INSERT INTO history_events (meeting_id, seq, at, kind, actor, details, prev_hash, hash) SELECT meeting_id, ?, at, kind, actor, details, prev_hash, hash FROM history_events WHERE meeting_id = ? AND seq = 1', n, meeting.id)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: n })
    editSqlite(server, 'INSERT INTO history_events (meeting_id, seq, at, kind, actor, details, prev_hash, hash) SELECT meeting_id, ?, at, kind, actor, details, prev_hash, hash FROM history_events WHERE meeting_id = ? AND seq = 1', n + 1, meeting.id)
    expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: n })
  })

  it('finds rows changed or deleted directly in PostgreSQL', async () => {
    const admin = await requirePostgres()
    const schema = `referat_hist_${randomSuffix()}`
    schemas.push(schema)
    try {
      server = await startTestServer({ DATABASE_URL: CLUSTER_DATABASE_URL, DATABASE_SCHEMA: schema, TOKEN_SECRET: 'history-test-token-secret-0123456789abcdef' })
      const meeting = await createMeeting(server.url)
      await runMeeting(server, meeting)
      const { events } = await history(server, meeting.id)
      expect(await verify(server, meeting.id)).toMatchObject({ ok: true, events: events.length })
      const closeEvent = events.find((e: HistoryEvent) => e.kind === 'meeting-closed')!

      // The closing is moved a day back.
      const moved = await admin.query(`UPDATE "${schema}".history_events SET at = $1 WHERE meeting_id = $2 AND seq = $3`, ['2000-01-01T00:00:00.000Z', meeting.id, closeEvent.seq])
      expect(moved.rowCount).toBe(1)
      expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: closeEvent.seq, code: 'changed' })
      await admin.query(`UPDATE "${schema}".history_events SET at = $1 WHERE meeting_id = $2 AND seq = $3`, [closeEvent.at, meeting.id, closeEvent.seq])
      expect(await verify(server, meeting.id)).toMatchObject({ ok: true })

      // A flag decision is deleted.
      const decided = events.find((e) => e.kind === 'flag-decided')!
      await admin.query(`DELETE FROM "${schema}".history_events WHERE meeting_id = $1 AND seq = $2`, [meeting.id, decided.seq])
      expect(await verify(server, meeting.id)).toMatchObject({ ok: false, brokenAt: decided.seq, code: 'missing' })
    } finally {
      await admin.end()
    }
  })

  it('keeps the chain of another meeting apart, and appends go on after a restart', async () => {
    const s = await startTestServer()
    const a = await createMeeting(s.url)
    const b = await createMeeting(s.url)
    expect((await history(s, a.id)).events.every((e) => e.meetingId === a.id)).toBe(true)
    const dataDir = s.dataDir
    await s.close()
    try {
      server = await startTestServer({}, dataDir)
      await mintToken(server.url, b.id, { role: 'medlem', name: 'Ny' })
      expect((await history(server, b.id)).events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6])
      expect(await verify(server, b.id)).toMatchObject({ ok: true, events: 6 })
    } finally {
      await server?.stop()
      server = null
      fs.rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
