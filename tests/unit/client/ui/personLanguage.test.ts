// A signed-in person's interface language in the client (issue 16): GET /api/me brings the
// language chosen on another device into a browser without a choice of its own, and a choice
// made here is sent with PUT /api/me/language. fetch, localStorage and the page are stand-ins.
// The cases run in order: the module keeps the session's CSRF token between them, as a page does.
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { i18n } from '../../../../client/i18n'
import { fetchMe, savePersonLanguage } from '../../../../client/ui/signIn'

const STORAGE_KEY = 'referat.language'
const stored = new Map<string, string>()
const requests: { url: string; init: RequestInit | undefined }[] = []
let answers: (() => Promise<Response>)[] = []

const json = (status: number, body: unknown) => async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const signedInAs = (language: string | null) =>
  json(200, {
    oidc: true,
    signedIn: true,
    person: { name: 'Kari Nordmann', email: 'kari@kommune.no', org: null, issuer: 'https://idp.kommune.no', subject: 'sub-kari' },
    isAdmin: false,
    csrfToken: 'csrf-of-kari',
    language,
  })

/** Resolves when `lang` becomes the active language (i18n also says 'change' when a catalogue loads). */
const activated = (lang: string) =>
  new Promise<void>((resolve) => {
    const off = i18n.on('change', () => {
      if (i18n.locale !== lang) return
      off()
      resolve()
    })
  })

beforeEach(() => {
  vi.stubGlobal('localStorage', {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, value),
  })
  vi.stubGlobal('document', { documentElement: { lang: 'nb' } })
  vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
    requests.push({ url, init })
    const answer = answers.shift()
    if (!answer) throw new Error(`unexpected request ${url}`)
    return answer()
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  stored.clear()
  requests.length = 0
  answers = []
})
afterAll(() => i18n.activate('nb', ['nb-NO']))

describe('the signed-in person’s language in the client', () => {
  it('sends nothing when the person picks a language while nobody is signed in (asking /api/me first)', async () => {
    answers = [json(200, { oidc: true, signedIn: false })]
    await savePersonLanguage('nn')
    expect(requests.map((r) => r.url)).toEqual(['/api/me'])
  })

  it('shows and keeps the person’s language when this browser has no choice of its own', async () => {
    answers = [signedInAs('nn')]
    const shown = activated('nn')
    const me = await fetchMe()
    expect(me).toMatchObject({ signedIn: true, language: 'nn' })
    expect(stored.get(STORAGE_KEY)).toBe('nn')
    await shown
    expect(i18n.locale).toBe('nn')
    expect(document.documentElement.lang).toBe('nn')
    // Adopting it sent nothing back.
    expect(requests.map((r) => r.url)).toEqual(['/api/me'])
  })

  it('leaves this browser’s own choice alone', async () => {
    stored.set(STORAGE_KEY, 'en')
    answers = [signedInAs('nn')]
    expect(await fetchMe()).toMatchObject({ signedIn: true, language: 'nn' })
    expect(stored.get(STORAGE_KEY)).toBe('en')
  })

  it('reads a missing or unknown language as null', async () => {
    answers = [signedInAs('de')]
    expect(await fetchMe()).toMatchObject({ signedIn: true, language: null })
    expect(stored.has(STORAGE_KEY)).toBe(false)
  })

  it('sends a choice of the signed-in person with PUT /api/me/language and the CSRF token', async () => {
    answers = [json(200, { language: 'en' })]
    await savePersonLanguage('en')
    expect(requests).toHaveLength(1)
    expect(requests[0].url).toBe('/api/me/language')
    expect(requests[0].init?.method).toBe('PUT')
    expect(requests[0].init?.headers).toMatchObject({ 'Content-Type': 'application/json', 'X-CSRF-Token': 'csrf-of-kari' })
    expect(JSON.parse(String(requests[0].init?.body))).toEqual({ language: 'en' })
  })

  it('only logs when the server refuses or cannot be reached', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    answers = [json(403, { code: 'csrf-token-invalid' }), () => Promise.reject(new TypeError('Failed to fetch'))]
    await expect(savePersonLanguage('nb')).resolves.toBeUndefined()
    await expect(savePersonLanguage('nb')).resolves.toBeUndefined()
    expect(warn).toHaveBeenCalledTimes(2)
    expect(String(warn.mock.calls[0][0])).toContain('HTTP 403')
  })
})
