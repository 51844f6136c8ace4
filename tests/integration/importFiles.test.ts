import { strToU8, zipSync } from 'fflate'
import { request } from 'node:http'
import PDFDocument from 'pdfkit'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportFileErrorBody, ImportMeetingResponse, ImportNoItemsErrorBody, ImportReadResponse } from '../../shared/api'
import { MAX_IMPORT_FILE_BYTES, MAX_IMPORT_UNZIPPED_BYTES } from '../../shared/import'
import { isUnchangedProposal } from '../../shared/minutes'
import { TEST_ADMIN_TOKEN, api, connectClient, findAll, minutesOf, startTestServer, type TestServer } from '../helpers'
import { fileFixtures } from '../helpers/innkallingCorpus'
import { writeInnkallingFile } from '../helpers/innkallingFiles'

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const auth = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` }

async function answer(res: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** The status of an upload that declares (or streams) more than the limit, and how many bytes were sent before it came. */
function oversizedUpload(url: string, declaredBytes: number | null): Promise<{ status: number; sentBytes: number }> {
  const chunk = Buffer.alloc(256 * 1024, 0x20)
  return new Promise((resolve, reject) => {
    let sentBytes = 0
    let status = 0
    const headers: Record<string, string | number> = { ...auth, 'content-type': 'application/pdf' }
    if (declaredBytes !== null) headers['content-length'] = declaredBytes
    const req = request(`${url}/api/meetings/import`, { method: 'POST', headers }, (res) => {
      status = res.statusCode ?? 0
      res.resume()
      res.on('end', () => resolve({ status, sentBytes }))
    })
    // Once the server has answered it closes the connection: later writes may fail, which is the point.
    req.on('error', (err) => (status ? resolve({ status, sentBytes }) : reject(err)))
    const pump = () => {
      // Bounded: at most three times the limit, far below a declared 60 MB.
      while (!status && sentBytes < 3 * MAX_IMPORT_FILE_BYTES) {
        sentBytes += chunk.length
        if (!req.write(chunk)) return void req.once('drain', pump)
      }
    }
    pump()
  })
}

function scannedPdf(): Promise<Uint8Array> {
  const pdf = new PDFDocument()
  const chunks: Buffer[] = []
  pdf.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Uint8Array>((resolve) => pdf.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks)))))
  pdf.rect(40, 40, 400, 500).fill('#444444')
  pdf.end()
  return done
}

describe('POST /api/meetings/import and /import/read with innkalling files', () => {
  let server: TestServer
  const cleanups: (() => void)[] = []
  const fixture = (name: string) => fileFixtures().find((f) => f.name === name)!
  const meetingCount = async () => ((await api(server.url, 'GET', '/api/meetings', { token: TEST_ADMIN_TOKEN })).body as { meetings: unknown[] }).meetings.length

  beforeEach(async () => {
    server = await startTestServer()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) cleanup()
    await server.stop()
  })

  it('creates a meeting from an uploaded .docx (multipart, with meeting fields) whose minutes a stock client sees with its saker and proposals', async () => {
    const { spec, expected } = fixture('files-direktorat-tabell')
    const form = new FormData()
    form.append('meeting', JSON.stringify({ place: 'Møterom 1' }))
    form.append('file', new Blob([Buffer.from(await writeInnkallingFile(spec))], { type: DOCX_TYPE }), 'innkalling.docx')
    const res = await answer(await fetch(`${server.url}/api/meetings/import`, { method: 'POST', headers: auth, body: form }))
    expect(res.status).toBe(201)
    const body = res.body as unknown as ImportMeetingResponse
    expect(body.meeting).toMatchObject({ ...expected.info, place: 'Møterom 1', firstAgendaNumber: 7 })

    const token = body.invitations.find((i) => i.role === 'sekretær')!.token
    const client = connectClient(server.wsUrl, body.meeting.id, { token })
    cleanups.push(() => client.destroy())
    await client.synced
    const items = findAll(minutesOf(client.doc), 'agendaItem')
    const withProposal = expected.items.filter((i) => i.proposal)
    expect(items.map((it) => [it.attrs.number, it.child(0).textContent, it.attrs.caseType, it.lastChild!.textContent])).toEqual(
      withProposal.map((i) => [i.number, i.title, i.caseType, i.proposal]),
    )
    expect(items.every((it) => isUnchangedProposal(it.lastChild!))).toBe(true)
  })

  it('reads a PDF sent as the raw body without creating anything: format, lines, text with table cells, and the draft', async () => {
    const { spec, expected } = fixture('files-styre-sider')
    const res = await fetch(`${server.url}/api/meetings/import/read`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/pdf', 'content-disposition': 'attachment; filename="styremøte.pdf"' },
      body: Buffer.from(await writeInnkallingFile(spec)),
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as ImportReadResponse
    expect(body.source).toMatchObject({ format: 'pdf', fileName: 'styremøte.pdf' })
    expect(body.source.lineCount).toBeGreaterThan(10)
    expect(body.text).toContain('41/24\tAnskaffelsesstrategi 2025\tBeslutning\t09:10')
    expect(body.draft.items.map((i) => [i.number, i.plannedStart, i.proposal])).toEqual(expected.items.map((i) => [i.number, i.plannedStart, i.proposal]))
    expect(await meetingCount()).toBe(0)
  })

  it('refuses an upload declared at 60 MB with 413 before it is read whole, and a streamed one at the first byte past the limit', async () => {
    const declared = await oversizedUpload(server.url, 60 * 1024 * 1024)
    expect(declared.status).toBe(413)
    expect(declared.sentBytes).toBeLessThan(60 * 1024 * 1024)
    const streamed = await oversizedUpload(server.url, null)
    expect(streamed.status).toBe(413)
    expect(streamed.sentBytes).toBeLessThan(3 * MAX_IMPORT_FILE_BYTES)
    expect(await meetingCount()).toBe(0)
  })

  it('refuses bad files with a Norwegian message naming the problem, and creates nothing', async () => {
    const raw = async (bytes: Uint8Array, type: string, path = '/api/meetings/import') =>
      answer(await fetch(`${server.url}${path}`, { method: 'POST', headers: { ...auth, 'content-type': type }, body: Buffer.from(bytes) }))
    const bomb = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': new Uint8Array(MAX_IMPORT_UNZIPPED_BYTES + 1) })
    const cases: [Uint8Array, string, number, string, RegExp][] = [
      [new Uint8Array(0), DOCX_TYPE, 400, 'empty', /er tom/],
      [bomb, DOCX_TYPE, 413, 'unzipped-too-large', /for stor når den pakkes ut/],
      [await scannedPdf(), 'application/pdf', 422, 'no-text', /^Ingen tekst i PDF-en: er den skannet\?/],
      [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), 'application/pdf', 415, 'unsupported', /er et bilde/],
    ]
    for (const [bytes, type, status, code, message] of cases) {
      for (const path of ['/api/meetings/import', '/api/meetings/import/read']) {
        const res = await raw(bytes, type, path)
        expect([res.status, res.body.code, res.body.field]).toEqual([status, code, 'file'])
        expect((res.body as unknown as ImportFileErrorBody).error).toMatch(message)
      }
    }
    const noSak = await raw(strToU8('Hei alle\n\nVel møtt'), 'text/plain')
    expect(noSak.status).toBe(400)
    expect((noSak.body as unknown as ImportNoItemsErrorBody).error).toMatch(/^Fant ingen saker i filen/)
    expect((noSak.body as unknown as ImportNoItemsErrorBody).unread.map((u) => u.text)).toEqual(['Hei alle', 'Vel møtt'])
    expect((await raw(strToU8('<x/>'), 'application/xml')).status).toBe(415)
    const form = new FormData()
    form.append('sted', 'Oslo')
    form.append('file', new Blob(['12/24 Budsjett']), 'a.txt')
    const unknownField = await answer(await fetch(`${server.url}/api/meetings/import`, { method: 'POST', headers: auth, body: form }))
    expect([unknownField.status, unknownField.body.field]).toEqual([400, 'sted'])
    const anonymous = await fetch(`${server.url}/api/meetings/import/read`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' })
    expect(anonymous.status).toBe(401)
    expect(await meetingCount()).toBe(0)
  })
})
