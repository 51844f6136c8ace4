import { describe, expect, it } from 'vitest'
import { WebhookUrlError, checkDestination, isPublicAddress, parseWebhookUrl } from '../../../../server/webhooks'

describe('webhook URL policy', () => {
  it('accepts http and https URLs with a public host and normalises them', () => {
    expect(parseWebhookUrl(' https://arkiv.example.no/hook?x=1 ', false)).toBe('https://arkiv.example.no/hook?x=1')
    expect(parseWebhookUrl('http://93.184.216.34:8080/', false)).toBe('http://93.184.216.34:8080/')
  })

  it.each([
    [undefined, 'Adressen mangler.', 'field-required'],
    ['', 'Adressen mangler.', 'field-required'],
    ['not a url', 'Adressen er ikke en gyldig URL.', 'url-invalid'],
    ['ftp://example.no/', 'Adressen må begynne med https:// eller http://.', 'url-invalid'],
    ['file:///etc/passwd', 'Adressen må begynne med https:// eller http://.', 'url-invalid'],
    ['https://user:pw@example.no/', 'Adressen kan ikke inneholde brukernavn eller passord.', 'url-invalid'],
    ['https://example.no/#x', 'Adressen kan ikke ha et fragment (#).', 'url-invalid'],
    [`https://example.no/${'a'.repeat(2100)}`, 'Adressen kan ha høyst 2048 tegn.', 'text-too-long'],
  ])('refuses %s', (raw, message, code) => {
    expect(() => parseWebhookUrl(raw, true)).toThrow(message)
    try {
      parseWebhookUrl(raw, true)
    } catch (err) {
      expect(err).toBeInstanceOf(WebhookUrlError)
      expect(err).toMatchObject({ message, detail: { code } })
    }
  })

  it.each(['http://127.0.0.1/', 'http://localhost:8080/', 'http://a.localhost/', 'http://10.1.2.3/', 'http://172.16.0.1/', 'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data', 'http://100.64.0.1/', 'http://0.0.0.0/', 'http://[::1]/', 'http://[fd00::1]/', 'http://[fe80::1]/',
    'http://[::ffff:127.0.0.1]/', 'http://[::ffff:7f00:1]/', 'http://224.0.0.1/'])('refuses the internal destination %s unless private ones are allowed', (raw) => {
    expect(() => parseWebhookUrl(raw, false)).toThrow(WebhookUrlError)
    expect(parseWebhookUrl(raw, true)).toBe(new URL(raw).href)
  })

  it('tells public addresses from the rest', () => {
    expect(isPublicAddress('8.8.8.8')).toBe(true)
    expect(isPublicAddress('2001:4860:4860::8888')).toBe(true)
    expect(isPublicAddress('::ffff:8.8.8.8')).toBe(true)
    expect(isPublicAddress('127.0.0.1')).toBe(false)
    expect(isPublicAddress('172.31.255.255')).toBe(false)
    expect(isPublicAddress('172.32.0.1')).toBe(true)
    expect(isPublicAddress('not an address')).toBe(false)
    expect(isPublicAddress('0:0:0:0:0:ffff:7f00:1')).toBe(false)
    expect(isPublicAddress('64:ff9b::7f00:1')).toBe(false)
  })

  it('refuses a name that resolves to any internal address, and one that does not resolve', async () => {
    const resolveTo = (addresses: string[]) => async () => addresses
    await expect(checkDestination('https://hook.example.no/', false, resolveTo(['93.184.216.34']))).resolves.toBeUndefined()
    await expect(checkDestination('https://hook.example.no/', false, resolveTo(['93.184.216.34', '10.0.0.5']))).rejects.toThrow(
      'hook.example.no peker til et internt eller lokalt nettverk, som ikke er tillatt.',
    )
    await expect(checkDestination('https://hook.example.no/', true, resolveTo(['10.0.0.5']))).resolves.toBeUndefined()
    await expect(checkDestination('https://hook.example.no/', false, async () => Promise.reject(new Error('ENOTFOUND')))).rejects.toThrow('Fant ikke vertsnavnet hook.example.no.')
    await expect(checkDestination('https://hook.example.no/', false, resolveTo([]))).rejects.toThrow('Fant ikke vertsnavnet hook.example.no.')
  })
})
