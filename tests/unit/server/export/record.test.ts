import { describe, expect, it } from 'vitest'
import { hashDecisionText, minutesSchema, type MeetingSummary } from '../../../../shared'
import type { Actor, Confirmation } from '../../../../shared/register'
import {
  approvalLine,
  formatOsloMoment,
  toDocx,
  toHtml,
  toJson,
  toMarkdown,
  toPdf,
  toReferatModel,
  type SealInfo,
} from '../../../../server/export'
import { seed003 } from '../../../fixtures/seed003'
import { docxText, pdfText, withoutPageFurniture } from '../../../helpers/documentText'

const meeting: MeetingSummary = {
  id: 'AbCdEfGhIjKlMnOp',
  organ: 'Nasjonalt e-helseråd',
  title: '',
  number: '3/2023',
  date: '2023-10-04',
  time: 'Kl. 09.00 – 15.00',
  place: 'Scandic Grand Tromsø',
  createdAt: '2023-10-01T08:00:00.000Z',
}
const SEAL: SealInfo = {
  sha256: 'a3f1'.repeat(16),
  approvedAt: '2023-11-15T13:30:00.000Z',
  approvedIn: 'møte 4/2023',
}
const chair = (extra: Partial<Actor> = {}): Actor => ({ tokenId: 'tok1', role: 'møteleder', name: 'Kari Nordmann', org: null, ...extra })
const doc = minutesSchema.nodeFromJSON(seed003)
const firstSak = toReferatModel(doc).saker[0]
const confirmationOf = (text: string, by: Actor = chair()): Confirmation => ({
  agendaItemId: firstSak.id!,
  textHash: hashDecisionText(text),
  text,
  by,
  at: '2023-10-04T08:12:00.000Z',
})
const vedtakText = firstSak.vedtak!.map((p) => p.map((r) => r.text).join('')).join('\n\n')

describe('the record in the export model', () => {
  it('prints moments in Norwegian time, summer and winter, whatever the server zone', () => {
    expect(formatOsloMoment('2023-10-04T08:12:00.000Z')).toBe('4. oktober 2023 kl. 10.12')
    expect(formatOsloMoment('2024-03-01T09:05:00Z')).toBe('1. mars 2024 kl. 10.05')
    expect(formatOsloMoment('2024-03-01T23:30:00Z', '2024-03-01')).toBe('2. mars 2024 kl. 00.30')
    expect(formatOsloMoment('2024-03-01T09:05:00Z', '2024-03-01')).toBe('kl. 10.05')
    expect(formatOsloMoment('not a date')).toBe('')
  })

  it('words the approval whether the approver wrote "møte 4/2023", "4/2023", something else or nothing', () => {
    const at = '2023-11-15T13:30:00.000Z'
    expect(approvalLine(at, 'møte 4/2023')).toBe('Godkjent i møte 4/2023, 15. november 2023')
    expect(approvalLine(at, 'Møte 4/2023')).toBe('Godkjent i møte 4/2023, 15. november 2023')
    expect(approvalLine(at, '4/2023')).toBe('Godkjent i møte 4/2023, 15. november 2023')
    expect(approvalLine(at, 'styremøtet i Tromsø')).toBe('Godkjent i styremøtet i Tromsø, 15. november 2023')
    expect(approvalLine(at, null)).toBe('Godkjent 15. november 2023')
  })

  it('marks a vedtak confirmed by a signed-in chair, and "Endret etter bekreftelse" once its text differs', () => {
    const verified = chair({ verified: true, issuer: 'https://idp.example', subject: 'sub-1' })
    const confirmed = toReferatModel(doc, meeting, { confirmations: [confirmationOf(vedtakText, verified)] }).saker[0]
    expect(confirmed).toMatchObject({ vedtakStatus: 'confirmed', vedtakLabel: 'Vedtak' })
    expect(confirmed.confirmationDisplay).toBe('Bekreftet av møteleder Kari Nordmann (innlogget) 4. oktober 2023 kl. 10.12')
    expect(confirmed.confirmation!.by).toEqual({ name: 'Kari Nordmann', role: 'møteleder', org: null, verified: true })
    expect(JSON.stringify(confirmed)).not.toMatch(/tok1|sub-1|idp\.example/)

    const changed = toReferatModel(doc, meeting, { confirmations: [confirmationOf('Noe annet.', chair({ name: null }))] }).saker[0]
    expect(changed.vedtakStatus).toBe('changed')
    expect(changed.confirmationDisplay).toBe('Endret etter bekreftelse (bekreftet av møteleder 4. oktober 2023 kl. 10.12)')

    const none = toReferatModel(doc, meeting).saker[0]
    expect(none).toMatchObject({ vedtakStatus: 'unconfirmed', confirmation: null, confirmationDisplay: 'Ikke bekreftet' })
    expect(toReferatModel(doc, meeting).saker.at(-1)).toMatchObject({ kind: 'otherBusiness', vedtakStatus: null, confirmationDisplay: null })
  })

  it('heads an untouched proposal "Forslag til vedtak (ikke behandlet)" until it is changed or confirmed', () => {
    const json = structuredClone(seed003)
    const sak = json.content![2]
    const decision = sak.content!.find((c) => c.type === 'decision')!
    decision.attrs = { ...decision.attrs, proposedTextHash: hashDecisionText(vedtakText) }
    const proposal = minutesSchema.nodeFromJSON(json)
    expect(toReferatModel(proposal).saker[0]).toMatchObject({ vedtakStatus: 'proposal', vedtakLabel: 'Forslag til vedtak (ikke behandlet)' })
    const confirmed = toReferatModel(proposal, meeting, { confirmations: [confirmationOf(vedtakText)] }).saker[0]
    expect(confirmed).toMatchObject({ vedtakStatus: 'confirmed', vedtakLabel: 'Vedtak' })
    decision.content![0].content = [{ type: 'text', text: `${vedtakText} Enstemmig.` }]
    expect(toReferatModel(minutesSchema.nodeFromJSON(json)).saker[0]).toMatchObject({ vedtakStatus: 'unconfirmed', vedtakLabel: 'Vedtak' })
  })

  it('is an Utkast until the register records an approval', () => {
    expect(toReferatModel(doc, meeting)).toMatchObject({ status: 'Utkast', approval: null })
    const approved = toReferatModel(doc, meeting, { approvedAt: SEAL.approvedAt, approvedInMeeting: ' 4/2023 ' })
    expect(approved).toMatchObject({
      status: 'Godkjent',
      approval: { approvedAt: SEAL.approvedAt, approvedIn: '4/2023', display: 'Godkjent i møte 4/2023, 15. november 2023' },
    })
  })
})

describe('renderers given a seal', () => {
  const model = toReferatModel(doc, meeting)
  const approvalLineText = 'Godkjent i møte 4/2023, 15. november 2023'
  const checksum = `Kontrollsum (SHA-256) for den godkjente versjonen: ${SEAL.sha256}`

  it('Markdown, HTML and DOCX print Godkjent, the approval and the checksum; without a seal, none of it', async () => {
    const sealed = [toMarkdown(model, { seal: SEAL }), toHtml(model, { seal: SEAL }), docxText(await toDocx(model, { seal: SEAL }))]
    for (const text of sealed) {
      expect(text).toContain('Godkjent')
      expect(text).toContain(approvalLineText)
      expect(text).toContain(checksum)
      expect(text).not.toContain('Utkast')
    }
    const drafts = [toMarkdown(model), toHtml(model), docxText(await toDocx(model))]
    for (const text of drafts) {
      expect(text).toContain('Utkast')
      expect(text).not.toContain('Kontrollsum')
    }
  })

  it('JSON carries the seal as a field, and the status the model has (never rewritten: the seal covers it)', () => {
    const json = JSON.parse(toJson(model, meeting, { seal: SEAL }))
    expect(json).toMatchObject({ format: 'referat/1', status: model.status, seal: SEAL })
    expect(JSON.parse(toJson(model, meeting)).seal).toBeUndefined()
  })

  it('PDF prints the approval, the checksum and Godkjent on every page; a fixed creation date gives the same bytes', async () => {
    const options = { seal: SEAL, createdAt: '2023-11-15T13:30:00.000Z' }
    const bytes = await toPdf(model, options)
    expect(Buffer.from(await toPdf(model, options)).equals(Buffer.from(bytes))).toBe(true)
    const text = await pdfText(bytes) // pdf.js takes the bytes over (their buffer is detached)
    expect(text.replace(/\s+/g, ' ')).toContain(approvalLineText)
    expect(text.replace(/\s+/g, ' ')).toContain(checksum)
    const pages = (text.match(/Side \d+ av (\d+)/g) ?? []).length
    expect(pages).toBeGreaterThan(1)
    expect(text.split('Godkjent').length - 1).toBeGreaterThanOrEqual(pages)
    expect(text).not.toContain('Utkast')
    expect(withoutPageFurniture(text)).not.toMatch(/^Side \d+ av \d+$/m)
  })
})
