import { ERROR_PARAMS, isErrorCode, type ErrorCode, type ErrorDetail } from '../../shared'
import { currentLanguage, t } from './index'

/**
 * The catalogue key of each API refusal code (shared/api/errorCodes.ts), written out in full so
 * that the catalogue check finds every one; the Record makes TypeScript demand a key per code.
 */
export const ERROR_KEYS: Record<ErrorCode, string> = {
  'route-not-found': 'common.error.route-not-found',
  'method-not-allowed': 'common.error.method-not-allowed',
  'internal-error': 'common.error.internal-error',
  'body-content-type': 'common.error.body-content-type',
  'body-invalid-json': 'common.error.body-invalid-json',
  'body-too-large': 'common.error.body-too-large',
  'body-not-object': 'common.error.body-not-object',
  'field-unknown': 'common.error.field-unknown',
  'field-required': 'common.error.field-required',
  'field-not-text': 'common.error.field-not-text',
  'field-invalid': 'common.error.field-invalid',
  'fields-exclusive': 'common.error.fields-exclusive',
  'text-too-long': 'common.error.text-too-long',
  'text-control-characters': 'common.error.text-control-characters',
  'number-out-of-range': 'common.error.number-out-of-range',
  'list-too-long': 'common.error.list-too-long',
  'date-invalid': 'common.error.date-invalid',
  'time-invalid': 'common.error.time-invalid',
  'datetime-invalid': 'common.error.datetime-invalid',
  'deadline-past': 'common.error.deadline-past',
  'email-invalid': 'common.error.email-invalid',
  'search-query-empty': 'common.error.search-query-empty',
  'credential-missing': 'common.error.credential-missing',
  'token-invalid': 'common.error.token-invalid',
  'token-expired': 'common.error.token-expired',
  'token-revoked': 'common.error.token-revoked',
  'token-wrong-meeting': 'common.error.token-wrong-meeting',
  'sign-in-required': 'common.error.sign-in-required',
  'not-signed-in': 'common.error.not-signed-in',
  'admin-key-missing': 'common.error.admin-key-missing',
  'admin-key-invalid': 'common.error.admin-key-invalid',
  'admin-only': 'common.error.admin-only',
  'not-invited': 'common.error.not-invited',
  'role-forbidden': 'common.error.role-forbidden',
  'admin-has-no-role': 'common.error.admin-has-no-role',
  'identity-foreign': 'common.error.identity-foreign',
  'organ-forbidden': 'common.error.organ-forbidden',
  'origin-refused': 'common.error.origin-refused',
  'csrf-token-invalid': 'common.error.csrf-token-invalid',
  'address-blocked': 'common.error.address-blocked',
  'too-many-requests': 'common.error.too-many-requests',
  'storage-read-only': 'common.error.storage-read-only',
  'storage-busy': 'common.error.storage-busy',
  'import-busy': 'common.error.import-busy',
  'sign-in-disabled': 'common.error.sign-in-disabled',
  'search-disabled': 'common.error.search-disabled',
  'webhooks-disabled': 'common.error.webhooks-disabled',
  'meeting-not-found': 'common.error.meeting-not-found',
  'token-not-found': 'common.error.token-not-found',
  'session-not-found': 'common.error.session-not-found',
  'flag-not-found': 'common.error.flag-not-found',
  'agenda-item-unknown': 'common.error.agenda-item-unknown',
  'decision-empty': 'common.error.decision-empty',
  'version-not-found': 'common.error.version-not-found',
  'export-format-unknown': 'common.error.export-format-unknown',
  'webhook-not-found': 'common.error.webhook-not-found',
  'delivery-not-found': 'common.error.delivery-not-found',
  'action-item-not-found': 'common.error.action-item-not-found',
  'meeting-closed': 'common.error.meeting-closed',
  'meeting-not-closed': 'common.error.meeting-not-closed',
  'flag-deadline-passed': 'common.error.flag-deadline-passed',
  'minutes-approved': 'common.error.minutes-approved',
  'not-approved': 'common.error.not-approved',
  'decision-changed': 'common.error.decision-changed',
  'version-limit': 'common.error.version-limit',
  'webhook-limit': 'common.error.webhook-limit',
  'seal-changed': 'common.error.seal-changed',
  'version-missing': 'common.error.version-missing',
  'version-changed': 'common.error.version-changed',
  'url-invalid': 'common.error.url-invalid',
  'url-private-network': 'common.error.url-private-network',
  'url-host-not-found': 'common.error.url-host-not-found',
  'agenda-empty': 'common.error.agenda-empty',
  'agenda-number-duplicate': 'common.error.agenda-number-duplicate',
  'import-no-agenda-items': 'common.error.import-no-agenda-items',
  'upload-aborted': 'common.error.upload-aborted',
  'upload-malformed': 'common.error.upload-malformed',
  'upload-one-file': 'common.error.upload-one-file',
  'file-missing': 'common.error.file-missing',
  'file-content-type': 'common.error.file-content-type',
  'empty': 'common.error.empty',
  'too-large': 'common.error.too-large',
  'unzipped-too-large': 'common.error.unzipped-too-large',
  'too-many-entries': 'common.error.too-many-entries',
  'too-many-pages': 'common.error.too-many-pages',
  'unsupported': 'common.error.unsupported',
  'damaged': 'common.error.damaged',
  'encrypted': 'common.error.encrypted',
  'no-text': 'common.error.no-text',
  'not-what-it-says': 'common.error.not-what-it-says',
  'unsupported-file': 'common.error.unsupported-file',
  'pdf-encrypted': 'common.error.pdf-encrypted',
  'json-invalid': 'common.error.json-invalid',
  'json-not-referat': 'common.error.json-not-referat',
}

/** What an error answer of the API holds (`{ error, code, params?, field? }`), all of it untrusted. */
export interface ErrorBody {
  readonly error?: unknown
  readonly code?: unknown
  readonly params?: unknown
}

/** The params of `code` from an answer, or null when one its message needs is missing or not a number or string. */
function paramsOf(code: ErrorCode, params: unknown): Record<string, number | string> | null {
  const names: readonly string[] = ERROR_PARAMS[code]
  if (names.length === 0) return {}
  if (typeof params !== 'object' || params === null) return null
  const values: Record<string, number | string> = {}
  for (const name of names) {
    const value = (params as Record<string, unknown>)[name]
    if (typeof value !== 'number' && typeof value !== 'string') return null
    values[name] = value
  }
  return values
}

/**
 * An API refusal as text in the interface language: the catalogue's message for its `code`,
 * filled with its `params`. The server's own message (bokmål) instead when the interface is in
 * bokmål (it is the same language and often names more, such as the file), when the code is
 * unknown to this client (a newer server) or a param is missing; `fallback` when the answer has
 * neither. Never a raw catalogue key.
 */
export function errorText(body: ErrorBody | null | undefined, fallback = ''): string {
  const message = typeof body?.error === 'string' && body.error ? body.error : null
  const code = body?.code
  if (message && currentLanguage() === 'nb') return message
  if (isErrorCode(code)) {
    const params = paramsOf(code, body?.params)
    if (params) return t(ERROR_KEYS[code], params)
  }
  return message ?? fallback
}

/**
 * An error of a shared validator run in the browser (MeetingValidationError, AgendaFormatError,
 * RosterValidationError, …: a bokmål message and the code the API would answer with) as text in
 * the interface language, as errorText.
 */
export function validationErrorText(err: { readonly message: string; readonly detail: ErrorDetail }): string {
  return errorText({ error: err.message, code: err.detail.code, params: err.detail.params })
}
