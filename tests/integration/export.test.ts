import { strFromU8, unzipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { appendText, connectClient, createMeeting, revokeToken, startTestServer, waitFor, type CreatedMeeting, type TestServer } from '../helpers'

const FORMATS = [
  { ext: 'pdf', type: 'application/pdf' },
  { ext: 'docx', type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  { ext: 'html', type: 'text/html; charset=utf-8' },
  { ext: 'md', type: 'text/markdown; charset=utf-8' },
  { ext: 'json', type: 'application/json; charset=utf-8' },
] as const

describe('export over HTTP', () => {
  let server: TestServer
  let meeting: CreatedMeeting

  const exportOf = (ext: string, token: string | null, id = meeting.id) =>
    fetch(`${server.url}/api/meetings/${id}/export.${ext}`, { headers: token ? { authorization: `Bearer ${token}` } : {} })

  beforeEach(async () => {
    server = await startTestServer()
    meeting = await createMeeting(server.url, {
      organ: 'Nasjonalt e-helseråd',
      title: 'Referat fra møte i Nasjonalt e-helseråd',
      number: '3/2023',
      date: '2023-10-04',
      time: 'Kl. 09.00 – 15.00',
      place: 'Scandic Grand Tromsø',
      firstAgendaNumber: 17,
    })
  })
  afterEach(async () => {
    await server.stop()
  })

  it('gives a medlem every format as an attachment with its type and an ASCII-safe and a UTF-8 filename', async () => {
    for (const { ext, type } of FORMATS) {
      const res = await exportOf(ext, meeting.tokens.medlem)
      expect(res.status, ext).toBe(200)
      expect(res.headers.get('content-type')).toBe(type)
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="referat-3-2023.${ext}"; filename*=UTF-8''referat-3-2023.${ext}`,
      )
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect(bytes.byteLength).toBe(Number(res.headers.get('content-length')))
      if (ext === 'pdf') expect(strFromU8(bytes.subarray(0, 5))).toBe('%PDF-')
      if (ext === 'docx') expect(strFromU8(unzipSync(bytes)['word/document.xml'])).toContain('17/23 Godkjenning av innkalling og dagsorden')
      if (ext === 'html') {
        expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
        expect(new TextDecoder().decode(bytes)).toContain('<h1>Referat fra møte i Nasjonalt e-helseråd</h1>')
      }
      if (ext === 'md') expect(new TextDecoder().decode(bytes)).toContain('## 18/23 Godkjenning av referat fra forrige møte')
      if (ext === 'json') {
        const json = JSON.parse(new TextDecoder().decode(bytes))
        expect(json).toMatchObject({ format: 'referat/1', meeting: { id: meeting.id, date: '2023-10-04' }, organ: 'Nasjonalt e-helseråd' })
        expect(json.header[3]).toEqual({ field: 'meetingPlace', label: 'Sted', value: 'Scandic Grand Tromsø' })
      }
    }
  })

  it('lets every role and the admin export', async () => {
    for (const token of [...Object.values(meeting.tokens), server.adminToken]) {
      expect((await exportOf('json', token)).status).toBe(200)
    }
  })

  it('exports the live minutes, with what the secretary just typed escaped', async () => {
    const client = connectClient(server.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    try {
      await client.synced
      appendText(client.doc, 'agendaTitle', ' <script>alert("ø")</script>')
      const html = await waitFor(async () => {
        const text = await (await exportOf('html', meeting.tokens.observatør)).text()
        return text.includes('alert') ? text : null
      }, 5000, 'the edit in the export')
      expect(html).toContain('17/23 Godkjenning av innkalling og dagsorden &lt;script&gt;alert(&quot;ø&quot;)&lt;/script&gt;')
      expect(html).not.toContain('<script')
    } finally {
      client.destroy()
    }
  })

  it('refuses without a token (401), with a bad one (401), another meeting\'s (403) or a revoked one (403)', async () => {
    const other = await createMeeting(server.url)
    const none = await exportOf('pdf', null)
    expect(none.status).toBe(401)
    expect(await none.json()).toHaveProperty('error')
    expect((await exportOf('pdf', 'not-a-token')).status).toBe(401)
    expect((await exportOf('pdf', other.tokens.medlem)).status).toBe(403)
    await revokeToken(server.url, meeting.id, meeting.invitations.find((i) => i.role === 'medlem')!.tokenId)
    expect((await exportOf('docx', meeting.tokens.medlem)).status).toBe(403)
  })

  it('answers 404 for an unknown meeting or format and 405 for other methods', async () => {
    expect((await exportOf('pdf', server.adminToken, 'AAAAAAAAAAAAAAAA')).status).toBe(404)
    expect((await exportOf('exe', meeting.tokens.medlem)).status).toBe(404)
    const post = await fetch(`${server.url}/api/meetings/${meeting.id}/export.pdf`, {
      method: 'POST',
      headers: { authorization: `Bearer ${meeting.tokens.medlem}` },
    })
    expect(post.status).toBe(405)
  })

  it('names the file after the meeting number, æøå spelt out in filename and kept in filename*', async () => {
    const norsk = await createMeeting(server.url, { number: 'Møte 4 – høst' })
    const res = await exportOf('md', norsk.tokens.medlem, norsk.id)
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="referat-Mote-4-host.md"; filename*=UTF-8''referat-M%C3%B8te-4-%E2%80%93-h%C3%B8st.md`,
    )
  })
})
