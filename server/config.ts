import os from 'node:os'
import path from 'node:path'
import { DEFAULT_MAX_MESSAGE_BYTES } from '../shared/schema'
import { MIN_ADMIN_TOKEN_CHARS, MIN_TOKEN_SECRET_CHARS, readOidcConfig, type OidcConfig } from './auth'
import { LOG_LEVELS, type LogLevel } from './log'
import { parseAddressRange, type AddressRange, type FailureBudget } from './limits'
import { archiveMetadataFromEnv, type ArchiveMetadata } from './record'
import { DEFAULT_MAX_AWARENESS_BYTES, DEFAULT_PENDING_TIMEOUT_MS } from './rooms'
import { DEFAULT_RATE_LIMITS, type RateLimits } from './transport'
import { DEFAULT_DELIVERY_LIMITS, DEFAULT_RETRY_POLICY, type DeliveryLimits, type RetryPolicy } from './webhooks'

/** Everything the server reads from its environment. */
export interface ServerConfig {
  /** TCP port; 0 picks a free one. */
  readonly port: number
  readonly host: string
  /** Directory of `referat.sqlite`. */
  readonly dataDir: string
  /** Largest WebSocket message accepted, in bytes. */
  readonly maxMessageBytes: number
  /** How long a room stays loaded after its last peer left, in milliseconds. */
  readonly roomIdleMs: number
  /** Appended updates after which a document is compacted into a snapshot. */
  readonly compactAfterUpdates: number
  /** How long updates with missing dependencies may wait for them, in milliseconds. */
  readonly pendingTimeoutMs: number
  /** Directory of the built client (`index.html` and assets). */
  readonly staticDir: string
  readonly logLevel: LogLevel
  /** TOKEN_SECRET: overrides the signing secret in DATA_DIR/secrets.json. Never log it. */
  readonly tokenSecret: string | null
  /** ADMIN_TOKEN: overrides the generated admin credential. Never log it. */
  readonly adminToken: string | null
  /** ALLOWED_ORIGINS: browser origins besides the server's own that may connect. */
  readonly allowedOrigins: string[]
  /** PUBLIC_URL: the address invitation links use instead of the request's Host (no trailing slash). */
  readonly publicUrl: string | null
  /** DATABASE_URL: PostgreSQL instead of the embedded SQLite (several nodes). Never log it: it may hold a password. */
  readonly databaseUrl: string | null
  /** DATABASE_SCHEMA: the PostgreSQL schema of the tables (default public). */
  readonly databaseSchema: string
  /** REDIS_URL: relay updates and presence between nodes through Redis (needs DATABASE_URL). */
  readonly redisUrl: string | null
  /** REDIS_PREFIX: prefix of this installation's Redis channels (default referat). */
  readonly redisPrefix: string
  /** NODE_ID: this node's name in logs, metrics and relayed messages (default host-pid). */
  readonly nodeId: string
  /** DRAIN_TIMEOUT_MS: longest a graceful shutdown (SIGTERM) may take before the process exits anyway. */
  readonly drainTimeoutMs: number
  /** METRICS_TOKEN: bearer credential for /metrics; null serves it to loopback requests only. Never log it. */
  readonly metricsToken: string | null
  /** MAX_AWARENESS_BYTES: largest presence state a connection may send (bytes of JSON). */
  readonly maxAwarenessBytes: number
  /** RATE_*: per-connection rate limits of the sync endpoint. */
  readonly rateLimits: RateLimits
  /** TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (none: ignored). */
  readonly trustedProxies: AddressRange[]
  /** ADMIN_FAILURE_LIMIT per ADMIN_FAILURE_WINDOW_MS: wrong admin credentials per client address (limit 0: off). */
  readonly adminFailures: FailureBudget
  /** TOKEN_FAILURE_LIMIT per TOKEN_FAILURE_WINDOW_MS: refused meeting tokens (API and sync endpoint) per client address. */
  readonly tokenFailures: FailureBudget
  /** UPGRADE_REFUSAL_LIMIT per UPGRADE_REFUSAL_WINDOW_MS: refused WebSocket upgrades per client address. */
  readonly upgradeRefusals: FailureBudget
  /** VERIFY_REQUEST_LIMIT per VERIFY_REQUEST_WINDOW_MS: POST /api/verify requests (public, no account) per client address. */
  readonly verifyRequests: FailureBudget
  /** GET /api/search requests per client address and window. */
  readonly searchRequests: FailureBudget
  /** How long after the last stored edit a meeting is indexed for search again, in milliseconds. */
  readonly searchIndexDelayMs: number
  /** UPGRADE_TIMEOUT_MS: a connection that has not sent a complete request (or upgrade) by then is closed. */
  readonly upgradeTimeoutMs: number
  /** OIDC_*: sign-in with the organisation's identity provider; null (OIDC_ISSUER unset) switches it off. */
  readonly oidc: OidcConfig | null
  /** SESSION_HOURS: how long a browser session lasts after sign-in, in hours (default 12). */
  readonly sessionHours: number
  /** NOARK_*: Noark 5 metadata of the archive packages (server/record/archiveMetadata.ts). */
  readonly archive: ArchiveMetadata
  /** WEBHOOK_*: delivery of the organs' webhooks (server/webhooks). */
  readonly webhooks: WebhookConfig
}

/** The WEBHOOK_* settings. */
export interface WebhookConfig {
  /** WEBHOOK_MAX_ATTEMPTS, WEBHOOK_MAX_AGE_MS, WEBHOOK_RETRY_BASE_MS, WEBHOOK_RETRY_MAX_MS. */
  readonly policy: RetryPolicy
  /** WEBHOOK_CONNECT_TIMEOUT_MS, WEBHOOK_TIMEOUT_MS, WEBHOOK_ALLOW_PRIVATE (1: loopback and private destinations allowed). */
  readonly limits: DeliveryLimits
  /** WEBHOOK_POLL_MS: pause between looks for due deliveries. */
  readonly pollMs: number
  /** WEBHOOK_CONCURRENCY: attempts in flight at once per node. */
  readonly concurrency: number
}

/** The WEBHOOK_* settings (defaults: DEFAULT_RETRY_POLICY, DEFAULT_DELIVERY_LIMITS, poll 1000 ms, 4 at once). */
function webhookConfig(env: NodeJS.ProcessEnv): WebhookConfig {
  const p = DEFAULT_RETRY_POLICY
  const l = DEFAULT_DELIVERY_LIMITS
  const allow = env.WEBHOOK_ALLOW_PRIVATE ?? ''
  if (!['', '0', '1'].includes(allow.trim())) throw new ConfigError(`WEBHOOK_ALLOW_PRIVATE must be 0 or 1, got "${allow}"`)
  return {
    policy: {
      maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', p.maxAttempts, 1, 100),
      maxAgeMs: integer(env, 'WEBHOOK_MAX_AGE_MS', p.maxAgeMs, 1000, 30 * 24 * 3600 * 1000),
      baseDelayMs: integer(env, 'WEBHOOK_RETRY_BASE_MS', p.baseDelayMs, 1, 3600 * 1000),
      maxDelayMs: integer(env, 'WEBHOOK_RETRY_MAX_MS', p.maxDelayMs, 1, 24 * 3600 * 1000),
    },
    limits: {
      connectTimeoutMs: integer(env, 'WEBHOOK_CONNECT_TIMEOUT_MS', l.connectTimeoutMs, 100, 60_000),
      totalTimeoutMs: integer(env, 'WEBHOOK_TIMEOUT_MS', l.totalTimeoutMs, 100, 120_000),
      maxResponseBytes: l.maxResponseBytes,
      allowPrivate: allow.trim() === '1',
    },
    pollMs: integer(env, 'WEBHOOK_POLL_MS', 1000, 10, 600_000),
    concurrency: integer(env, 'WEBHOOK_CONCURRENCY', 4, 1, 64),
  }
}

/** Default of UPGRADE_TIMEOUT_MS: the pre-auth deadline of a connection, in milliseconds. */
export const DEFAULT_UPGRADE_TIMEOUT_MS = 10_000

/** Least length of METRICS_TOKEN. */
export const MIN_METRICS_TOKEN_CHARS = 16

/** A bad environment value; the message names the variable and what was expected. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`)
  }
  return value
}

function text(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const raw = env[name]
  if (raw === undefined) return fallback
  if (raw.trim() === '') throw new ConfigError(`${name} must not be empty`)
  return raw
}

function secret(env: NodeJS.ProcessEnv, name: string, minChars: number): string | null {
  const raw = env[name]
  if (raw === undefined || raw === '') return null
  // The message never contains the value: it is a secret.
  if (raw.trim().length < minChars) throw new ConfigError(`${name} must be at least ${minChars} characters long`)
  return raw.trim()
}

function origins(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  return raw.split(',').map((value) => {
    const trimmed = value.trim()
    let url: URL
    try {
      url = new URL(trimmed)
    } catch {
      throw new ConfigError(`${name} must be a comma-separated list of origins like https://referat.example.no, got "${trimmed}"`)
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new ConfigError(`${name} must list http or https origins, got "${trimmed}"`)
    }
    return url.origin
  })
}

function publicUrl(env: NodeJS.ProcessEnv): string | null {
  const raw = env.PUBLIC_URL
  if (raw === undefined || raw.trim() === '') return null
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw new ConfigError(`PUBLIC_URL must be an http or https URL, got "${raw}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`PUBLIC_URL must be an http or https URL, got "${raw}"`)
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '')
}

function serviceUrl(env: NodeJS.ProcessEnv, name: string, protocols: readonly string[]): string | null {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return null
  let url: URL | null = null
  try {
    url = new URL(raw.trim())
  } catch {
    // reported below, without the value (it may hold a password)
  }
  if (!url || !protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`)
  }
  return raw.trim()
}

function addressRanges(env: NodeJS.ProcessEnv, name: string): AddressRange[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return []
  return raw.split(',').map((entry) => {
    const range = parseAddressRange(entry)
    if (!range) throw new ConfigError(`${name} must be a comma-separated list of addresses or CIDR networks like 10.0.0.0/8, got "${entry.trim()}"`)
    return range
  })
}

function budget(env: NodeJS.ProcessEnv, prefix: string, limit: number, windowMs: number): FailureBudget {
  return {
    limit: integer(env, `${prefix}_LIMIT`, limit, 0, 1_000_000),
    windowMs: integer(env, `${prefix}_WINDOW_MS`, windowMs, 1000, 24 * 3600 * 1000),
  }
}

function identifier(env: NodeJS.ProcessEnv, name: string, fallback: string, pattern: RegExp): string {
  const value = text(env, name, fallback)
  if (!pattern.test(value)) throw new ConfigError(`${name} must match ${pattern.source}, got "${value}"`)
  return value
}

/**
 * Reads the configuration: PORT (8080), HOST (127.0.0.1), DATA_DIR (./data), MAX_MESSAGE_BYTES
 * (DEFAULT_MAX_MESSAGE_BYTES), ROOM_IDLE_MS (10000), COMPACT_AFTER_UPDATES (500), STATIC_DIR
 * (dist/client), LOG_LEVEL (info), TOKEN_SECRET (≥ 32 characters), ADMIN_TOKEN (≥ 16 characters),
 * ALLOWED_ORIGINS (comma-separated origins), PUBLIC_URL, and for several nodes DATABASE_URL,
 * DATABASE_SCHEMA (public), REDIS_URL, REDIS_PREFIX (referat), NODE_ID (host-pid), and for
 * operations DRAIN_TIMEOUT_MS (10000) and METRICS_TOKEN (≥ 16 characters), and against abuse
 * TRUSTED_PROXIES (addresses or CIDRs), ADMIN_FAILURE_LIMIT / _WINDOW_MS (10 per 900000),
 * TOKEN_FAILURE_LIMIT / _WINDOW_MS (30 per 60000), UPGRADE_REFUSAL_LIMIT / _WINDOW_MS (60 per
 * 60000), VERIFY_REQUEST_LIMIT / _WINDOW_MS (30 per 60000) and UPGRADE_TIMEOUT_MS (10000), the
 * Noark 5 archive metadata NOARK_* (server/record/archiveMetadata.ts), and for sign-in OIDC_ISSUER, OIDC_CLIENT_ID,
 * OIDC_CLIENT_SECRET, OIDC_SCOPES (openid profile email), OIDC_NAME_CLAIM (name),
 * OIDC_EMAIL_CLAIM (email), OIDC_ORG_CLAIM, OIDC_ADMINS, OIDC_ADMIN_CLAIM (claim=value),
 * OIDC_CLOCK_TOLERANCE_S (60) and SESSION_HOURS (12), and the webhooks' WEBHOOK_* (webhookConfig). Relative
 * directories resolve against the working directory. Throws ConfigError naming the first bad
 * variable, also for combinations that cannot work (REDIS_URL without DATABASE_URL; several nodes
 * without a shared TOKEN_SECRET and ADMIN_TOKEN).
 */
/** RATE_UPDATES_PER_S, RATE_UPDATES_BURST, RATE_AWARENESS_PER_S, RATE_AWARENESS_BURST, RATE_BYTES_PER_S, RATE_BYTES_BURST, FLOOD_CLOSE_AFTER_MS. */
function rateLimits(env: NodeJS.ProcessEnv, maxMessageBytes: number): RateLimits {
  const d = DEFAULT_RATE_LIMITS
  const bytesBurst = integer(env, 'RATE_BYTES_BURST', Math.max(d.bytesBurst, maxMessageBytes), 1024, 2 ** 40)
  // A message larger than the burst could never pass.
  if (bytesBurst < maxMessageBytes) throw new ConfigError(`RATE_BYTES_BURST must be at least MAX_MESSAGE_BYTES (${maxMessageBytes})`)
  return {
    updatesPerSecond: integer(env, 'RATE_UPDATES_PER_S', d.updatesPerSecond, 1, 1_000_000),
    updatesBurst: integer(env, 'RATE_UPDATES_BURST', d.updatesBurst, 1, 1_000_000),
    awarenessPerSecond: integer(env, 'RATE_AWARENESS_PER_S', d.awarenessPerSecond, 1, 1_000_000),
    awarenessBurst: integer(env, 'RATE_AWARENESS_BURST', d.awarenessBurst, 1, 1_000_000),
    bytesPerSecond: integer(env, 'RATE_BYTES_PER_S', d.bytesPerSecond, 1024, 2 ** 40),
    bytesBurst,
    floodCloseAfterMs: integer(env, 'FLOOD_CLOSE_AFTER_MS', d.floodCloseAfterMs, 100, 600_000),
    maxQueuedMessages: d.maxQueuedMessages,
  }
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const logLevel = text(env, 'LOG_LEVEL', 'info')
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`)
  }
  const databaseUrl = serviceUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:'])
  const redisUrl = serviceUrl(env, 'REDIS_URL', ['redis:', 'rediss:'])
  const tokenSecret = secret(env, 'TOKEN_SECRET', MIN_TOKEN_SECRET_CHARS)
  const adminToken = secret(env, 'ADMIN_TOKEN', MIN_ADMIN_TOKEN_CHARS)
  if (redisUrl && !databaseUrl) {
    throw new ConfigError('REDIS_URL needs DATABASE_URL: nodes that relay to each other must share one PostgreSQL')
  }
  if (redisUrl && (!tokenSecret || !adminToken)) {
    // Each node would otherwise generate its own in its DATA_DIR, and a token from one would fail on another.
    throw new ConfigError('several nodes (REDIS_URL) need the same TOKEN_SECRET and ADMIN_TOKEN on every node')
  }
  const maxMessageBytes = integer(env, 'MAX_MESSAGE_BYTES', DEFAULT_MAX_MESSAGE_BYTES, 1024, 1024 * 1024 * 1024)
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: text(env, 'HOST', '127.0.0.1'),
    dataDir: path.resolve(text(env, 'DATA_DIR', './data')),
    maxMessageBytes,
    roomIdleMs: integer(env, 'ROOM_IDLE_MS', 10_000, 0, 24 * 3600 * 1000),
    compactAfterUpdates: integer(env, 'COMPACT_AFTER_UPDATES', 500, 1, 1_000_000),
    pendingTimeoutMs: integer(env, 'PENDING_TIMEOUT_MS', DEFAULT_PENDING_TIMEOUT_MS, 50, 600_000),
    staticDir: path.resolve(text(env, 'STATIC_DIR', 'dist/client')),
    logLevel: logLevel as LogLevel,
    tokenSecret,
    adminToken,
    allowedOrigins: origins(env, 'ALLOWED_ORIGINS'),
    publicUrl: publicUrl(env),
    databaseUrl,
    databaseSchema: identifier(env, 'DATABASE_SCHEMA', 'public', /^[a-z_][a-z0-9_]*$/),
    redisUrl,
    redisPrefix: identifier(env, 'REDIS_PREFIX', 'referat', /^[A-Za-z0-9_.:-]{1,64}$/),
    nodeId: identifier(env, 'NODE_ID', `${os.hostname()}-${process.pid}`, /^[A-Za-z0-9_.:-]{1,64}$/),
    drainTimeoutMs: integer(env, 'DRAIN_TIMEOUT_MS', 10_000, 0, 600_000),
    metricsToken: secret(env, 'METRICS_TOKEN', MIN_METRICS_TOKEN_CHARS),
    maxAwarenessBytes: integer(env, 'MAX_AWARENESS_BYTES', DEFAULT_MAX_AWARENESS_BYTES, 256, 1024 * 1024),
    rateLimits: rateLimits(env, maxMessageBytes),
    trustedProxies: addressRanges(env, 'TRUSTED_PROXIES'),
    adminFailures: budget(env, 'ADMIN_FAILURE', 10, 15 * 60 * 1000),
    tokenFailures: budget(env, 'TOKEN_FAILURE', 30, 60 * 1000),
    upgradeRefusals: budget(env, 'UPGRADE_REFUSAL', 60, 60 * 1000),
    verifyRequests: budget(env, 'VERIFY_REQUEST', 30, 60 * 1000),
    searchRequests: budget(env, 'SEARCH_REQUEST', 120, 60 * 1000),
    searchIndexDelayMs: integer(env, 'SEARCH_INDEX_DELAY_MS', 3000, 0, 600_000),
    upgradeTimeoutMs: integer(env, 'UPGRADE_TIMEOUT_MS', DEFAULT_UPGRADE_TIMEOUT_MS, 1000, 300_000),
    oidc: readOidcConfig(env, (message) => new ConfigError(message), integer(env, 'OIDC_CLOCK_TOLERANCE_S', 60, 0, 600)),
    sessionHours: integer(env, 'SESSION_HOURS', 12, 1, 24 * 30),
    archive: archiveMetadataFromEnv(env, (message) => new ConfigError(message)),
    webhooks: webhookConfig(env),
  }
}
