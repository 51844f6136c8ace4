import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { startServer, type RunningServer } from '../../server/app'
import { readConfig, type ServerConfig } from '../../server/config'
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
  /** Closes the server and removes its data directory. */
  stop(): Promise<void>
}

/**
 * Starts the real server in-process on 127.0.0.1, port 0, with a temporary DATA_DIR (or `dataDir`)
 * and quiet logs (set TEST_LOG=debug to see them).
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
    ...env,
  })
  const server = await startServer(config)
  return {
    ...server,
    close: server.close,
    dataDir: config.dataDir,
    wsUrl: server.url.replace(/^http/, 'ws'),
    async stop() {
      await server.close()
      temp?.remove()
    },
  }
}

/** A server running as a child process (`npx tsx server/main.ts`). */
export interface SpawnedServer {
  readonly url: string
  readonly wsUrl: string
  readonly child: ChildProcess
  /** kill -9; resolves when the process is gone. */
  kill9(): Promise<void>
}

const repoRoot = path.resolve(import.meta.dirname, '../..')

/** Starts the server as a child process on port 0 and waits for its "Referat kjører på" line. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<SpawnedServer> {
  // `node --import tsx` runs the server in this very process: the tsx CLI would fork a grandchild
  // that survives a kill -9 of its parent, and the crash under test would never happen.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const url = await withTimeout(
    new Promise<string>((resolve, reject) => {
      let stdout = ''
      child.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
        const match = /Referat kjører på (http:\/\/\S+)/.exec(stdout)
        if (match) resolve(match[1])
      })
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)))
    }),
    20_000,
    'the spawned server to print its URL',
  )
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    child,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await withTimeout(exited, 10_000, 'the killed server to exit')
    },
  }
}
