import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, type RunningServer } from '../../server/app'
import { readConfig, type ServerConfig } from '../../server/config'
import { TEST_ADMIN_TOKEN } from './api'
import { withTimeout } from './waitFor'

/** A fresh temporary DATA_DIR, removed by the returned cleanup. */
export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-test-'))
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) }
}

/** An in-process test server and its temporary data directory. */
export interface TestServer extends RunningServer {
  readonly dataDir: string
  /** ws://... base of the sync endpoint (`${wsUrl}/sync/<docName>`). */
  readonly wsUrl: string
  /** The admin credential (ADMIN_TOKEN). */
  readonly adminToken: string
  /** Closes the server and removes its data directory. */
  stop(): Promise<void>
}

/**
 * Starts the real server in-process on 127.0.0.1, port 0, with a temporary DATA_DIR (or `dataDir`),
 * ADMIN_TOKEN = TEST_ADMIN_TOKEN (unless `env` sets it) and quiet logs (set TEST_LOG=debug to see
 * them).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<TestServer> {
  const temp = dataDir ? null : tempDataDir()
  const config: ServerConfig = readConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir ?? temp!.dir,
    STATIC_DIR: path.join(dataDir ?? temp!.dir, 'no-client'),
    LOG_LEVEL: process.env.TEST_LOG ?? 'silent',
    ADMIN_TOKEN: TEST_ADMIN_TOKEN,
    ...env,
  })
  const server = await startServer(config)
  return {
    ...server,
    close: server.close,
    dataDir: config.dataDir,
    wsUrl: server.url.replace(/^http/, 'ws'),
    adminToken: config.adminToken!,
    async stop() {
      await server.close()
      temp?.remove()
    },
  }
}

/** A server running as a child process (`node --import tsx server/main.ts`). */
export interface SpawnedServer {
  readonly url: string
  readonly wsUrl: string
  readonly child: ChildProcess
  /** The admin credential: ADMIN_TOKEN, or the one the server printed on its first start, or null. */
  readonly adminToken: string | null
  /** Everything the process wrote to stdout so far. */
  stdout(): string
  /** Everything the process wrote to stderr (the log lines) so far. */
  stderr(): string
  /** kill -9; resolves when the process is gone. */
  kill9(): Promise<void>
}

const repoRoot = path.resolve(import.meta.dirname, '../..')

/**
 * Starts the server as a child process on port 0 and waits for its "Referat kjører på" line.
 * ADMIN_TOKEN is TEST_ADMIN_TOKEN unless `env` sets it; `opts.adminToken: false` leaves it unset,
 * so the server generates and prints its own on a first start. `opts.nodeArgs` go to node before the
 * script (e.g. another `--import` preload, `--cpu-prof`). `opts.wrap` is a command line that runs
 * node (appended as its last arguments), e.g. to start it in a mount namespace of its own; it
 * must `exec` node so that kill9 reaches the server. `opts.built` is the path of a compiled
 * server's main.js (`vite build --config vite.server.config.ts`), run with plain node.
 */
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  opts: { adminToken?: boolean; nodeArgs?: string[]; wrap?: string[]; built?: string } = {},
): Promise<SpawnedServer> {
  const childEnv: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' }
  if (opts.adminToken === false) delete childEnv.ADMIN_TOKEN
  else childEnv.ADMIN_TOKEN = TEST_ADMIN_TOKEN
  Object.assign(childEnv, env)
  // `node --import tsx` runs the server in this very process: the tsx CLI would fork a grandchild
  // that survives a kill -9 of its parent, and the crash under test would never happen.
  // `opts.built`: the compiled server (`npm run build:server`) instead, as `npm start` runs it.
  const command = opts.built
    ? [process.execPath, '--enable-source-maps', ...(opts.nodeArgs ?? []), opts.built]
    : [process.execPath, '--import', 'tsx', ...(opts.nodeArgs ?? []), 'server/main.ts']
  const [file, ...args] = [...(opts.wrap ?? []), ...command]
  const child = spawn(file, args, {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  let stdout = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const match = /Referat kjører på (http:\/\/\S+)/.exec(stdout)
        if (match) resolve(match[1])
      })
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)))
    }),
    20_000,
    'the spawned server to print its URL',
  )
  const printed = /Administratornøkkel \(vises bare nå\): (\S+)/.exec(stdout)
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    child,
    adminToken: childEnv.ADMIN_TOKEN ?? printed?.[1] ?? null,
    stdout: () => stdout,
    stderr: () => stderr,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await withTimeout(exited, 10_000, 'the killed server to exit')
    },
  }
}
