import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, ERROR_PARAMS, isErrorCode } from '../../../../shared/api'

// The list of refusal codes (shared/api/errorCodes.ts) is the API's contract: every refusal the
// server makes names one, and the list holds no code the server never sends. The types make
// `new ApiError(status, code, …)` take a listed code; these scans keep the list itself honest.

const ROOT = path.resolve(__dirname, '../../../..')

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(full)
    return /\.ts$/.test(entry.name) ? [full] : []
  })
}

const sources = [...sourceFiles(path.join(ROOT, 'server')), ...sourceFiles(path.join(ROOT, 'shared'))]
  .filter((file) => !file.endsWith(path.join('shared', 'api', 'errorCodes.ts')))
  .map((file) => ({ file: path.relative(ROOT, file), text: fs.readFileSync(file, 'utf8') }))
const serverSources = sources.filter((s) => s.file.startsWith('server'))

/** The codes passed on from a variable rather than written at the call: each is typed ErrorCode. */
const PASSED_ON = ['problem.code', 'code', 'detail.code']

describe('API error codes', () => {
  it('are kebab-case and unique', () => {
    for (const code of ERROR_CODES) expect(code).toMatch(/^[a-z]+(-[a-z]+)*$/)
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length)
    expect(isErrorCode('meeting-not-found')).toBe(true)
    expect(isErrorCode('toString')).toBe(false)
  })

  it('each name a param at most once', () => {
    for (const code of ERROR_CODES) {
      const names: readonly string[] = ERROR_PARAMS[code]
      expect(new Set(names).size, code).toBe(names.length)
    }
  })

  it('are all sent by the server: each appears as a literal in server/ or in the shared errors it answers with', () => {
    const unused = ERROR_CODES.filter((code) => !sources.some((s) => s.text.includes(`'${code}'`)))
    expect(unused).toEqual([])
  })

  it('are passed by every `new ApiError(` in server/, as a listed literal or a typed code passed on', () => {
    const calls = serverSources.flatMap((s) =>
      [...s.text.matchAll(/new ApiError(?:<[^>]*>)?\(\s*([^,]+),\s*([^,]+),/g)].map((m) => ({ at: s.file, code: (m[2] ?? '').trim() })),
    )
    expect(calls.length).toBeGreaterThan(100)
    const bad = calls.filter(({ code }) => {
      const literal = /^'([a-z-]+)'$/.exec(code)
      return literal ? !isErrorCode(literal[1]) : !PASSED_ON.includes(code)
    })
    expect(bad).toEqual([])
  })
})
