import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import net from 'node:net'
import pg from 'pg'
import { TEST_ADMIN_TOKEN } from './api'
import { spawnServer, tempDataDir, type SpawnedServer } from './server'
import { withTimeout } from './waitFor'

/** The PostgreSQL the multi-node tests share (a fresh schema each): TEST_DATABASE_URL or the local test database. */
export const CLUSTER_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** The signing secret every node of a test cluster shares (≥ 32 characters). */
export const CLUSTER_TOKEN_SECRET = 'cluster-test-token-secret-0123456789abcdef'

const HOW_TO_START_POSTGRES =
  'Start it with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start` ' +
  '(install with `apt-get install -y postgresql`; `.ci/run` does both), or set TEST_DATABASE_URL to a database ' +
  'where this user may create schemas.'

const HOW_TO_GET_REDIS =
  'The multi-node tests start their own `redis-server` (so they can kill and restart it): install it with ' +
  '`apt-get install -y redis-server` (`.ci/run` does this), or set REDIS_SERVER_BIN to its path.'

const REDIS_SERVER_BIN = process.env.REDIS_SERVER_BIN ?? 'redis-server'

/** A random lower-case suffix for schema names and Redis prefixes. */
export function randomSuffix(): string {
  return crypto.randomBytes(6).toString('hex')
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as net.AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/**
 * Connects to PostgreSQL (bounded) and returns the client, or throws an error saying how to start
 * it. The caller ends the client.
 */
export async function requirePostgres(url: string = CLUSTER_DATABASE_URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return client
  } catch (err) {
    await client.end().catch(() => undefined)
    throw new Error(`PostgreSQL is not reachable at ${url} (${(err as Error).message}). ${HOW_TO_START_POSTGRES}`)
  }
}

/** Drops a schema and everything in it (the servers created it). */
export async function dropSchema(schema: string, url: string = CLUSTER_DATABASE_URL): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a plain schema name: ${schema}`)
  const client = await requirePostgres(url)
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await client.end().catch(() => undefined)
  }
}

/** Sends PING over a raw socket; resolves true on +PONG (bounded by `timeoutMs`). */
export function redisPing(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    let answer = ''
    const done = (ok: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(ok)
    }
    const timer = setTimeout(() => done(false), timeoutMs)
    socket.on('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk: Buffer) => {
      answer += chunk.toString()
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'))
    })
    socket.on('error', () => done(false))
  })
}

/** A redis-server child process of the test, on its own port, without persistence. */
export interface TestRedis {
  readonly port: number
  /** redis://127.0.0.1:<port> */
  readonly url: string
  /** The PID of the running redis-server, or null while it is stopped. */
  pid(): number | null
  /** kill -9 of the redis-server; resolves once it exited. */
  kill(): Promise<void>
  /** Starts it again on the same port (after kill); resolves once it answers PING. */
  start(): Promise<void>
}

/** Starts `redis-server --port <free port> --bind 127.0.0.1 --save "" --appendonly no` and waits for PING. */
export async function startTestRedis(port?: number): Promise<TestRedis> {
  const probe = spawnSync(REDIS_SERVER_BIN, ['--version'], { encoding: 'utf8', timeout: 5000 })
  if (probe.error || probe.status !== 0) {
    throw new Error(`redis-server cannot run (${probe.error?.message ?? probe.stderr}). ${HOW_TO_GET_REDIS}`)
  }
  const redisPort = port ?? (await freePort())
  let child: ChildProcess | null = null
  let exited: Promise<void> = Promise.resolve()
  let output = ''

  const start = async () => {
    if (child) throw new Error('the test redis-server is already running')
    output = ''
    const proc = spawn(
      REDIS_SERVER_BIN,
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    )
    child = proc
    proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    proc.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    exited = new Promise<void>((resolve) =>
      proc.once('exit', () => {
        if (child === proc) child = null
        resolve()
      }),
    )
    const deadline = Date.now() + 10_000
    while (!(await redisPing(redisPort, 500))) {
      if (child !== proc) throw new Error(`the test redis-server on port ${redisPort} exited: ${output.trim()}. ${HOW_TO_GET_REDIS}`)
      if (Date.now() > deadline) {
        proc.kill('SIGKILL')
        throw new Error(`the test redis-server on port ${redisPort} did not answer PING within 10 s: ${output.trim()}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }

  await start()
  return {
    port: redisPort,
    url: `redis://127.0.0.1:${redisPort}`,
    pid: () => child?.pid ?? null,
    async kill() {
      const proc = child
      if (!proc) return
      proc.kill('SIGKILL')
      await withTimeout(exited, 10_000, 'the test redis-server to exit')
    },
    start,
  }
}

/** One node of a test cluster: a spawned server with its own DATA_DIR. */
export interface ClusterNode extends SpawnedServer {
  readonly nodeId: string
  /** kill -9 and remove its DATA_DIR. */
  stop(): Promise<void>
}

/** Nodes sharing one PostgreSQL schema and one Redis. */
export interface TestCluster {
  readonly schema: string
  readonly redisPrefix: string
  readonly redis: TestRedis
  readonly nodes: ClusterNode[]
  /** Spawns `node --import tsx server/main.ts` as NODE_ID `nodeId` on the shared schema and Redis. */
  startNode(nodeId: string, env?: Record<string, string>): Promise<ClusterNode>
  /** Stops every node and the test's redis-server, drops the schema. */
  destroy(): Promise<void>
}

/**
 * A cluster on a fresh schema `referat_mn_<random>` (created by the servers, dropped by destroy),
 * a fresh REDIS_PREFIX and the test's own redis-server. Fails (never skips) with how to start
 * PostgreSQL or install redis-server when they are missing.
 */
export async function startCluster(): Promise<TestCluster> {
  const admin = await requirePostgres()
  await admin.end().catch(() => undefined)
  const redis = await startTestRedis()
  const schema = `referat_mn_${randomSuffix()}`
  const redisPrefix = `referat-test-${randomSuffix()}`
  const nodes: ClusterNode[] = []
  return {
    schema,
    redisPrefix,
    redis,
    nodes,
    async startNode(nodeId, env = {}) {
      const data = tempDataDir()
      let server: SpawnedServer
      try {
        server = await spawnServer(data.dir, {
          DATABASE_URL: CLUSTER_DATABASE_URL,
          DATABASE_SCHEMA: schema,
          REDIS_URL: redis.url,
          REDIS_PREFIX: redisPrefix,
          NODE_ID: nodeId,
          TOKEN_SECRET: CLUSTER_TOKEN_SECRET,
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          ...env,
        })
      } catch (err) {
        data.remove()
        throw err
      }
      const node: ClusterNode = {
        ...server,
        nodeId,
        async stop() {
          await server.kill9()
          data.remove()
        },
      }
      nodes.push(node)
      return node
    },
    async destroy() {
      const errors: unknown[] = []
      for (const node of nodes.splice(0)) await node.stop().catch((err: unknown) => errors.push(err))
      await redis.kill().catch((err: unknown) => errors.push(err))
      await dropSchema(schema).catch((err: unknown) => errors.push(err))
      if (errors.length) throw new AggregateError(errors, 'cluster clean-up failed')
    },
  }
}
