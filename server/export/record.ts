import type { Role } from '../../shared/auth'
import type { Language } from '../../shared/i18n/languages'
import type { Actor, Confirmation } from '../../shared/register'
import { BOKMAL_LABELS, type ExportKey, type ExportLabels } from './labels'

/**
 * What the register knows that the minutes do not: the chair's confirmations and the approval.
 * `toReferatModel` reads it to print each vedtak's status and the referat's status; without it
 * every vedtak is "Ikke bekreftet" and the referat an "Utkast".
 */
export interface RecordFacts {
  /** The register's confirmations (one per agenda item id, the latest). */
  readonly confirmations?: readonly Confirmation[]
  /** When the referat was approved (ISO), null or absent while it is not. */
  readonly approvedAt?: string | null
  /** Where it was approved, as the approver wrote it ("møte 4/2023"). */
  readonly approvedInMeeting?: string | null
  /**
   * The organ's follow-up status of the minutes' aksjonspunkter by item id (issue 15); absent:
   * not printed (a sealed export keeps what was approved, the status goes on changing after).
   */
  readonly followUps?: ReadonlyMap<string, ActionFollowUp>
  /** The meeting's language (the register's `meeting.language`); bokmål when absent. */
  readonly language?: Language
}

/** "Status: utført 2. mars 2026 (Siri Sekretær)", "Status: åpen 3. mars 2026": an aksjonspunkt's follow-up, as printed. */
export function followUpText(followUp: ActionFollowUp, labels: ExportLabels = BOKMAL_LABELS): string {
  const when = followUp.changedAt ? osloParts(followUp.changedAt)?.date : null
  const by = followUp.changedBy ? ` (${followUp.changedBy})` : ''
  return `${labels.t('export.followUp.status', { status: followUp.status })}${when ? ` ${labels.date(when)}` : ''}${by}`
}

/** Where an aksjonspunkt stands in the organ's follow-up list, as an export prints it. */
export interface ActionFollowUp {
  readonly status: 'open' | 'done'
  /** When and by whom the status was last changed (ISO time); null while never changed. */
  readonly changedAt: string | null
  readonly changedBy: string | null
}

/**
 * The seal of an approved version (issue 12): the SHA-256 of the canonical JSON stored on
 * approval. When a renderer is given one, it prints the approval and the checksum (the JSON
 * export carries it as the `seal` field).
 */
export interface SealInfo {
  /** SHA-256 of the sealed canonical JSON, 64 lowercase hex digits. */
  readonly sha256: string
  /** When the version was approved, ISO timestamp. */
  readonly approvedAt: string
  /** Where it was approved, as written on approval ("møte 4/2023"); null or absent when not given. */
  readonly approvedIn?: string | null
  /** The sealed version, when known. */
  readonly versionId?: string | null
  readonly versionName?: string | null
}

/** The optional last argument of every renderer. */
export interface RenderOptions {
  readonly seal?: SealInfo | null
  /**
   * The PDF's creation date (ISO timestamp); now when absent. Fixed, it makes the PDF a function
   * of the model and the options: the same sealed version renders to the same bytes.
   */
  readonly createdAt?: string | null
}

/** The status a referat prints in its running header: a draft until approved (a code: printed translated, see statusText). */
export type ReferatStatus = 'Utkast' | 'Godkjent'

/** The status as printed in `labels`' language: "Utkast", "Godkjent"; "Draft", "Approved". */
export function statusText(status: ReferatStatus, labels: ExportLabels = BOKMAL_LABELS): string {
  return status === 'Godkjent' ? labels.t('export.status.approved') : labels.t('export.status.draft')
}

/**
 * A vedtak as a record: `proposal` is the innkalling's "Forslag til vedtak", unchanged and never
 * confirmed; `unconfirmed` was changed (or typed) but not confirmed; `confirmed` hashes to what
 * the chair confirmed; `changed` was confirmed, then its text changed.
 */
export type VedtakStatus = 'proposal' | 'unconfirmed' | 'confirmed' | 'changed'

/** The heading over a vedtak that is still the unchanged proposal (bokmål; see ExportLabels for the others). */
export const PROPOSAL_LABEL = BOKMAL_LABELS.t('export.vedtak.proposal')
export const VEDTAK_LABEL = BOKMAL_LABELS.t('export.vedtak.label')

/** Who confirmed, as an export may show it (no token ids or identity-provider subjects). */
export interface ConfirmedBy {
  readonly name: string | null
  readonly role: Role
  readonly org: string | null
  /** True when the person was signed in with the identity provider (the name is the provider's). */
  readonly verified: boolean
}

/** The chair's confirmation of a vedtak, as exported. */
export interface ConfirmationRecord {
  readonly by: ConfirmedBy
  /** ISO timestamp. */
  readonly at: string
  /** SHA-256 (hex) of the confirmed text (docs/EXPORT_FORMAT.md, decisionText). */
  readonly textHash: string
  /** The confirmed text: differs from the vedtak printed when the status is `changed`. */
  readonly text: string
}

const OSLO = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Oslo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** The Norwegian wall-clock date ("2023-10-04") and time ("10.12") of an instant; null when not a date. */
export function osloParts(iso: string): { date: string; time: string } | null {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return null
  const part = (type: string) => OSLO.formatToParts(at).find((p) => p.type === type)?.value ?? ''
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}.${part('minute')}` }
}

/**
 * "4. oktober 2023 kl. 10.12" in Norwegian time (Europe/Oslo, whatever the server's zone);
 * just "kl. 10.12" when the instant falls on `sameDayAs` (an ISO date). '' for a bad timestamp.
 * In English: "4 October 2023 at 10.12", "at 10.12".
 */
export function formatOsloMoment(iso: string, sameDayAs?: string | null, labels: ExportLabels = BOKMAL_LABELS): string {
  const parts = osloParts(iso)
  if (!parts) return ''
  if (sameDayAs && parts.date === sameDayAs) return labels.t('export.moment.time', { time: parts.time })
  return labels.t('export.moment.dateTime', { date: labels.date(parts.date), time: parts.time })
}

export function confirmedBy(actor: Actor): ConfirmedBy {
  return { name: actor.name, role: actor.role, org: actor.org, verified: actor.verified === true }
}

/** Each role as an export names it, in lower case ("møteleder Kari Nordmann"). */
const ROLE_KEYS: Readonly<Record<Role, ExportKey>> = {
  sekretær: 'export.role.secretary',
  møteleder: 'export.role.chair',
  medlem: 'export.role.member',
  observatør: 'export.role.observer',
}

/** "møteleder Kari Nordmann (innlogget)": the role in lower case, the name, and whether signed in. */
function byLine(by: ConfirmedBy, labels: ExportLabels): string {
  const key = ROLE_KEYS[by.role] as ExportKey | undefined
  const role = key ? labels.t(key) : by.role
  return `${role}${by.name ? ` ${by.name}` : ''}${by.verified ? ` ${labels.t('export.confirmation.signedIn')}` : ''}`
}

/**
 * The line printed under a vedtak: "Bekreftet av møteleder Kari Nordmann (innlogget) 4. oktober
 * 2023 kl. 10.12", "Ikke bekreftet", or "Endret etter bekreftelse (bekreftet av ... )".
 */
export function confirmationLine(status: VedtakStatus, confirmation: ConfirmationRecord | null, labels: ExportLabels = BOKMAL_LABELS): string {
  if ((status === 'confirmed' || status === 'changed') && confirmation) {
    const values = { by: byLine(confirmation.by, labels), when: formatOsloMoment(confirmation.at, null, labels) }
    return labels.t(status === 'confirmed' ? 'export.confirmation.confirmed' : 'export.confirmation.changed', values)
  }
  return labels.t('export.confirmation.none')
}

/** "Startet kl. 10.12, avsluttet kl. 10.40." (the date too when not the meeting's); null when neither is recorded. */
export function sakTimesLine(
  startedAt: string | null,
  endedAt: string | null,
  meetingDate: string | null,
  planned: { readonly start: string | null; readonly end: string | null } = { start: null, end: null },
  labels: ExportLabels = BOKMAL_LABELS,
): string | null {
  const start = startedAt ? formatOsloMoment(startedAt, meetingDate, labels) : ''
  const end = endedAt ? formatOsloMoment(endedAt, meetingDate, labels) : ''
  const clock = (hhmm: string) => hhmm.replace(':', '.')
  const plannedLine =
    planned.start && planned.end
      ? labels.t('export.times.planned', { start: clock(planned.start), end: clock(planned.end) })
      : planned.start
        ? labels.t('export.times.plannedStart', { start: clock(planned.start) })
        : planned.end
          ? labels.t('export.times.plannedEnd', { end: clock(planned.end) })
          : ''
  const actual =
    start && end
      ? labels.t('export.times.startedEnded', { start, end })
      : start
        ? labels.t('export.times.started', { start })
        : end
          ? labels.t('export.times.ended', { end })
          : ''
  const line = [plannedLine, actual].filter(Boolean).join(' ')
  return line || null
}

/** "Godkjent i møte 4/2023, 15. november 2023" (or "Godkjent 15. november 2023" without where). */
export function approvalLine(approvedAt: string, approvedIn: string | null | undefined, labels: ExportLabels = BOKMAL_LABELS): string {
  const date = osloParts(approvedAt)?.date
  const when = date ? labels.date(date) : approvedAt
  const where = approvedIn?.trim()
  if (!where) return labels.t('export.approval.on', { date: when })
  // The approver may have written "møte 4/2023" or just "4/2023".
  const place = /^møte\b/i.test(where)
    ? where.replace(/^Møte/, 'møte')
    : /^\d/.test(where)
      ? labels.t('export.approval.meeting', { number: where })
      : where
  return labels.t('export.approval.in', { place, date: when })
}

/** "Kontrollsum (SHA-256) for den godkjente versjonen: <hex>". */
export function checksumLine(seal: SealInfo, labels: ExportLabels = BOKMAL_LABELS): string {
  return labels.t('export.checksum', { sha256: seal.sha256 })
}

/** What a renderer prints about the approval: the seal's when given, else the model's. */
export function approvalOf(
  model: { readonly approval: { readonly display: string } | null },
  options?: RenderOptions,
  labels: ExportLabels = BOKMAL_LABELS,
): { line: string; checksum: string | null } | null {
  if (options?.seal) {
    return { line: approvalLine(options.seal.approvedAt, options.seal.approvedIn, labels), checksum: checksumLine(options.seal, labels) }
  }
  return model.approval ? { line: model.approval.display, checksum: null } : null
}

/** The status printed in the running header: Godkjent with a seal or an approval, else Utkast. */
export function statusOf(model: { readonly status: ReferatStatus }, options?: RenderOptions): ReferatStatus {
  return options?.seal ? 'Godkjent' : model.status
}
