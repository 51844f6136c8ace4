import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { OriginPolicy, TokenAuthority, loadSecrets } from './auth'
import type { ServerConfig } from './config'
import { RedisRelay } from './cluster/RedisRelay'
import { createRequestHandler } from './http'
import { log, setLogLevel } from './log'
import { PostgresStorage, SqliteStorage, type Storage } from './persistence'
import { RoomRegistry } from './rooms'
import { createSyncEndpoint } from './transport'

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
  /**
   * The admin credential when this start generated it (first start without ADMIN_TOKEN), for
   * main.ts to print once; null otherwise. Never log it.
   */
  readonly generatedAdminCredential: string | null
  /** Closes peers (CLOSE.goingAway), compacts and unloads rooms, stops listening, closes storage. */
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
  const origins = new OriginPolicy({ allowedOrigins: config.allowedOrigins, publicUrl: config.publicUrl })
  let relay: RedisRelay | null = null
  if (config.redisUrl) {
    relay = new RedisRelay(config.redisUrl, config.redisPrefix, config.nodeId, () => rooms.resync())
    try {
      await relay.ready()
    } catch (err) {
      await relay.close()
      await storage.close()
      throw err
    }
  }
  const rooms: RoomRegistry = new RoomRegistry(storage, {
    roomIdleMs: config.roomIdleMs,
    compactAfterUpdates: config.compactAfterUpdates,
    pendingTimeoutMs: config.pendingTimeoutMs,
    relay: relay ?? undefined,
  })
  const endpoint = createSyncEndpoint({ registry: rooms, maxMessageBytes: config.maxMessageBytes, auth, origins })
  const server = http.createServer(
    createRequestHandler({ store: storage, auth, origins, rooms, publicUrl: config.publicUrl, staticDir: config.staticDir }),
  )
  server.on('upgrade', (req, socket, head) => endpoint.handleUpgrade(req, socket, head))
  server.on('clientError', (_err, socket) => socket.destroy())
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(config.port, config.host, () => resolve())
    })
  } catch (err) {
    await relay?.close()
    await storage.close()
    throw err
  }
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | null = null
  return {
    url: `http://${host}:${port}`,
    port,
    rooms,
    storage,
    auth,
    generatedAdminCredential: secrets.generatedAdminCredential,
    close() {
      closing ??= (async () => {
        await rooms.shutdown()
        await relay?.close()
        await endpoint.close()
        await new Promise<void>((resolve) => {
          server.close(() => resolve())
          server.closeAllConnections()
        })
        await storage.close()
        log.info('server stopped')
      })()
      return closing
    },
  }
}

/** PostgreSQL when DATABASE_URL is set (several nodes), else the embedded SQLite in DATA_DIR. */
async function openStorage(config: ServerConfig): Promise<Storage> {
  if (config.databaseUrl) return PostgresStorage.open(config.databaseUrl, { schema: config.databaseSchema })
  return new SqliteStorage(config.dataDir)
}
