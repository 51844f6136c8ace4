import type { ErrorDetail } from '../../shared/api'
import { placeholderNames } from '../../shared/i18n/placeholders'
import { currentLanguage, i18n, t } from './index'

/**
 * API refusals (`{ error, code, params? }`, docs/API_ERRORS.md) as text in the interface
 * language. The messages are the `errors` catalogue, one key per code: `errors.<code>` (the
 * catalogue test holds it to shared/api/errorCodes.ts). It is not part of the first render:
 * client/i18n fetches it in the background when nynorsk or English is shown (bokmål shows the
 * server's own message), so a refusal that comes before it arrives reads in bokmål.
 */

/** What an error answer of the API holds (`{ error, code, params?, field? }`), all of it untrusted. */
export interface ErrorBody {
  readonly error?: unknown
  readonly code?: unknown
  readonly params?: unknown
}

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/** The values of `params` the message needs, or null when one is missing or not a number or string. */
function valuesFor(message: unknown, params: unknown): Record<string, number | string> | null {
  const values: Record<string, number | string> = {}
  for (const name of placeholderNames(message)) {
    const value = typeof params === 'object' && params !== null ? (params as Record<string, unknown>)[name] : undefined
    if (typeof value !== 'number' && typeof value !== 'string') return null
    values[name] = value
  }
  return values
}

/**
 * An API refusal as text in the interface language: the catalogue's message for its `code`,
 * filled with its `params`. The server's own message (bokmål) instead when the interface is in
 * bokmål (it is the same language and often names more, such as the file), when the code is
 * unknown to this client (a newer server), the catalogue has not arrived yet, or a param is
 * missing; `fallback` when the answer has neither. Never a raw catalogue key.
 */
export function errorText(body: ErrorBody | null | undefined, fallback = ''): string {
  const message = typeof body?.error === 'string' && body.error ? body.error : null
  const code = body?.code
  if (message && currentLanguage() === 'nb') return message
  if (typeof code === 'string' && CODE.test(code)) {
    const key = `errors.${code}`
    const compiled: unknown = i18n.messages[key]
    const values = compiled === undefined ? null : valuesFor(compiled, body?.params)
    if (values) return t(key, values)
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
