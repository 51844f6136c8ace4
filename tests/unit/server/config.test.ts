import os from 'node:os'
import path from 'node:path'
import { DEFAULT_DELIVERY_LIMITS, DEFAULT_RETRY_POLICY } from '../../../server/webhooks'
import { describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../../../server/config'
import { DEFAULT_ARCHIVE_METADATA, archiveFieldsFor } from '../../../server/record'
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
      databaseUrl: null,
      databaseSchema: 'public',
      redisUrl: null,
      redisPrefix: 'referat',
      nodeId: `${os.hostname()}-${process.pid}`,
      drainTimeoutMs: 10_000,
      metricsToken: null,
      maxAwarenessBytes: 16 * 1024,
      rateLimits: {
        updatesPerSecond: 50,
        updatesBurst: 300,
        awarenessPerSecond: 100,
        awarenessBurst: 300,
        bytesPerSecond: 1024 * 1024,
        bytesBurst: 16 * 1024 * 1024,
        floodCloseAfterMs: 3000,
        maxQueuedMessages: 512,
      },
      trustedProxies: [],
      adminFailures: { limit: 10, windowMs: 900_000 },
      tokenFailures: { limit: 30, windowMs: 60_000 },
      upgradeRefusals: { limit: 60, windowMs: 60_000 },
      verifyRequests: { limit: 30, windowMs: 60_000 },
      searchRequests: { limit: 120, windowMs: 60_000 },
      searchIndexDelayMs: 3000,
      upgradeTimeoutMs: 10_000,
      oidc: null,
      sessionHours: 12,
      archive: DEFAULT_ARCHIVE_METADATA,
      webhooks: { policy: DEFAULT_RETRY_POLICY, limits: DEFAULT_DELIVERY_LIMITS, pollMs: 1000, concurrency: 4 },
    })
  })

  it('reads the webhook variables and names a bad one', () => {
    const config = readConfig({
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_MAX_AGE_MS: '60000',
      WEBHOOK_RETRY_BASE_MS: '50',
      WEBHOOK_RETRY_MAX_MS: '500',
      WEBHOOK_CONNECT_TIMEOUT_MS: '1000',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_ALLOW_PRIVATE: '1',
      WEBHOOK_POLL_MS: '100',
      WEBHOOK_CONCURRENCY: '2',
    })
    expect(config.webhooks).toEqual({
      policy: { maxAttempts: 3, maxAgeMs: 60_000, baseDelayMs: 50, maxDelayMs: 500 },
      limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000, maxResponseBytes: DEFAULT_DELIVERY_LIMITS.maxResponseBytes, allowPrivate: true },
      pollMs: 100,
      concurrency: 2,
    })
    expect(() => readConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow('WEBHOOK_ALLOW_PRIVATE must be 0 or 1, got "yes"')
    expect(() => readConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow('WEBHOOK_MAX_ATTEMPTS must be an integer from 1 to 100, got "0"')
  })

  it('reads the Noark 5 archive metadata, per organ too, and names a bad setting', () => {
    const config = readConfig({
      NOARK_ARKIVSKAPER_ID: ' 974761076 ',
      NOARK_ARKIVDEL_TITTEL: 'Møtebøker 2024',
      NOARK_ORGANS: JSON.stringify({ 'Sámediggi': { arkivskaperNavn: 'Sámediggi – Čoahkkin', saksbehandler: 'Máret Ŋuolja' } }),
    })
    expect(config.archive).toEqual({
      ...DEFAULT_ARCHIVE_METADATA,
      arkivskaperId: '974761076',
      arkivdelTittel: 'Møtebøker 2024',
      perOrgan: { 'Sámediggi': { arkivskaperNavn: 'Sámediggi – Čoahkkin', saksbehandler: 'Máret Ŋuolja' } },
    })
    expect(archiveFieldsFor(config.archive, 'Sámediggi')).toMatchObject({ arkivskaperId: '974761076', arkivskaperNavn: 'Sámediggi – Čoahkkin', saksbehandler: 'Máret Ŋuolja' })
    expect(archiveFieldsFor(config.archive, 'Styret').arkivskaperNavn).toBeNull()
    expect(() => readConfig({ NOARK_ARKIV_TITTEL: 'a\u0007b' })).toThrow(/NOARK_ARKIV_TITTEL must be text/)
    expect(() => readConfig({ NOARK_ORGANS: '[1]' })).toThrow(/NOARK_ORGANS must be a JSON object/)
    expect(() => readConfig({ NOARK_ORGANS: '{"Styret": {"arkivId": "x"}}' })).toThrow(/NOARK_ORGANS\["Styret"\]\.arkivId is not one of/)
    expect(() => readConfig({ NOARK_ORGANS: '{"Styret": {"arkivskaperId": ""}}' })).toThrow(/arkivskaperId must be text/)
    expect(() => readConfig({ VERIFY_REQUEST_LIMIT: 'x' })).toThrow(/VERIFY_REQUEST_LIMIT/)
  })

  it('reads the sign-in variables with their defaults, and never echoes the client secret', () => {
    const issuer = 'https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0'
    expect(readConfig({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'referat' }).oidc).toEqual({
      issuer,
      clientId: 'referat',
      clientSecret: null,
      clientKey: null,
      scopes: 'openid profile email',
      nameClaim: 'name',
      emailClaim: 'email',
      orgClaim: null,
      admins: [],
      adminClaim: null,
      clockToleranceS: 60,
    })
    const full = readConfig({
      OIDC_ISSUER: 'http://127.0.0.1:9999/realms/kommune',
      OIDC_CLIENT_ID: 'referat',
      OIDC_CLIENT_SECRET: 'very-secret-value',
      OIDC_SCOPES: 'openid  email groups',
      OIDC_NAME_CLAIM: 'preferred_username',
      OIDC_EMAIL_CLAIM: 'upn',
      OIDC_ORG_CLAIM: 'org',
      OIDC_ADMINS: 'Kari@Kommune.no, 0a1b2c-sub',
      OIDC_ADMIN_CLAIM: 'groups=referat-admin',
      OIDC_CLOCK_TOLERANCE_S: '5',
      SESSION_HOURS: '8',
    })
    expect(full.oidc).toMatchObject({
      clientSecret: 'very-secret-value',
      scopes: 'openid email groups',
      nameClaim: 'preferred_username',
      emailClaim: 'upn',
      orgClaim: 'org',
      admins: ['kari@kommune.no', '0a1b2c-sub'],
      adminClaim: { claim: 'groups', value: 'referat-admin' },
      clockToleranceS: 5,
    })
    expect(full.sessionHours).toBe(8)
    const refusal = (env: Record<string, string>) => {
      try {
        readConfig(env)
      } catch (err) {
        expect(err).toBeInstanceOf(ConfigError)
        return (err as Error).message
      }
      throw new Error('accepted')
    }
    expect(refusal({ OIDC_CLIENT_ID: 'referat', OIDC_CLIENT_SECRET: 'very-secret-value' })).toMatch(/OIDC_CLIENT_ID is set but OIDC_ISSUER is not/)
    expect(refusal({ OIDC_ISSUER: 'http://idp.example.no', OIDC_CLIENT_ID: 'x' })).toMatch(/OIDC_ISSUER must be an https URL/)
    expect(refusal({ OIDC_ISSUER: issuer })).toMatch(/OIDC_CLIENT_ID must be set/)
    expect(refusal({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'x', OIDC_SCOPES: 'profile' })).toMatch(/OIDC_SCOPES must contain openid/)
    expect(refusal({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'x', OIDC_ADMIN_CLAIM: 'groups' })).toMatch(/OIDC_ADMIN_CLAIM must look like claim=value/)
    expect(refusal({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'x', SESSION_HOURS: '0' })).toMatch(/SESSION_HOURS/)
    expect(refusal({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 's3cr3t-value', OIDC_NAME_CLAIM: 'bad claim' })).not.toContain('s3cr3t-value')
  })

  it('reads the limits and refuses a byte burst smaller than the largest message', () => {
    expect(
      readConfig({ MAX_AWARENESS_BYTES: '4096', RATE_UPDATES_PER_S: '5', RATE_UPDATES_BURST: '9', RATE_AWARENESS_PER_S: '2', RATE_AWARENESS_BURST: '3', RATE_BYTES_PER_S: '2048', FLOOD_CLOSE_AFTER_MS: '500' }),
    ).toMatchObject({
      maxAwarenessBytes: 4096,
      rateLimits: { updatesPerSecond: 5, updatesBurst: 9, awarenessPerSecond: 2, awarenessBurst: 3, bytesPerSecond: 2048, floodCloseAfterMs: 500 },
    })
    expect(() => readConfig({ MAX_MESSAGE_BYTES: '65536', RATE_BYTES_BURST: '4096' })).toThrow(/RATE_BYTES_BURST must be at least MAX_MESSAGE_BYTES/)
    expect(() => readConfig({ RATE_UPDATES_PER_S: '0' })).toThrow(/RATE_UPDATES_PER_S/)
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

  it('reads the operations variables without echoing the metrics token', () => {
    expect(readConfig({ DRAIN_TIMEOUT_MS: '2500', METRICS_TOKEN: 'm'.repeat(16) })).toMatchObject({ drainTimeoutMs: 2500, metricsToken: 'm'.repeat(16) })
    expect(() => readConfig({ DRAIN_TIMEOUT_MS: '-1' })).toThrow(/DRAIN_TIMEOUT_MS/)
    expect(() => readConfig({ METRICS_TOKEN: 'short-secret' })).toThrow(/METRICS_TOKEN must be at least 16/)
    expect(() => readConfig({ METRICS_TOKEN: 'short-secret' })).not.toThrow(/short-secret/)
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

  it('reads the several-nodes variables, refuses combinations that cannot work, and never echoes a service URL', () => {
    const shared = { TOKEN_SECRET: 's'.repeat(32), ADMIN_TOKEN: 'a'.repeat(16) }
    const config = readConfig({
      ...shared,
      DATABASE_URL: 'postgres://referat:hemmelig@db.example.no/referat',
      DATABASE_SCHEMA: 'kommune_a',
      REDIS_URL: 'redis://cache.example.no:6379',
      REDIS_PREFIX: 'kommune-a',
      NODE_ID: 'node-1',
    })
    expect(config).toMatchObject({
      databaseUrl: 'postgres://referat:hemmelig@db.example.no/referat',
      databaseSchema: 'kommune_a',
      redisUrl: 'redis://cache.example.no:6379',
      redisPrefix: 'kommune-a',
      nodeId: 'node-1',
    })
    expect(() => readConfig({ ...shared, REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/REDIS_URL needs DATABASE_URL/)
    expect(() => readConfig({ DATABASE_URL: 'postgres://127.0.0.1/x', REDIS_URL: 'redis://127.0.0.1:6379' })).toThrow(/TOKEN_SECRET and ADMIN_TOKEN/)
    expect(() => readConfig({ DATABASE_SCHEMA: 'Robert"); DROP' })).toThrow(/DATABASE_SCHEMA/)
    let message = ''
    try {
      readConfig({ DATABASE_URL: 'mysql://root:hemmelig@db' })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toMatch(/DATABASE_URL/)
    expect(message).not.toContain('hemmelig')
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

  it('reads the abuse limits: trusted proxies, failure budgets (0 switches one off) and the pre-auth deadline', () => {
    const config = readConfig({
      TRUSTED_PROXIES: ' 10.0.0.0/8, 192.0.2.7 ,fd00::/8, ::ffff:127.0.0.1',
      ADMIN_FAILURE_LIMIT: '5',
      ADMIN_FAILURE_WINDOW_MS: '3600000',
      TOKEN_FAILURE_LIMIT: '0',
      UPGRADE_REFUSAL_WINDOW_MS: '1000',
      UPGRADE_TIMEOUT_MS: '2500',
    })
    expect(config.trustedProxies).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '192.0.2.7', prefix: 32, family: 'ipv4' },
      { address: 'fd00::', prefix: 8, family: 'ipv6' },
      { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
    ])
    expect(config.adminFailures).toEqual({ limit: 5, windowMs: 3_600_000 })
    expect(config.tokenFailures).toEqual({ limit: 0, windowMs: 60_000 })
    expect(config.upgradeRefusals).toEqual({ limit: 60, windowMs: 1000 })
    expect(config.upgradeTimeoutMs).toBe(2500)
    for (const bad of ['10.0.0.0/33', 'proxy.example.no', '10.0.0.1/8/1', '::1/129', '']) {
      expect(() => readConfig({ TRUSTED_PROXIES: `127.0.0.1,${bad}` }), bad).toThrow(/TRUSTED_PROXIES must be a comma-separated list of addresses or CIDR/)
    }
    expect(() => readConfig({ ADMIN_FAILURE_LIMIT: '-1' })).toThrow(/ADMIN_FAILURE_LIMIT must be an integer/)
    expect(() => readConfig({ TOKEN_FAILURE_WINDOW_MS: '999' })).toThrow(/TOKEN_FAILURE_WINDOW_MS must be an integer from 1000/)
    expect(() => readConfig({ UPGRADE_REFUSAL_LIMIT: 'many' })).toThrow(/UPGRADE_REFUSAL_LIMIT/)
    expect(() => readConfig({ UPGRADE_TIMEOUT_MS: '500' })).toThrow(/UPGRADE_TIMEOUT_MS must be an integer from 1000 to 300000/)
  })
})
