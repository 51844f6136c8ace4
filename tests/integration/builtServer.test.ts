import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { unzipSync, strFromU8 } from 'fflate'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  appendText,
  connectClient,
  createMeeting,
  findNode,
  minutesJSON,
  minutesOf,
  spawnServer,
  tempDataDir,
  waitFor,
  type SpawnedServer,
  type TestClient,
} from '../helpers'

const repoRoot = path.resolve(import.meta.dirname, '../..')

/** `npm run build:server` into a directory of this test's own (dist/ may be in use). */
function buildServer(outDir: string): void {
  const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js')
  const args = [vite, 'build', '--config', 'vite.server.config.ts', '--outDir', outDir, '--logLevel', 'warn']
  const build = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`the server build failed (${build.status}): ${build.stderr}`)
}

describe('the compiled server (npm start runs dist/server/main.js)', () => {
  let outDir = ''
  let main = ''
  const clients: TestClient[] = []
  const servers: SpawnedServer[] = []
  let data: ReturnType<typeof tempDataDir> | null = null

  beforeAll(() => {
    // Inside the repository (.tmp/ is ignored by git): the compiled server resolves its packages
    // from node_modules above it, as dist/server does.
    fs.mkdirSync(path.join(repoRoot, '.tmp'), { recursive: true })
    outDir = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'built-server-'))
    buildServer(outDir)
    main = path.join(outDir, 'main.js')
  }, 120_000)
  afterAll(() => {
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true })
  })
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of servers.splice(0)) await s.kill9()
    data?.remove()
  })

  it('is plain JavaScript with source maps back to the TypeScript, and brings the SQLite append worker', () => {
    const code = fs.readFileSync(main, 'utf8')
    // No TypeScript loader is needed: nothing imports tsx or a .ts file at run time.
    expect(code).not.toMatch(/from ["'][^"']*\.ts["']|["']tsx["']/)
    const map = JSON.parse(fs.readFileSync(`${main}.map`, 'utf8')) as { sources: string[] }
    const sources = map.sources.map((s) => path.resolve(outDir, s))
    expect(sources).toContain(path.join(repoRoot, 'server', 'main.ts'))
    expect(sources).toContain(path.join(repoRoot, 'server', 'rooms', 'Room.ts'))
    // Packages stay in node_modules (better-sqlite3 is native): none of them is compiled in.
    expect(map.sources.some((s) => s.includes('node_modules'))).toBe(false)
    expect(fs.existsSync(path.join(outDir, 'sqliteAppendWorker.mjs'))).toBe(true)
  })

  it('stores edits durably across kill -9 and restart, exports PDF and DOCX, and serves the client', async () => {
    data = tempDataDir()
    // A client build of its own: the test must not depend on dist/client having been built.
    const staticDir = path.join(data.dir, 'static')
    fs.mkdirSync(staticDir)
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>Referat</title><div id="root"></div>')
    const env = { STATIC_DIR: staticDir }
    const first = await spawnServer(data.dir, env, { built: main })
    servers.push(first)
    const meeting = await createMeeting(first.url, { title: 'Referat fra møte i styringsgruppen', number: '4/2020', date: '2020-11-26' })
    const a = connectClient(first.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    const b = connectClient(first.wsUrl, meeting.id, { token: meeting.tokens.medlem })
    clients.push(a, b)
    await Promise.all([a.synced, b.synced])
    appendText(a.doc, 'meetingPlace', 'Videomøte')
    await waitFor(() => findNode(minutesOf(b.doc), 'meetingPlace').node.textContent === 'Videomøte', 5000, 'the medlem to see the edit')
    const seen = minutesJSON(b.doc)

    const index = await fetch(`${first.url}/`)
    expect(index.status).toBe(200)
    expect(await index.text()).toContain('<div id="root">')
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'")

    const exportOf = async (ext: string) => {
      const res = await fetch(`${first.url}/api/meetings/${meeting.id}/export.${ext}`, { headers: { authorization: `Bearer ${meeting.tokens.medlem}` } })
      expect(res.status, ext).toBe(200)
      return new Uint8Array(await res.arrayBuffer())
    }
    // The PDF and DOCX renderers are chunks of their own, loaded on first use: they must resolve.
    const pdfFile = path.join(data.dir, 'referat.pdf')
    fs.writeFileSync(pdfFile, await exportOf('pdf'))
    expect(execFileSync('pdftotext', ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' })).toContain('Videomøte')
    expect(execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' })).toContain('NotoSans')
    expect(strFromU8(unzipSync(await exportOf('docx'))['word/document.xml'])).toContain('Videomøte')

    await first.kill9()
    a.destroy()
    b.destroy()
    const second = await spawnServer(data.dir, env, { built: main })
    servers.push(second)
    const fresh = connectClient(second.wsUrl, meeting.id, { token: meeting.tokens.sekretær })
    clients.push(fresh)
    await fresh.synced
    expect(minutesJSON(fresh.doc)).toEqual(seen)
  })
})
