// The exports without heavy dependencies, for modules loaded at start (the PDF and Word
// writers pull in pdfkit and docx: import them where used, see http/exportApi.ts).
export { toReferatModel, plainText, sakHeading, actionSuffix, attendanceGroupLabel, languageOf, labelsOf } from './model'
export { exportLabels, BOKMAL_LABELS, type ExportKey, type ExportLabels } from './labels'
export type { ReferatModel, Sak, Block, Run, Attendee, AttendanceGroup, AgendaRow, ActionPoint, HeaderRow, Approval } from './model'
export {
  PROPOSAL_LABEL,
  VEDTAK_LABEL,
  approvalLine,
  checksumLine,
  formatOsloMoment,
  osloParts,
  statusText,
  type ActionFollowUp,
  type ConfirmationRecord,
  type ConfirmedBy,
  type RecordFacts,
  type ReferatStatus,
  type RenderOptions,
  type SealInfo,
  type VedtakStatus,
} from './record'
export { toJson, toJsonObject, REFERAT_JSON_FORMAT, type ReferatJson, type ReferatVersion } from './json'
export { toMarkdown, escapeMarkdown } from './markdown'
export { toHtml, escapeHtml } from './html'
