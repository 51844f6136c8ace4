import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../../server/config'
import { DEFAULT_MAX_MESSAGE_BYTES } from '../../../shared/schema'

describe('readConfig', () => {
  it('has the documented defaults', () => {
    expect(readConfig({})).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.resolve('data'),
      maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES,
      roomIdleMs: 10_000,
      compactAfterUpdates: 500,
      pendingTimeoutMs: 5000,
      staticDir: path.resolve('dist/client'),
      logLevel: 'info',
      tokenSecret: null,
      adminToken: null,
      allowedOrigins: [],
      publicUrl: null,
    })
  })

  it('reads every variable', () => {
    const config = readConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: '/tmp/x',
      MAX_MESSAGE_BYTES: '4096',
      ROOM_IDLE_MS: '50',
      COMPACT_AFTER_UPDATES: '7',
      STATIC_DIR: '/tmp/client',
      LOG_LEVEL: 'silent',
    })
    expect(config).toMatchObject({ port: 0, host: '0.0.0.0', dataDir: '/tmp/x', maxMessageBytes: 4096, roomIdleMs: 50, compactAfterUpdates: 7 })
  })

  it('names the variable of a bad value', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/)
    expect(() => readConfig({ MAX_MESSAGE_BYTES: '-1' })).toThrow(/MAX_MESSAGE_BYTES/)
    expect(() => readConfig({ COMPACT_AFTER_UPDATES: '0' })).toThrow(/COMPACT_AFTER_UPDATES/)
    expect(() => readConfig({ ROOM_IDLE_MS: '1.5' })).toThrow(/ROOM_IDLE_MS/)
    expect(() => readConfig({ DATA_DIR: ' ' })).toThrow(/DATA_DIR/)
    expect(() => readConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
    expect(() => readConfig({ ALLOWED_ORIGINS: 'not an origin' })).toThrow(/ALLOWED_ORIGINS/)
    expect(() => readConfig({ PUBLIC_URL: 'ftp://x' })).toThrow(/PUBLIC_URL/)
  })

  it('reads the auth variables and refuses short secrets without echoing them', () => {
    const config = readConfig({
      TOKEN_SECRET: 's'.repeat(32),
      ADMIN_TOKEN: 'a'.repeat(16),
      ALLOWED_ORIGINS: 'https://a.example.no, http://localhost:5173',
      PUBLIC_URL: 'https://referat.example.no/',
    })
    expect(config).toMatchObject({
      tokenSecret: 's'.repeat(32),
      adminToken: 'a'.repeat(16),
      allowedOrigins: ['https://a.example.no', 'http://localhost:5173'],
      publicUrl: 'https://referat.example.no',
    })
    for (const [name, value] of [['TOKEN_SECRET', 'short-secret-value'], ['ADMIN_TOKEN', 'tooshort']]) {
      let message = ''
      try {
        readConfig({ [name]: value })
      } catch (err) {
        message = (err as Error).message
      }
      expect(message).toMatch(new RegExp(name))
      expect(message).not.toContain(value)
    }
  })
})
