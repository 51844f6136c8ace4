import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { compileCatalogue } from '../../../../client/i18n/compileCatalogues'
import { errorText, validationErrorText } from '../../../../client/i18n/errorText'
import { i18n, loadNamespace } from '../../../../client/i18n'
import { ERROR_CODES, ERROR_PARAMS, type ErrorCode } from '../../../../shared/api'
import { MeetingValidationError, parseMeetingInfo } from '../../../../shared/minutes'
import { LANGUAGES, type Language } from '../../../../shared/i18n/languages'
import { placeholderNames } from '../../../../shared/i18n/placeholders'

const ROOT = path.resolve(__dirname, '../../../..')
const catalogue = (lang: Language) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'client/i18n/locales', lang, 'errors.json'), 'utf8')) as Record<string, string>

/** Params for `code` with a value for each name it has: 7 for numbers, the name itself otherwise. */
function sampleParams(code: ErrorCode): Record<string, number | string> {
  return Object.fromEntries((ERROR_PARAMS[code] as readonly string[]).map((name) => [name, ['max', 'min', 'seconds', 'count', 'pages', 'maxKib', 'maxMb'].includes(name) ? 7 : name]))
}

async function showIn(lang: Language): Promise<void> {
  await loadNamespace(lang, 'common')
  await loadNamespace(lang, 'errors')
  i18n.activate(lang)
}

describe('error codes in the catalogues', () => {
  it.each(LANGUAGES)('has a message for every code in %s, needing no param the server does not send', (lang) => {
    const messages = catalogue(lang)
    const compiled = compileCatalogue(messages, `${lang}/errors`)
    const problems: string[] = []
    for (const code of ERROR_CODES) {
      const key = `errors.${code}`
      if (!messages[key]?.trim()) problems.push(`${key}: no message`)
      const extra = placeholderNames(compiled[key]).filter((name) => !(ERROR_PARAMS[code] as readonly string[]).includes(name))
      if (extra.length > 0) problems.push(`${key}: needs {${extra.join(', ')}}`)
    }
    expect(problems).toEqual([])
  })
})

describe(errorText, () => {
  beforeAll(async () => {
    await Promise.all(LANGUAGES.flatMap((lang) => [loadNamespace(lang, 'common'), loadNamespace(lang, 'errors')]))
  })

  it('shows a known code in the interface language, with its params', async () => {
    await showIn('en')
    expect(errorText({ error: 'Fant ikke møtet.', code: 'meeting-not-found' })).toBe('Meeting not found.')
    const tooLong = { error: 'Feltet «title» kan ha høyst 200 tegn.', code: 'text-too-long', params: { field: 'title', max: 200 }, field: 'title' }
    expect(errorText(tooLong)).toBe('The field “title” can have at most 200 characters.')
    expect(errorText({ error: 'x', code: 'address-blocked', params: { seconds: 1 } })).toBe('Too many failed attempts from this address. Wait 1 second and try again.')
    await showIn('nn')
    expect(errorText({ error: 'Fant ikke møtet.', code: 'meeting-not-found' })).toBe('Fann ikkje møtet.')
    expect(errorText(tooLong)).toBe('Feltet «title» kan ha høgst 200 teikn.')
    expect(errorText({ error: 'x', code: 'import-no-agenda-items', params: { source: 'file' } })).toMatch(/^Fann ingen saker i fila\./)
  })

  it('keeps the server’s own message in bokmål, where it is the same language and may name more', async () => {
    await showIn('nb')
    const message = '«bilde.pdf» er et bilde. Last opp innkallingen som Word (.docx), PDF, OpenDocument (.odt) eller tekst (.txt, .md), eller lim inn teksten.'
    expect(errorText({ error: message, code: 'unsupported' })).toBe(message)
    expect(errorText({ code: 'meeting-not-found' })).toBe('Fant ikke møtet.')
  })

  it('falls back to the server’s message for an unknown code or a missing param, and to the fallback without either', async () => {
    await showIn('en')
    expect(errorText({ error: 'Noe nytt gikk galt.', code: 'something-a-newer-server-says' })).toBe('Noe nytt gikk galt.')
    expect(errorText({ error: 'Noe gikk galt.' })).toBe('Noe gikk galt.')
    expect(errorText({ error: 'Feltet «title» kan ha høyst 200 tegn.', code: 'text-too-long', params: { field: 'title' } })).toBe('Feltet «title» kan ha høyst 200 tegn.')
    expect(errorText({ error: 'Fant ikke vertsnavnet x.', code: 'url-host-not-found', params: { host: { nested: true } } })).toBe('Fant ikke vertsnavnet x.')
    expect(errorText({}, 'Kunne ikke lagre (feil 502).')).toBe('Kunne ikke lagre (feil 502).')
    expect(errorText(null, 'Serveren svarte 500.')).toBe('Serveren svarte 500.')
  })

  it('shows a shared validator’s error run in the browser in the interface language', async () => {
    let caught: unknown
    try {
      parseMeetingInfo({ organ: 'Rådet', date: '10.01.2024' })
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(MeetingValidationError)
    const err = caught as MeetingValidationError
    await showIn('en')
    expect(validationErrorText(err)).toBe('“date” must be a date YYYY-MM-DD.')
    await showIn('nb')
    expect(validationErrorText(err)).toBe('Oppgi datoen som ÅÅÅÅ-MM-DD.')
  })

  it.each(LANGUAGES.filter((lang) => lang !== 'nb'))('never shows a raw key in %s', async (lang) => {
    await showIn(lang)
    const raw = ERROR_CODES.filter((code) => {
      const text = errorText({ error: 'server', code, params: sampleParams(code) })
      return text.startsWith('common.') || text === 'server' || /[{}]/.test(text)
    })
    expect(raw).toEqual([])
  })
})
