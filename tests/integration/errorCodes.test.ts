import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { isErrorCode } from '../../shared/api'
import { MAX_MEETING_FIELD_CHARS } from '../../shared/minutes'
import { MAX_VERSION_NAME_CHARS } from '../../shared/register'
import { TEST_ADMIN_TOKEN, api, createMeeting, startTestServer, type TestServer } from '../helpers'

// Representative refusals of the real server answer `{ error, code, params?, field? }` with the
// code of shared/api/errorCodes.ts (the client translates by it) beside the bokmål message.

const ERROR_BODY_KEYS = ['code', 'error', 'field', 'params']

/** The refusal's body, checked to be an error body whose code is listed. */
function refusal(answer: { body: unknown }): Record<string, unknown> {
  const body = answer.body as Record<string, unknown>
  expect(isErrorCode(body.code), `listed code: ${String(body.code)}`).toBe(true)
  expect(typeof body.error === 'string' && body.error.length > 0).toBe(true)
  return body
}

describe('API error codes from the real server', () => {
  let server: TestServer

  beforeEach(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    await server.stop()
  })

  it('answers an unknown meeting with meeting-not-found', async () => {
    const answer = await api(server.url, 'GET', '/api/meetings/AAAAAAAAAAAAAAAA', { token: TEST_ADMIN_TOKEN })
    expect(answer.status).toBe(404)
    expect(refusal(answer)).toEqual({ error: 'Fant ikke møtet.', code: 'meeting-not-found' })
  })

  it('answers a role that may not act with role-forbidden, and the admin on a role’s route with admin-has-no-role', async () => {
    const meeting = await createMeeting(server.url)
    const close = `/api/meetings/${meeting.id}/close`
    const member = await api(server.url, 'POST', close, { token: meeting.tokens.medlem, body: { commentDeadline: null } })
    expect(member.status).toBe(403)
    expect(refusal(member)).toMatchObject({ code: 'role-forbidden', error: expect.stringMatching(/^Rollen medlem kan ikke/) })
    const admin = await api(server.url, 'POST', close, { token: TEST_ADMIN_TOKEN, body: { commentDeadline: null } })
    expect(admin.status).toBe(403)
    expect(refusal(admin)).toMatchObject({ code: 'admin-has-no-role' })
    const stranger = await api(server.url, 'POST', close, { token: null, body: { commentDeadline: null } })
    expect([stranger.status, refusal(stranger).code]).toEqual([401, 'credential-missing'])
  })

  it('answers text too long with text-too-long, the field and the limit in params', async () => {
    const title = await api(server.url, 'POST', '/api/meetings', {
      token: TEST_ADMIN_TOKEN,
      body: { organ: 'Rådet', date: '2024-01-10', title: 'x'.repeat(MAX_MEETING_FIELD_CHARS + 1) },
    })
    expect(title.status).toBe(400)
    expect(refusal(title)).toEqual({
      error: `Feltet «title» kan ha høyst ${MAX_MEETING_FIELD_CHARS} tegn.`,
      code: 'text-too-long',
      params: { field: 'title', max: MAX_MEETING_FIELD_CHARS },
      field: 'title',
    })
    const meeting = await createMeeting(server.url)
    const version = await api(server.url, 'POST', `/api/meetings/${meeting.id}/versions`, {
      token: meeting.tokens.sekretær,
      body: { name: 'v'.repeat(MAX_VERSION_NAME_CHARS + 1) },
    })
    expect(version.status).toBe(400)
    expect(refusal(version)).toMatchObject({ code: 'text-too-long', params: { field: 'name', max: MAX_VERSION_NAME_CHARS }, field: 'name' })
  })

  it('answers a bad import with the file’s code, the agenda’s field, or no saker', async () => {
    const read = (bytes: Uint8Array, type: string) =>
      fetch(`${server.url}/api/meetings/import/read`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': type },
        body: Buffer.from(bytes),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as unknown }))
    const png = await read(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]), 'application/pdf')
    expect(png.status).toBe(415)
    expect(refusal(png)).toMatchObject({ code: 'unsupported', field: 'file' })
    const empty = await read(new Uint8Array(0), 'application/pdf')
    expect([empty.status, refusal(empty).code]).toEqual([400, 'empty'])

    const duplicate = await api(server.url, 'POST', '/api/meetings/import', {
      token: TEST_ADMIN_TOKEN,
      body: { meeting: { organ: 'Rådet', date: '2024-01-10' }, agenda: { items: [{ number: '1/24', title: 'A' }, { number: '1/24', title: 'B' }] } },
    })
    expect(duplicate.status).toBe(400)
    expect(refusal(duplicate)).toMatchObject({ code: 'agenda-number-duplicate', params: { number: '1/24' }, field: 'agenda.items[1].number' })

    const nothing = await api(server.url, 'POST', '/api/meetings/import', { token: TEST_ADMIN_TOKEN, body: { meeting: { organ: 'Rådet', date: '2024-01-10' }, text: 'Velkommen til møtet.' } })
    expect(nothing.status).toBe(400)
    expect(refusal(nothing)).toMatchObject({ code: 'import-no-agenda-items', params: { source: 'text' }, field: 'text' })
  })

  it('sends nothing but the error body’s fields on a refusal', async () => {
    const answers = [
      await api(server.url, 'GET', '/api/nothing', { token: TEST_ADMIN_TOKEN }),
      await api(server.url, 'DELETE', '/api/meetings', { token: TEST_ADMIN_TOKEN }),
      await api(server.url, 'POST', '/api/meetings', { token: TEST_ADMIN_TOKEN, body: { organ: '', date: '2024-01-10' } }),
      await api(server.url, 'GET', '/api/meetings', { token: 'not-the-admin-credential' }),
    ]
    expect(answers.map((a) => [a.status, refusal(a).code])).toEqual([
      [404, 'route-not-found'],
      [405, 'method-not-allowed'],
      [400, 'field-required'],
      [401, 'admin-key-invalid'],
    ])
    for (const answer of answers) expect(Object.keys(answer.body as object).filter((key) => !ERROR_BODY_KEYS.includes(key))).toEqual([])
  })
})
