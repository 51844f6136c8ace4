import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Node as PMNode } from '@tiptap/pm/model'
import type { Transform } from '@tiptap/pm/transform'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ImportMeetingResponse, Invitation } from '../../shared/api'
import { decisionsOf, hashDecisionText } from '../../shared/minutes'
import { minutesSchema } from '../../shared/schema'
import {
  TEST_ADMIN_TOKEN,
  api,
  connectClient,
  editMinutes,
  findNode,
  minutesOf,
  mintToken,
  startTestServer,
  waitFor,
  type TestClient,
  type TestServer,
} from '../helpers'
import { docxText, withoutPageFurniture } from '../helpers/documentText'

// Sámi names (North, Lule and South Sámi letters) and Norwegian ones, letter for letter.
const CHAIR = 'Áilu Ŋunnje Čoarvi'
const PRESENT = [
  { text: `${CHAIR} (Sámediggi)`, attrs: {} },
  { text: 'Ánde Šuvva Đuođđa (Julevsáme searvi)', attrs: { remote: true } },
  { text: 'Máret Ŧaŧŧe Žiiva (Åarjelsaemien dïedte)', attrs: { arrivedAt: '10.10' } },
]
const SUBSTITUTE = { text: 'Ïnga Æsa Øvrevoll', attrs: { substituteFor: 'Biret Áššá Sárá' } }
const PRINTED_ATTENDANCE = [
  'Áilu Ŋunnje Čoarvi (Sámediggi)',
  'Ánde Šuvva Đuođđa (Julevsáme searvi) – digitalt',
  'Máret Ŧaŧŧe Žiiva (Åarjelsaemien dïedte), kom kl. 10.10',
  'Ïnga Æsa Øvrevoll, for Biret Áššá Sárá',
]
const PROPOSALS = [
  ['4/24', 'Godkjenning av innkalling og dagsorden', 'Sámediggi godkjenner innkalling og dagsorden.'],
  ['5/24', 'Budsjett for språkarbeid', 'Sámediggi vedtar budsjettet for giellabargu.'],
  ['6/24', 'Samisk stedsnavn Čáhcesuolu', 'Sámediggi tar saken til orientering.'],
  ['7/24', 'Høringsuttalelse', 'Sámediggi avgir høringsuttalelse.'],
]
/** "1. mars 2024 kl. 10.12": a confirmation's moment, in any month. */
const MOMENT = String.raw`\d{1,2}\. \p{L}+ \d{4} kl\. \d\d\.\d\d`
const CONFIRMED = new RegExp(`Bekreftet av møteleder ${CHAIR} ${MOMENT}`, 'u')
const CHANGED = new RegExp(`Endret etter bekreftelse \\(bekreftet av møteleder ${CHAIR} ${MOMENT}\\)`, 'u')

/** Types `text` at the end of the last paragraph of the `index`-th vedtak, as the secretary would. */
function typeInVedtak(secretary: TestClient, index: number, text: string): void {
  editMinutes(secretary.doc, (tr, doc) => {
    const { pos, node } = findNode(doc, 'decision', index)
    tr.insert(pos + node.content.size, minutesSchema.text(text)) // the end of its last paragraph's text
  })
}

const squeeze = (text: string) => text.replace(/\s+/g, ' ')
const count = (text: string, needle: string) => text.split(needle).length - 1

function withAttendance(tr: Transform, doc: PMNode): void {
  const attendee = (a: { text: string; attrs: Record<string, unknown> }) => minutesSchema.nodes.attendee.create(a.attrs, minutesSchema.text(a.text))
  for (const [group, people] of [['presentList', PRESENT], ['substituteList', [SUBSTITUTE]]] as const) {
    const { pos, node } = findNode(tr.doc, group)
    tr.replaceWith(pos + 1, pos + 1 + node.content.size, people.map(attendee))
  }
  // 4/24 ran from 10.05 to 10.40 Norwegian time (UTC+1 on 1 March).
  const { pos, node } = findNode(doc, 'agendaItem', 0)
  tr.setNodeMarkup(tr.mapping.map(pos), undefined, { ...node.attrs, startedAt: '2024-03-01T09:05:00.000Z', endedAt: '2024-03-01T09:40:00Z' })
}

describe('exports as a record: confirmations, times, attendance and proposals in every format; the archival PDF', () => {
  let server: TestServer
  let dir: string
  const clients: TestClient[] = []

  beforeEach(async () => {
    server = await startTestServer()
    dir = mkdtempSync(path.join(tmpdir(), 'referat-export-'))
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    await server.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  async function meetingWithRecord() {
    const res = await api(server.url, 'POST', '/api/meetings/import', {
      token: TEST_ADMIN_TOKEN,
      body: {
        meeting: { organ: 'Sámediggi', number: '2/2024', date: '2024-03-01', time: 'Kl. 10.00 – 12.00', place: 'Kárášjohka' },
        agenda: { items: PROPOSALS.map(([number, title, proposal]) => ({ number, title, caseType: 'Beslutning', proposal })) },
      },
    })
    expect(res.status).toBe(201)
    const { meeting, invitations } = res.body as ImportMeetingResponse
    const token = (role: string) => invitations.find((i: Invitation) => i.role === role)!.token
    const chair = await mintToken(server.url, meeting.id, { role: 'møteleder', name: CHAIR, org: 'Sámediggi' })
    const secretary = connectClient(server.wsUrl, meeting.id, { token: token('sekretær') })
    clients.push(secretary)
    await secretary.synced
    editMinutes(secretary.doc, withAttendance)

    const confirm = async (index: number) => {
      const decision = decisionsOf(minutesOf(secretary.doc))[index]
      const body = { agendaItemId: decision.agendaItemId, textHash: hashDecisionText(decision.text) }
      // The secretary's last edit may still be on its way: the hash matches once the server has it.
      await waitFor(
        async () => (await api(server.url, 'POST', `/api/meetings/${meeting.id}/confirmations`, { token: chair.token, body })).status === 201,
        5000,
        `the confirmation of vedtak ${index}`,
      )
    }
    await confirm(0) // 4/24: the proposal, confirmed as it stood
    typeInVedtak(secretary, 2, ' Enstemmig.')
    await confirm(2) // 6/24: changed, confirmed, then changed again
    typeInVedtak(secretary, 2, ' Med ett tillegg.')
    typeInVedtak(secretary, 3, ' Med merknader fra Ánde Šuvva Đuođđa.') // 7/24: changed, never confirmed
    const exportOf = async (ext: string) => {
      const res = await fetch(`${server.url}/api/meetings/${meeting.id}/export.${ext}`, { headers: { authorization: `Bearer ${token('medlem')}` } })
      expect(res.status, ext).toBe(200)
      return new Uint8Array(await res.arrayBuffer())
    }
    await waitFor(async () => new TextDecoder().decode(await exportOf('md')).includes('merknader fra'), 5000, 'the last edit in the export')
    return { meeting, exportOf, chair, token }
  }

  it('JSON: each vedtak its status, heading, confirmation and line; the sak times; the attendance as typed', async () => {
    const { exportOf, chair } = await meetingWithRecord()
    const json = JSON.parse(new TextDecoder().decode(await exportOf('json')))
    expect(json).toMatchObject({ format: 'referat/1', status: 'Utkast', approval: null })
    expect(json.saker.map((s: { vedtakStatus: string }) => s.vedtakStatus)).toEqual(['confirmed', 'proposal', 'changed', 'unconfirmed', null])
    expect(json.saker.map((s: { vedtakLabel: string }) => s.vedtakLabel)).toEqual([
      'Vedtak',
      'Forslag til vedtak (ikke behandlet)',
      'Vedtak',
      'Vedtak',
      null, // Eventuelt
    ])
    const [first, second, third, fourth] = json.saker
    expect(first.confirmation).toMatchObject({
      by: { name: CHAIR, role: 'møteleder', org: 'Sámediggi', verified: false },
      textHash: hashDecisionText(PROPOSALS[0][2]),
      text: PROPOSALS[0][2],
    })
    expect(JSON.stringify(json)).not.toContain(chair.tokenId)
    expect(first.confirmationDisplay).toMatch(CONFIRMED)
    expect(first.timesDisplay).toBe('Startet kl. 10.05, avsluttet kl. 10.40.')
    expect(first).toMatchObject({ startedAt: '2024-03-01T09:05:00.000Z', endedAt: '2024-03-01T09:40:00Z' })
    expect(second).toMatchObject({ confirmation: null, confirmationDisplay: 'Ikke bekreftet', vedtakIsUnchangedProposal: true, timesDisplay: null })
    expect(third.confirmation.text).toBe(`${PROPOSALS[2][2]} Enstemmig.`)
    expect(third.confirmationDisplay).toMatch(CHANGED)
    expect(fourth).toMatchObject({ confirmation: null, confirmationDisplay: 'Ikke bekreftet', vedtakIsUnchangedProposal: false })
    const printed = json.attendance.flatMap((g: { attendees: { display: string }[] }) => g.attendees.map((a) => a.display))
    expect(printed).toEqual(PRINTED_ATTENDANCE)
  })

  it('Markdown, HTML and DOCX: the proposal heading, the confirmation lines, the times and the attendance', async () => {
    const { exportOf } = await meetingWithRecord()
    const texts = {
      md: new TextDecoder().decode(await exportOf('md')),
      html: new TextDecoder().decode(await exportOf('html')),
      docx: docxText(await exportOf('docx')),
    }
    for (const [format, text] of Object.entries(texts)) {
      expect(count(text, 'Forslag til vedtak (ikke behandlet):'), format).toBe(1)
      expect(count(text, 'Vedtak:'), format).toBe(3)
      expect(text, format).toMatch(CONFIRMED)
      expect(text, format).toMatch(CHANGED)
      expect(count(text, 'Ikke bekreftet'), format).toBe(2)
      expect(text, format).toContain('Startet kl. 10.05, avsluttet kl. 10.40.')
      expect(text, format).toContain('Status:')
      expect(text, format).toContain('Utkast')
      for (const line of PRINTED_ATTENDANCE) expect(text, format).toContain(line)
    }
    // The proposal's heading stands over the untouched proposal, not over "Vedtak:".
    expect(texts.md).toContain(`**Forslag til vedtak (ikke behandlet):**\n\n${PROPOSALS[1][2]}\n\n_Ikke bekreftet_`)
    expect(texts.html).toContain('<p class="confirmation confirmation-proposal">Ikke bekreftet</p>')
  })

  it('PDF: PDF/A-2b in its XMP, fonts embedded as subsets, Sámi names letter for letter, "Side x av y", Utkast; Godkjent after approval', async () => {
    const { meeting, exportOf, chair } = await meetingWithRecord()
    const file = path.join(dir, 'referat.pdf')
    writeFileSync(file, await exportOf('pdf'))
    // pdftotext writes to the file named after the PDF unless told "-" (standard output).
    const run = (tool: string, ...args: string[]) =>
      execFileSync(tool, [...args, file, ...(tool === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8' })

    const text = run('pdftotext', '-enc', 'UTF-8')
    for (const name of [CHAIR, 'Ánde Šuvva Đuođđa', 'Máret Ŧaŧŧe Žiiva', 'Ïnga Æsa Øvrevoll', 'Biret Áššá Sárá', 'Čáhcesuolu', 'Kárášjohka']) {
      expect(text).toContain(name)
    }
    const flowing = squeeze(withoutPageFurniture(text))
    for (const line of PRINTED_ATTENDANCE) expect(flowing).toContain(line)
    expect(count(flowing, 'Forslag til vedtak (ikke behandlet):')).toBe(1)
    expect(flowing).toContain(`Forslag til vedtak (ikke behandlet): ${PROPOSALS[1][2]} Ikke bekreftet`)
    expect(flowing).toMatch(CONFIRMED)
    expect(flowing).toMatch(CHANGED)
    expect(flowing).toContain('Startet kl. 10.05, avsluttet kl. 10.40.')

    const info = run('pdfinfo')
    const pages = Number(/^Pages:\s+(\d+)$/m.exec(info)![1])
    expect(pages).toBeGreaterThanOrEqual(1)
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Side ${page} av ${pages}`)
    expect(count(text, 'Sámediggi · Møte 2/2024')).toBe(pages)
    expect(count(text, 'Utkast')).toBeGreaterThanOrEqual(pages)
    expect(info).toMatch(/^Title:\s+Referat fra møte i Sámediggi$/m)
    expect(info).toMatch(/^Author:\s+Sámediggi$/m)
    expect(info).toMatch(/^Subject:\s+Referat fra møte 2\/2024 \(utkast\)$/m)
    expect(info).toMatch(/^Tagged:\s+yes$/m)
    expect(info).toMatch(/^Encrypted:\s+no$/m)
    expect(info).toMatch(/^PDF version:\s+1\.7$/m)

    const fonts = run('pdffonts').trim().split('\n').slice(2)
    expect(fonts.length).toBeGreaterThanOrEqual(2)
    for (const line of fonts) {
      // name type(s) encoding emb sub uni object-id generation
      expect(line).toMatch(/^[A-Z]{6}\+NotoSans-\S+\s.*\syes\s+yes\s+yes\s+\d+\s+\d+$/)
    }

    const xmp = run('pdfinfo', '-meta')
    expect(xmp).toMatch(/<pdfaid:part>2<\/pdfaid:part>/)
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/)
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Referat fra møte i Sámediggi</rdf:li>')
    expect(xmp).toContain('<rdf:li>Sámediggi</rdf:li>')
    expect(Buffer.from(await exportOf('pdf')).toString('latin1')).toContain('/Lang (nb-NO)')

    // Approval (close first) turns the running header to Godkjent and prints where and when.
    const post = (what: string, body: unknown) => api(server.url, 'POST', `/api/meetings/${meeting.id}/${what}`, { token: chair.token, body })
    expect((await post('close', {})).status).toBe(200)
    expect((await post('approve', { approvedInMeeting: 'møte 3/2024' })).status).toBe(201)
    writeFileSync(file, await exportOf('pdf'))
    const approved = run('pdftotext', '-enc', 'UTF-8')
    expect(count(approved, 'Utkast')).toBe(0)
    expect(count(approved, 'Godkjent')).toBeGreaterThanOrEqual(pages)
    expect(squeeze(approved)).toMatch(/Godkjent i møte 3\/2024, \d{1,2}\. \p{L}+ \d{4}/u)
    expect(run('pdfinfo')).toMatch(/^Subject:\s+Referat fra møte 2\/2024 \(godkjent\)$/m)
  })
})
