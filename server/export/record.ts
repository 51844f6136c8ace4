import { ROLE_INFO, type Role } from '../../shared/auth'
import { formatNorwegianDate } from '../../shared/minutes'
import type { Actor, Confirmation } from '../../shared/register'

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
}

/** "Status: utført 2. mars 2026 (Siri Sekretær)", "Status: åpen 3. mars 2026": an aksjonspunkt's follow-up, as printed. */
export function followUpText(followUp: ActionFollowUp): string {
  const when = followUp.changedAt ? osloParts(followUp.changedAt)?.date : null
  const by = followUp.changedBy ? ` (${followUp.changedBy})` : ''
  return `Status: ${followUp.status === 'done' ? 'utført' : 'åpen'}${when ? ` ${formatNorwegianDate(when)}` : ''}${by}`
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

/** The status a referat prints in its running header: a draft until approved. */
export type ReferatStatus = 'Utkast' | 'Godkjent'

/**
 * A vedtak as a record: `proposal` is the innkalling's "Forslag til vedtak", unchanged and never
 * confirmed; `unconfirmed` was changed (or typed) but not confirmed; `confirmed` hashes to what
 * the chair confirmed; `changed` was confirmed, then its text changed.
 */
export type VedtakStatus = 'proposal' | 'unconfirmed' | 'confirmed' | 'changed'

/** The heading over a vedtak that is still the unchanged proposal. */
export const PROPOSAL_LABEL = 'Forslag til vedtak (ikke behandlet)'
export const VEDTAK_LABEL = 'Vedtak'

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
 */
export function formatOsloMoment(iso: string, sameDayAs?: string | null): string {
  const parts = osloParts(iso)
  if (!parts) return ''
  if (sameDayAs && parts.date === sameDayAs) return `kl. ${parts.time}`
  return `${formatNorwegianDate(parts.date)} kl. ${parts.time}`
}

export function confirmedBy(actor: Actor): ConfirmedBy {
  return { name: actor.name, role: actor.role, org: actor.org, verified: actor.verified === true }
}

/** "møteleder Kari Nordmann (innlogget)": the role in lower case, the name, and whether signed in. */
function byLine(by: ConfirmedBy): string {
  const role = ROLE_INFO[by.role]?.label.toLowerCase() ?? by.role
  return `${role}${by.name ? ` ${by.name}` : ''}${by.verified ? ' (innlogget)' : ''}`
}

/**
 * The line printed under a vedtak: "Bekreftet av møteleder Kari Nordmann (innlogget) 4. oktober
 * 2023 kl. 10.12", "Ikke bekreftet", or "Endret etter bekreftelse (bekreftet av ... )".
 */
export function confirmationLine(status: VedtakStatus, confirmation: ConfirmationRecord | null): string {
  if (status === 'confirmed' && confirmation) return `Bekreftet av ${byLine(confirmation.by)} ${formatOsloMoment(confirmation.at)}`
  if (status === 'changed' && confirmation) {
    return `Endret etter bekreftelse (bekreftet av ${byLine(confirmation.by)} ${formatOsloMoment(confirmation.at)})`
  }
  return 'Ikke bekreftet'
}

/** "Startet kl. 10.12, avsluttet kl. 10.40." (the date too when not the meeting's); null when neither is recorded. */
export function sakTimesLine(
  startedAt: string | null,
  endedAt: string | null,
  meetingDate: string | null,
  planned: { readonly start: string | null; readonly end: string | null } = { start: null, end: null },
): string | null {
  const start = startedAt ? formatOsloMoment(startedAt, meetingDate) : ''
  const end = endedAt ? formatOsloMoment(endedAt, meetingDate) : ''
  const clock = (hhmm: string) => hhmm.replace(':', '.')
  const plannedLine =
    planned.start && planned.end
      ? `Planlagt kl. ${clock(planned.start)}–${clock(planned.end)}.`
      : planned.start
        ? `Planlagt kl. ${clock(planned.start)}.`
        : planned.end
          ? `Planlagt slutt kl. ${clock(planned.end)}.`
          : ''
  const actual = start && end ? `Startet ${start}, avsluttet ${end}.` : start ? `Startet ${start}.` : end ? `Avsluttet ${end}.` : ''
  const line = [plannedLine, actual].filter(Boolean).join(' ')
  return line || null
}

/** "Godkjent i møte 4/2023, 15. november 2023" (or "Godkjent 15. november 2023" without where). */
export function approvalLine(approvedAt: string, approvedIn: string | null | undefined): string {
  const date = osloParts(approvedAt)?.date
  const when = date ? formatNorwegianDate(date) : approvedAt
  const where = approvedIn?.trim()
  if (!where) return `Godkjent ${when}`
  // The approver may have written "møte 4/2023" or just "4/2023".
  const place = /^møte\b/i.test(where) ? where.replace(/^Møte/, 'møte') : /^\d/.test(where) ? `møte ${where}` : where
  return `Godkjent i ${place}, ${when}`
}

/** "Kontrollsum (SHA-256) for den godkjente versjonen: <hex>". */
export function checksumLine(seal: SealInfo): string {
  return `Kontrollsum (SHA-256) for den godkjente versjonen: ${seal.sha256}`
}

/** What a renderer prints about the approval: the seal's when given, else the model's. */
export function approvalOf(
  model: { readonly approval: { readonly display: string } | null },
  options?: RenderOptions,
): { line: string; checksum: string | null } | null {
  if (options?.seal) return { line: approvalLine(options.seal.approvedAt, options.seal.approvedIn), checksum: checksumLine(options.seal) }
  return model.approval ? { line: model.approval.display, checksum: null } : null
}

/** The status printed in the running header: Godkjent with a seal or an approval, else Utkast. */
export function statusOf(model: { readonly status: ReferatStatus }, options?: RenderOptions): ReferatStatus {
  return options?.seal ? 'Godkjent' : model.status
}
