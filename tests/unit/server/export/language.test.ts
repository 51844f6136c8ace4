import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { hashDecisionText, minutesSchema, type MeetingSummary } from '../../../../shared'
import type { Language } from '../../../../shared/i18n/languages'
import type { Actor, Confirmation } from '../../../../shared/register'
import { exportLabels, toDocx, toHtml, toJson, toMarkdown, toPdf, toReferatModel, type RecordFacts, type SealInfo } from '../../../../server/export'
import { seed003 } from '../../../fixtures/seed003'
import { docxText, pdfText } from '../../../helpers/documentText'

// Issue 16: every export of a nynorsk or English meeting says its fixed words in that language;
// a bokmål meeting's exports stay as they were (the other export tests).

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
const SEAL: SealInfo = { sha256: 'a3f1'.repeat(16), approvedAt: '2023-11-15T13:30:00.000Z', approvedIn: '4/2023' }

/** Seed 003 with its first vedtak still the innkalling's unchanged proposal, and a title-less header. */
function proposalDoc() {
  const json = structuredClone(seed003)
  const sak = json.content![2]
  const decision = sak.content!.find((c) => c.type === 'decision')!
  const text = decision.content!.map((p) => (p.content ?? []).map((t) => t.text ?? '').join('')).join('\n\n')
  decision.attrs = { ...decision.attrs, proposedTextHash: hashDecisionText(text) }
  return minutesSchema.nodeFromJSON(json)
}

const doc = proposalDoc()
const chair: Actor = { tokenId: 'tok1', role: 'møteleder', name: 'Kari Nordmann', org: null, verified: true }

/** The second sak's vedtak, confirmed by the chair at 10.12 on the meeting day. */
function confirmationOfSecondSak(language: Language): Confirmation {
  const sak = toReferatModel(doc, meeting, { language }).saker[1]
  const text = sak.vedtak!.map((p) => p.map((r) => r.text).join('')).join('\n\n')
  return { agendaItemId: sak.id!, textHash: hashDecisionText(text), text, by: chair, at: '2023-10-04T08:12:00.000Z' }
}

function modelIn(language: Language, extra: RecordFacts = {}) {
  return toReferatModel(doc, meeting, { language, confirmations: [confirmationOfSecondSak(language)], ...extra })
}

const stylesXml = (bytes: Uint8Array) => strFromU8(unzipSync(bytes)['word/styles.xml'])
const oneLine = (text: string) => text.replace(/\s+/g, ' ')

/** What each language must say, in every format that prints it. */
const EXPECTED = {
  nn: {
    words: ['Til stades', 'Ikkje til stades', 'Stadfortredar', 'Medlemer', 'Stad', 'Innspel:', 'Aksjonspunkt:', 'Framlegg til vedtak (ikkje handsama):', 'Vedtak:'],
    confirmed: 'Stadfesta av møteleiar Kari Nordmann (innlogga) 4. oktober 2023 kl. 10.12',
    notAbsent: ['Ikke til stede', 'Aksjonspunkter:', 'Forslag til vedtak', 'Innspill:', 'Bekreftet av'],
    status: 'Utkast',
    approval: 'Godkjent i møte 4/2023, 15. november 2023',
    checksum: `Kontrollsum (SHA-256) for den godkjende versjonen: ${SEAL.sha256}`,
    pages: /Side 1 av (\d+)/,
    locale: 'nn-NO',
  },
  en: {
    words: ['Present', 'Absent', 'Substitutes', 'Members', 'Place', 'Comments:', 'Action points:', 'Proposed decision (not dealt with):', 'Decision:'],
    confirmed: 'Confirmed by chair Kari Nordmann (signed in) 4 October 2023 at 10.12',
    notAbsent: ['Til stede', 'Aksjonspunkter:', 'Forslag til vedtak', 'Innspill:', 'Bekreftet av', 'Medlemmer'],
    status: 'Draft',
    approval: 'Approved in meeting 4/2023, 15 November 2023',
    checksum: `Checksum (SHA-256) of the approved version: ${SEAL.sha256}`,
    pages: /Page 1 of (\d+)/,
    locale: 'en-GB',
  },
} as const

describe('the export words per language', () => {
  it('formats dates with Intl in the language: 4. oktober 2023 (nb, nn), 4 October 2023 (en)', () => {
    expect(exportLabels('nb').date('2023-10-04')).toBe('4. oktober 2023')
    expect(exportLabels('nn').date('2023-10-04')).toBe('4. oktober 2023')
    expect(exportLabels('en').date('2023-10-04')).toBe('4 October 2023')
    expect(exportLabels('en').date('not a date')).toBe('not a date')
    expect(exportLabels('xx').language).toBe('nb')
  })

  it('a model without a language is bokmål, and says so', () => {
    const model = toReferatModel(doc, meeting)
    expect(model.language).toBe('nb')
    expect(toHtml(model)).toContain('<html lang="nb">')
    expect(model.attendance.map((g) => g.label)).toEqual(['Til stede', 'Ikke til stede', 'Stedfortreder', 'Sekretariat'])
  })
})

for (const language of ['nn', 'en'] as const) {
  const expected = EXPECTED[language]
  describe(`a ${language === 'nn' ? 'nynorsk' : 'English'} meeting's exports`, () => {
    const model = modelIn(language)

    it('the model: labels, lines and dates in the language, the language recorded', () => {
      expect(model.language).toBe(language)
      expect(model.saker[0].vedtakLabel).toBe(expected.words[7].replace(/:$/, ''))
      expect(model.saker[1].confirmationDisplay).toBe(expected.confirmed)
      expect(model.header.find((r) => r.field === 'meetingDate')!.value).toBe('4. oktober 2023') // as written in the minutes
      const approved = modelIn(language, { approvedAt: SEAL.approvedAt, approvedInMeeting: '4/2023' })
      expect(approved.approval!.display).toBe(expected.approval)
    })

    it('HTML: lang attribute and every label', () => {
      const html = toHtml(model)
      expect(html).toContain(`<html lang="${language}">`)
      for (const word of expected.words) expect(html).toContain(word)
      expect(html).toContain(expected.confirmed)
      expect(html).toContain(`</strong> ${expected.status}</p>`)
      for (const word of expected.notAbsent) expect(html).not.toContain(word)
    })

    it('Markdown: every label, the approval and the checksum of a seal', () => {
      const md = toMarkdown(model, { seal: SEAL })
      for (const word of expected.words) expect(md).toContain(word)
      expect(md).toContain(expected.approval)
      expect(md).toContain(expected.checksum)
      for (const word of expected.notAbsent) expect(md).not.toContain(word)
    })

    it('JSON: the language, and the labels as printed', () => {
      const json = JSON.parse(toJson(model, meeting))
      expect(json.language).toBe(language)
      expect(json.attendance[0].label).toBe(expected.words[0])
      expect(json.status).toBe('Utkast') // a code, not a printed word
    })

    it('DOCX: every label, and the document language', async () => {
      const bytes = await toDocx(model)
      const text = docxText(bytes)
      for (const word of expected.words) expect(text).toContain(word)
      expect(text).toContain(expected.confirmed)
      for (const word of expected.notAbsent) expect(text).not.toContain(word)
      expect(stylesXml(bytes)).toContain(`w:val="${expected.locale}"`)
    })

    it('PDF: every label, the page footer, and /Lang', async () => {
      const bytes = await toPdf(model, { createdAt: '2023-10-04T12:00:00.000Z' })
      expect(Buffer.from(bytes).toString('latin1')).toContain(`/Lang (${expected.locale})`)
      const text = oneLine(await pdfText(bytes))
      for (const word of expected.words) expect(text).toContain(word)
      const pages = expected.pages.exec(text)
      expect(Number(pages?.[1])).toBeGreaterThan(1)
      if (language === 'en') expect(text).not.toMatch(/Side \d+ av \d+/)
      for (const word of expected.notAbsent) expect(text).not.toContain(word)
    }, 30_000) // loading the fonts and pdf.js takes seconds on a shared machine
  })
}
