/**
 * One-line JSON logs on stderr.
 *
 * Never pass a URL with its query string: from the next issue on it carries access tokens.
 * Log `docName`, `connId` and `reason` instead.
 */

/** Log levels, from most to least verbose; `silent` turns logging off (tests). */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Structured fields of a log line. An `err` field is reduced to its name and message. */
export type LogFields = Record<string, unknown>

let threshold = LOG_LEVELS.indexOf('info')

/** Sets the lowest level that is written. */
export function setLogLevel(level: LogLevel): void {
  threshold = LOG_LEVELS.indexOf(level)
}

function write(level: Exclude<LogLevel, 'silent'>, msg: string, fields: LogFields = {}): void {
  if (LOG_LEVELS.indexOf(level) < threshold) return
  const line: LogFields = { time: new Date().toISOString(), level, msg }
  for (const [key, value] of Object.entries(fields)) {
    line[key] = value instanceof Error ? `${value.name}: ${value.message}` : value
  }
  process.stderr.write(`${JSON.stringify(line)}\n`)
}

/** The server's logger. */
export const log = {
  debug: (msg: string, fields?: LogFields) => write('debug', msg, fields),
  info: (msg: string, fields?: LogFields) => write('info', msg, fields),
  warn: (msg: string, fields?: LogFields) => write('warn', msg, fields),
  error: (msg: string, fields?: LogFields) => write('error', msg, fields),
}
