import { createHash } from 'node:crypto'
import { zipSync } from 'fflate'
import type { MeetingSummary } from '../../shared/minutes'
import { attendanceGroupLabel, type ReferatModel } from '../export/light'
import type { SealRecord } from '../persistence'
import { archiveFieldsFor, type ArchiveMetadata } from './archiveMetadata'
import { fileSha256 } from './sealing'

/**
 * The Noark 5 (v5.0) archive package of an approved referat: `arkivstruktur.xml` (valid against
 * the National Archives' arkivstruktur.xsd) and the archival PDF under `dokumenter/`. One arkiv
 * with one arkivdel holding one moetemappe: a moeteregistrering "Møteprotokoll" carrying the
 * referat as its main document, then one moeteregistrering per sak. docs/EXPORT_FORMAT.md,
 * "Noark 5 archive package".
 */

const NAMESPACE = 'http://www.arkivverket.no/standarder/noark5/arkivstruktur'
const XSI = 'http://www.w3.org/2001/XMLSchema-instance'
/** PRONOM id of PDF/A-2b (what server/export/pdf.ts writes). */
const PDFA_2B_PRONOM = 'fmt/477'
const SYSTEM_NAME = 'Referat'

/** Text as XML character data: escaped, and without characters XML 1.0 forbids. */
export function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  )
}

/** A stable UUID (Noark's systemID) for `parts`: the same meeting gives the same ids in every package. */
export function stableUuid(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex')
  // RFC 9562 version 8 (custom), variant 10.
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`
}

/** An element with text, or '' when the text is empty (for optional elements). */
const el = (name: string, text: string | null | undefined): string => (text ? `<${name}>${xmlText(text)}</${name}>` : '')
/** An element that must be there: empty text becomes `fallback`. */
const req = (name: string, text: string | null | undefined, fallback: string): string => `<${name}>${xmlText(text || fallback)}</${name}>`

/** The package's contents, for the XML: the PDF's name, size and SHA-256. */
export interface PackagedPdf {
  readonly path: string
  readonly sizeBytes: number
  readonly sha256: string
}

function headerValue(model: ReferatModel, field: string): string {
  return model.header.find((h) => h.field === field)?.value ?? ''
}

function participants(model: ReferatModel): string {
  return model.attendance
    .flatMap((group) =>
      group.attendees.map((a) => {
        // Noark metadata is Norwegian whatever the meeting's language (its code values are the
        // standard's); the group's bokmål label, not the printed one, keeps it in one language.
        const fn = [attendanceGroupLabel(group.group), a.substituteFor ? `for ${a.substituteFor}` : '', a.remote ? 'digitalt' : '', a.arrivedAt ? `kom kl. ${a.arrivedAt}` : '']
          .filter(Boolean)
          .join(', ')
        return `<moetedeltaker>${req('moetedeltakerNavn', a.text, '-')}${el('moetedeltakerFunksjon', fn)}</moetedeltaker>`
      }),
    )
    .join('')
}

/** The Noark 5 arkivstruktur.xml of an approved referat (UTF-8 text). */
export function arkivstrukturXml(meeting: MeetingSummary, model: ReferatModel, seal: SealRecord, pdf: PackagedPdf, metadata: ArchiveMetadata): string {
  const fields = archiveFieldsFor(metadata, meeting.organ)
  const id = (...parts: string[]) => `<systemID>${stableUuid('referat', meeting.id, ...parts)}</systemID>`
  const at = seal.approvedAt
  const approver = seal.approvedByName || 'Sekretariatet'
  const created = `<opprettetDato>${at}</opprettetDato>${req('opprettetAv', approver, SYSTEM_NAME)}`
  const closed = `<avsluttetDato>${at}</avsluttetDato>${req('avsluttetAv', approver, SYSTEM_NAME)}`
  const archived = `<arkivertDato>${at}</arkivertDato>${req('arkivertAv', approver, SYSTEM_NAME)}`
  const unit = req('administrativEnhet', fields.administrativEnhet ?? meeting.organ, 'Sekretariatet')
  const caseworker = req('saksbehandler', fields.saksbehandler ?? seal.approvedByName, 'Sekretariatet')
  const number = headerValue(model, 'meetingNumber') || meeting.number || meeting.id
  const place = headerValue(model, 'meetingPlace') || meeting.place
  const document =
    `<dokumentbeskrivelse>${id('dokument')}<dokumenttype>Møteprotokoll</dokumenttype>` +
    `<dokumentstatus>Dokumentet er ferdigstilt</dokumentstatus>${req('tittel', model.title, 'Referat')}${created}` +
    `<tilknyttetRegistreringSom>Hoveddokument</tilknyttetRegistreringSom><dokumentnummer>1</dokumentnummer>` +
    `<tilknyttetDato>${at}</tilknyttetDato>${req('tilknyttetAv', approver, SYSTEM_NAME)}` +
    `<dokumentobjekt>${id('dokumentobjekt')}<versjonsnummer>1</versjonsnummer><variantformat>Arkivformat</variantformat>` +
    `<format>${PDFA_2B_PRONOM}</format><formatDetaljer>PDF/A-2b</formatDetaljer>${created}` +
    `${req('referanseDokumentfil', pdf.path, 'referat.pdf')}<sjekksum>${pdf.sha256}</sjekksum>` +
    `<sjekksumAlgoritme>SHA256</sjekksumAlgoritme><filstoerrelse>${pdf.sizeBytes}</filstoerrelse></dokumentobjekt>` +
    `</dokumentbeskrivelse>`
  const protocol =
    `<registrering xsi:type="moeteregistrering">${id('protokoll')}${created}${archived}${document}` +
    `${req('tittel', model.title, 'Referat')}${el('beskrivelse', `Godkjent ${seal.approvedIn ?? ''}`.trim() + `. Forseglet med SHA-256 ${seal.sha256}.`)}` +
    `<moeteregistreringstype>Møteprotokoll</moeteregistreringstype><moeteregistreringsstatus>Godkjent</moeteregistreringsstatus>${unit}${caseworker}</registrering>`
  const saker = model.saker
    .map((sak, i) => {
      const vedtak = sak.vedtak?.map((p) => p.map((r) => r.text).join('')).join('\n\n') ?? ''
      const heading = sak.number ? `${sak.number} ${sak.title}` : sak.title
      return (
        `<registrering xsi:type="moeteregistrering">${id('sak', sak.id ?? String(i))}${created}${archived}` +
        `${el('registreringsID', sak.number)}${req('tittel', heading, `Sak ${i + 1}`)}${el('beskrivelse', vedtak)}` +
        `<moeteregistreringstype>Utvalgsbehandling</moeteregistreringstype>` +
        `${el('moetesakstype', sak.kind === 'otherBusiness' ? 'Eventuelt' : sak.caseType)}` +
        `<moeteregistreringsstatus>${sak.vedtakIsUnchangedProposal ? 'Forslag til vedtak (ikke behandlet)' : 'Behandlet'}</moeteregistreringsstatus>` +
        `${unit}${caseworker}</registrering>`
      )
    })
    .join('')
  const folder =
    `<mappe xsi:type="moetemappe">${id('moetemappe')}${req('mappeID', number, meeting.id)}${req('tittel', model.title, 'Referat')}` +
    `${created}${closed}${protocol}${saker}` +
    `${req('moetenummer', number, meeting.id)}${req('utvalg', model.organ || meeting.organ, 'Ukjent utvalg')}<moetedato>${meeting.date}</moetedato>` +
    `${el('moetested', place)}${participants(model)}</mappe>`
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<arkiv xmlns="${NAMESPACE}" xmlns:xsi="${XSI}">${id('arkiv')}` +
    `${req('tittel', fields.arkivTittel, 'Referater')}${created}${closed}` +
    `<arkivskaper>${req('arkivskaperID', fields.arkivskaperId, 'referat')}${req('arkivskaperNavn', fields.arkivskaperNavn ?? meeting.organ, SYSTEM_NAME)}</arkivskaper>` +
    `<arkivdel>${id('arkivdel')}${req('tittel', fields.arkivdelTittel, 'Møtebøker')}<arkivdelstatus>Avsluttet periode</arkivdelstatus>` +
    `${created}${closed}${folder}</arkivdel></arkiv>\n`
  )
}

/**
 * The zip of an approved referat's archive package: `arkivstruktur.xml` and `dokumenter/<pdfName>`.
 * Entries carry the approval time, so the same PDF gives the same package.
 */
export function noark5Package(meeting: MeetingSummary, model: ReferatModel, seal: SealRecord, pdfName: string, pdfBytes: Uint8Array, metadata: ArchiveMetadata): { zip: Uint8Array; xml: string } {
  const path = `dokumenter/${pdfName}`
  const xml = arkivstrukturXml(meeting, model, seal, { path, sizeBytes: pdfBytes.byteLength, sha256: fileSha256(pdfBytes) }, metadata)
  const mtime = new Date(seal.approvedAt)
  const zip = zipSync(
    {
      'arkivstruktur.xml': [new TextEncoder().encode(xml), { level: 6, mtime }],
      // A PDF is compressed already.
      [path]: [pdfBytes, { level: 0, mtime }],
    },
    {},
  )
  return { zip, xml }
}
