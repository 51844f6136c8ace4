import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { Redis } from 'ioredis'
import { AccessChanges, OidcSignIn, OriginPolicy, SessionAuthority, SignInPolicy, TokenAuthority, cookieNames, loadSecrets } from './auth'
import type { ServerConfig } from './config'
import { CLOSE } from '../shared/protocol'
import { RedisRelay } from './cluster/RedisRelay'
import { Health, READY_TIMEOUT_MS } from './health'
import { createRequestHandler } from './http'
import { FailureLimits, TrustedProxies, enforceRequestDeadline, requestDeadlineOptions, unmapIPv4 } from './limits'
import { log, setLogLevel } from './log'
import { ServerMetrics } from './metrics'
import { PostgresStorage, SqliteStorage, type Storage } from './persistence'
import { HistoryRecorder } from './record'
import { ActionSync } from './actions'
import { RoomRegistry } from './rooms'
import { SearchIndexer, openSearchIndex } from './search'
import { createSyncEndpoint } from './transport'
import { Webhooks } from './webhooks'

/** A running server. */
export interface RunningServer {
  /** `http://host:port` with the real port. */
  readonly url: string
  readonly port: number
  readonly rooms: RoomRegistry
  /** @internal for tests: the open storage. */
  readonly storage: Storage
  /** @internal for tests: mints and verifies tokens. */
  readonly auth: TokenAuthority
  /** This server's metrics (its own prom-client Registry), served on /metrics. */
  readonly metrics: ServerMetrics
  /**
   * The admin credential when this start generated it (first start without ADMIN_TOKEN), for
   * main.ts to print once; null otherwise. Never log it.
   */
  readonly generatedAdminCredential: string | null
  /**
   * Graceful shutdown: marks the node not ready (/readyz 503, upgrades refused with 503), closes
   * peers (CLOSE.goingAway), commits, compacts and unloads rooms (for at most DRAIN_TIMEOUT_MS),
   * stops listening, closes storage.
   */
  close(): Promise<void>
}

/** Extra wiring for tests. @internal */
export interface StartOptions {
  /** Use this storage instead of opening SQLite in `config.dataDir`. */
  readonly storage?: Storage
}

/**
 * Starts the HTTP server, the API and the sync endpoint on one port (0 picks a free one).
 * Resolves once listening; rejects if the port cannot be bound or storage cannot be opened.
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  setLogLevel(config.logLevel)
  const secrets = loadSecrets(config.dataDir, { tokenSecret: config.tokenSecret, adminToken: config.adminToken })
  const storage = options.storage ?? (await openStorage(config))
  const auth = new TokenAuthority(secrets, storage)
  const signInPolicy = new SignInPolicy(storage, config.oidc !== null)
  auth.useSignInPolicy(signInPolicy)
  const metrics = new ServerMetrics({ nodeId: config.nodeId })
  const health = new Health(() => storage.getMeeting('readyz-probe'), READY_TIMEOUT_MS, {
    readOnly: () => storage.readOnly === true,
    busyForMs: () => rooms.storageBusyForMs(),
  })
  if (storage.readOnly) log.warn('storage is read-only: serving stored meetings for reading only', { dataDir: config.dataDir })
  const origins = new OriginPolicy({ allowedOrigins: config.allowedOrigins, publicUrl: config.publicUrl })
  // Sign-in only with OIDC_ISSUER: without it no cookie is ever looked at.
  const signIn = config.oidc
    ? {
        oidc: new OidcSignIn(config.oidc),
        sessions: new SessionAuthority(storage, config.sessionHours),
        cookies: cookieNames(config.publicUrl),
        tokenSecret: secrets.tokenSecret,
      }
    : undefined
  // A revoked token, an ended session or a role that must now sign in closes the connections it
  // ends, on this node at once and (through the relay) on the others.
  const access = new AccessChanges((change) => {
    if (change.kind === 'token') return rooms.closeToken(change.tokenId, CLOSE.tokenRevoked)
    if (change.kind === 'session') return signIn?.sessions.closeConnections(change.sessionId) ?? 0
    return rooms.closeLinks(change.meetingId, change.roles, CLOSE.signInRequired)
  })
  // Set once the sync endpoint exists: after Redis was away, every connection is checked again.
  let recheckConnections = () => {}
  let relay: RedisRelay | null = null
  if (config.redisUrl) {
    const resync = () => {
      rooms.resync()
      recheckConnections()
    }
    relay = new RedisRelay(config.redisUrl, config.redisPrefix, config.nodeId, resync, (change) => access.applyRemote(change))
    const published = relay
    access.publishWith((change) => published.publishAccessChange(change))
    try {
      await relay.ready()
    } catch (err) {
      await relay.close()
      await storage.close()
      throw err
    }
  }
  // The search index lives beside the storage; it is kept current off the write path (SearchIndexer).
  const searchIndex = await openSearchIndex(storage)
  const indexer = storage.readOnly ? null : new SearchIndexer(storage, searchIndex, { debounceMs: config.searchIndexDelayMs })
  const actionSync = new ActionSync(storage)
  const rooms: RoomRegistry = new RoomRegistry(storage, {
    roomIdleMs: config.roomIdleMs,
    compactAfterUpdates: config.compactAfterUpdates,
    pendingTimeoutMs: config.pendingTimeoutMs,
    relay: relay ?? undefined,
    metrics,
    maxAwarenessBytes: config.maxAwarenessBytes,
    storageReadOnly: storage.readOnly === true,
    // Off the write path: both only note the meetings and read their minutes from storage later.
    onCommitted: (docNames) => {
      indexer?.changed(docNames)
      actionSync.minutesStored(docNames)
    },
  })
  metrics.observeRooms(rooms)
  metrics.observeStorage({ readOnly: storage.readOnly === true, busyForMs: () => rooms.storageBusyForMs() })
  const isDraining = () => health.isDraining
  const operations = { health, metrics, metricsToken: config.metricsToken }
  const limitsRedis = config.redisUrl ? limitsRedisClient(config.redisUrl, config.nodeId) : null
  const limits = {
    proxies: new TrustedProxies(config.trustedProxies),
    failures: new FailureLimits({
      budgets: { 'admin-credential': config.adminFailures, 'token-check': config.tokenFailures, 'upgrade-refused': config.upgradeRefusals, 'verify-request': config.verifyRequests, 'search-request': config.searchRequests },
      metrics,
      redis: limitsRedis ? { client: limitsRedis, prefix: config.redisPrefix } : undefined,
    }),
  }
  const history = new HistoryRecorder(storage)
  const webhooks = new Webhooks(storage.webhookStore(), {
    nodeId: config.nodeId,
    publicUrl: config.publicUrl,
    policy: config.webhooks.policy,
    limits: config.webhooks.limits,
    pollMs: config.webhooks.pollMs,
    concurrency: config.webhooks.concurrency,
    metrics,
  })
  metrics.observeWebhooks(() => webhooks.store.countWebhookDeliveries('pending'))
  const endpoint = createSyncEndpoint({
    registry: rooms,
    maxMessageBytes: config.maxMessageBytes,
    auth,
    origins,
    metrics,
    isDraining,
    rateLimits: config.rateLimits,
    limits,
    signIn: signIn && { sessions: signIn.sessions, cookieName: signIn.cookies.session },
  })
  recheckConnections = () => {
    endpoint.recheckAll().then(
      (closed) => log.info('connections re-checked after the relay reconnected', { closed }),
      (err: unknown) => log.error('re-checking connections failed', { err }),
    )
  }
  const server = http.createServer(
    requestDeadlineOptions(config.upgradeTimeoutMs),
    createRequestHandler({
      store: storage,
      auth,
      origins,
      rooms,
      publicUrl: config.publicUrl,
      staticDir: config.staticDir,
      operations,
      storageReadOnly: storage.readOnly === true,
      limits,
      signIn,
      signInPolicy,
      access,
      history,
      webhooks,
      actionSync,
      archive: config.archive,
      search: searchIndex,
      searchIndexer: indexer ?? undefined,
    }),
  )
  server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head))
  // Silent, or too slow to send its request line and headers: a slowloris, or a dead client.
  // Counted once per connection: Node's own header check may still report one this deadline closed.
  const timedOut = new WeakSet<Socket>()
  const requestTimedOut = (socket: Socket) => {
    if (timedOut.has(socket)) return
    timedOut.add(socket)
    metrics.limitTripped('upgrade-timeout')
    log.warn('request deadline passed; closing connection', { address: unmapIPv4(socket.remoteAddress ?? 'unknown'), upgradeTimeoutMs: config.upgradeTimeoutMs })
  }
  enforceRequestDeadline(server, config.upgradeTimeoutMs, requestTimedOut)
  // A kept-alive connection that already served a request and now idles is closed by Node's own
  // timers: that is no client stalling its first request, so it is neither counted nor logged.
  const served = new WeakSet<Socket>()
  server.on('request', (req: http.IncomingMessage) => served.add(req.socket))
  server.on('clientError', (err: Error & { code?: string }, socket: Socket) => {
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' && !served.has(socket)) {
      requestTimedOut(socket)
      if (socket.writable) socket.end('HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    }
    socket.destroy()
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => resolve())
    })
  } catch (err) {
    limitsRedis?.disconnect()
    await relay?.close()
    await storage.close()
    throw err
  }
  // Ended sessions (and their ID tokens) are personal data: deleted a day after they ended.
  indexer?.start()
  const stopSessionCleanup = signIn && !storage.readOnly ? signIn.sessions.startCleanup() : () => {}
  // Every node delivers; the outbox's leases keep two nodes from sending one delivery.
  if (!storage.readOnly) webhooks.start()
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | null = null
  return {
    url: `http://${host}:${port}`,
    port,
    rooms,
    storage,
    auth,
    metrics,
    generatedAdminCredential: secrets.generatedAdminCredential,
    close() {
      closing ??= (async () => {
        stopSessionCleanup()
        // No new webhook claims from here; attempts in flight finish (or their lease covers them)
        // while the rooms drain.
        const webhooksStopped = webhooks.stop(config.drainTimeoutMs)
        // Not ready first: the load balancer stops sending clients here while the rest drains.
        health.startDraining()
        metrics.setDraining(true)
        const drainedInTime = await settlesWithin(rooms.shutdown(), config.drainTimeoutMs)
        if (!drainedInTime) log.warn('drain timed out; closing anyway', { drainTimeoutMs: config.drainTimeoutMs })
        await indexer?.close()
        await relay?.close()
        limitsRedis?.disconnect()
        await endpoint.close(drainedInTime ? undefined : 0)
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        // Acts that stand are recorded before storage closes (record() never rejects).
        await history.settledAll()
        await webhooks.settledAll()
        await webhooksStopped
        await actionSync.close()
        await storage.close()
        log.info('server stopped')
      })()
      return closing
    },
  }
}

/**
 * The limits' own Redis connection (the relay's subscriber cannot run commands). Commands fail
 * at once while Redis is away and after 500 ms when it hangs, so the limits fall back to memory
 * instead of keeping a sign-in waiting.
 */
function limitsRedisClient(url: string, nodeId: string): Redis {
  const client = new Redis(url, {
    connectionName: `${nodeId}-limits`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 500,
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  })
  client.on('error', (err: Error) => log.warn('redis error', { connection: 'limits', detail: err.message }))
  return client
}

/** True when `promise` settles within `ms` (its rejection is logged), false when the time ran out first. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)))
  const settled = promise.then(
    () => true as const,
    (err: unknown) => {
      log.error('drain failed', { err })
      return true as const
    },
  )
  try {
    return await Promise.race([settled, expired])
  } finally {
    clearTimeout(timer)
  }
}

/** PostgreSQL when DATABASE_URL is set (several nodes), else the embedded SQLite in DATA_DIR. */
async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) return PostgresStorage.open(config.databaseUrl, { schema: config.databaseSchema })
  return new SqliteStorage(config.dataDir)
}
