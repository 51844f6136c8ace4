// The exports without heavy dependencies, for modules loaded at start (the PDF and Word
// writers pull in pdfkit and docx: import them where used, see http/exportApi.ts).
export { toReferatModel, plainText, sakHeading, actionSuffix } from './model'
export type { RenderOptions, SealInfo } from './model'
export type { ReferatModel, Sak, Block, Run, Attendee, AttendanceGroup, AgendaRow, ActionPoint, HeaderRow } from './model'
export { toJson, toJsonObject, REFERAT_JSON_FORMAT, type ReferatApproval, type ReferatJson } from './json'
export { toMarkdown, escapeMarkdown } from './markdown'
export { toHtml, escapeHtml } from './html'
