// `npm start`: build the client and the server when either is missing or older than its sources,
// then run the compiled server (dist/server/main.js, plain Node with source maps) in this
// process's place, forwarding signals. tsx is for development (`npm run serve`) and the tests.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js')

/** Newest modification time of any file under `path` (a file or a directory), in ms. */
function newestMtimeMs(path) {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = 0
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtimeMs(join(path, entry)))
  return newest
}

/** What is built, from which sources, with which Vite config (undefined: vite.config.ts). */
const TARGETS = [
  {
    what: 'klienten',
    output: join(root, 'dist', 'client', 'index.html'),
    sources: ['client', 'shared', 'vite.config.ts'],
    config: undefined,
  },
  {
    what: 'serveren',
    output: join(root, 'dist', 'server', 'main.js'),
    sources: ['server', 'shared', 'vite.server.config.ts'],
    config: 'vite.server.config.ts',
  },
]

function isStale(target) {
  if (!existsSync(target.output)) return true
  const sources = Math.max(...target.sources.map((source) => newestMtimeMs(join(root, source))))
  return sources > statSync(target.output).mtimeMs
}

for (const target of TARGETS) {
  if (!isStale(target)) continue
  console.log(`Bygger ${target.what} …`)
  const args = [vite, 'build', '--logLevel', 'warn', ...(target.config ? ['--config', target.config] : [])]
  const build = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
  if (build.status !== 0) {
    console.error(`Byggingen av ${target.what} feilet.`)
    process.exit(build.status ?? 1)
  }
}

// --expose-gc: the rooms give memory back after a wave of unloads with one full collection
// (server/rooms/MemoryRelease.ts); with the flag given here it needs no run-time flag setting.
const server = spawn(process.execPath, ['--enable-source-maps', '--expose-gc', join(root, 'dist', 'server', 'main.js')], { cwd: root, stdio: 'inherit' })
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal))
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
