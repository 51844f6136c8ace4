// Seal on approval, ?version= exports, POST /api/verify and the Noark 5 package, against the real
// server and its SQLite file (tampering is done on that file directly, as an intruder would).
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { unzipSync, zipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sealHashOf } from '../../shared/record'
import type { VersionInfo } from '../../shared/register'
import { DATABASE_FILE } from '../../server/persistence'
import { api, createMeeting, startTestServer, type CreatedMeeting, type TestServer } from '../helpers'

const XSD = path.resolve('standards/noark5-v5.0/arkivstruktur.xsd')
const SAMI = 'Sámediggi – Čoahkkin: Áá Čč Đđ Ŋŋ Šš Ŧŧ Žž'

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex')

async function download(server: TestServer, meeting: CreatedMeeting, file: string, token = meeting.tokens.medlem) {
  const res = await fetch(`${server.url}/api/meetings/${meeting.id}/${file}`, { headers: { authorization: `Bearer ${token}` } })
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
}

/** POST /api/verify with `bytes` as the raw body. */
async function verifyRaw(server: TestServer, bytes: Uint8Array, contentType = 'application/octet-stream') {
  const res = await fetch(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

/** POST /api/verify with `bytes` as the one file of a multipart/form-data body. */
async function verifyForm(server: TestServer, bytes: Uint8Array, filename: string, type = 'application/octet-stream') {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), filename)
  const res = await fetch(`${server.url}/api/verify`, { method: 'POST', body: form })
  return { status: res.status, body: (await res.json()) as Record<string, unknown> }
}

const oneByteChanged = (bytes: Buffer, at = Math.floor(bytes.length / 2)): Buffer => {
  const copy = Buffer.from(bytes)
  copy[at] ^= 0x01
  return copy
}

describe('the seal of an approved referat', () => {
  let server: TestServer
  let meeting: CreatedMeeting
  let draft: VersionInfo
  let db: Database.Database
  const post = (p: string, token: string, body: unknown) => api(server.url, 'POST', `/api/meetings/${meeting.id}${p}`, { token, body })
  const counts = () => ({
    seals: (db.prepare('SELECT count(*) AS n FROM seals').get() as { n: number }).n,
    issued: (db.prepare('SELECT count(*) AS n FROM issued_files').get() as { n: number }).n,
  })

  beforeAll(async () => {
    server = await startTestServer({ VERIFY_REQUEST_LIMIT: '1000', NOARK_ARKIVSKAPER_ID: '974761076' })
    meeting = await createMeeting(server.url, { organ: SAMI, title: 'Referat fra møte i Sámediggi', number: '4/2024', place: 'Kárášjohka' })
    const saved = await post('/versions', meeting.tokens.sekretær, { name: 'Utkast til medlemmer' })
    expect(saved.status).toBe(201)
    draft = (saved.body as { version: VersionInfo }).version
    db = new Database(path.join(server.dataDir, DATABASE_FILE))
  })
  afterAll(async () => {
    db?.close()
    await server.stop()
  })

  it('has no archive package before approval (409), then seals the approved version once', async () => {
    expect((await download(server, meeting, 'export.noark5.zip')).status).toBe(409)
    expect(counts().seals).toBe(0)
    const deadline = new Date(Date.now() + 3_600_000).toISOString()
    expect((await post('/close', meeting.tokens.møteleder, { commentDeadline: deadline })).status).toBe(200)
    const approved = await post('/approve', meeting.tokens.møteleder, { approvedInMeeting: 'Møte 5/2024' })
    expect(approved.status, approved.text).toBe(201)
    const row = db.prepare('SELECT * FROM seals WHERE meeting_id = ?').get(meeting.id) as { sha256: string; canonical_json: string; version_id: string }
    expect(row.version_id).toBe((approved.body as { version: VersionInfo }).version.id)
    expect(sha256(row.canonical_json)).toBe(row.sha256)
    expect(row.canonical_json).toContain(SAMI)
    // A second approval is refused and seals nothing new.
    expect((await post('/approve', meeting.tokens.sekretær, {})).status).toBe(409)
    expect(counts().seals).toBe(1)
  })

  it('exports the sealed version by default: the JSON carries approval and seal, and its content hashes to the seal', async () => {
    const json = await download(server, meeting, 'export.json')
    expect(json.status).toBe(200)
    const body = JSON.parse(json.bytes.toString('utf8')) as { seal: { approvedAt: string; versionName: string }; approval: unknown; version: unknown; status: string; organ: string }
    const row = db.prepare('SELECT sha256, version_id FROM seals WHERE meeting_id = ?').get(meeting.id) as { sha256: string; version_id: string }
    expect(body.seal).toEqual({
      algorithm: 'sha256-jcs',
      sha256: row.sha256,
      approvedAt: expect.any(String),
      approvedIn: 'Møte 5/2024',
      versionId: row.version_id,
      versionName: expect.stringMatching(/^Godkjent /),
    })
    expect(body.approval).toEqual({ approvedAt: body.seal.approvedAt, approvedIn: 'Møte 5/2024', display: expect.stringMatching(/^Godkjent i møte 5\/2024, /i) })
    expect(body.version).toEqual({ id: row.version_id, name: body.seal.versionName })
    expect(body.status).toBe('Godkjent')
    expect(sealHashOf(body)).toBe(row.sha256)
    expect(json.headers.get('x-referat-seal-sha256')).toBe(row.sha256)
    expect(json.headers.get('x-referat-version')).toBe(row.version_id)
    expect(body.organ).toBe(SAMI)
    // The archivist's own check (scripts/verify-seal.mjs, documented in docs/EXPORT_FORMAT.md) agrees.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-seal-'))
    try {
      fs.writeFileSync(path.join(dir, 'referat.json'), json.bytes)
      const check = spawnSync(process.execPath, ['scripts/verify-seal.mjs', path.join(dir, 'referat.json')], { encoding: 'utf8' })
      expect(check.stdout).toContain(`content sha256: ${row.sha256}`)
      expect(check.status).toBe(0)
      fs.writeFileSync(path.join(dir, 'changed.json'), json.bytes.toString('utf8').replace('Kárášjohka', 'Kárášjohka.'))
      expect(spawnSync(process.execPath, ['scripts/verify-seal.mjs', path.join(dir, 'changed.json')]).status).toBe(1)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('exports any saved version with ?version=, unsealed unless it is the approved one; refuses bad and unknown ids', async () => {
    const old = await download(server, meeting, `export.json?version=${draft.id}`)
    expect(old.status).toBe(200)
    const body = JSON.parse(old.bytes.toString('utf8')) as Record<string, unknown>
    expect(body.seal).toBeUndefined()
    expect(body.version).toBeUndefined()
    expect(old.headers.get('x-referat-version')).toBe(draft.id)
    const live = await download(server, meeting, 'export.json?version=current')
    expect(JSON.parse(live.bytes.toString('utf8')).seal).toBeUndefined()
    expect((await download(server, meeting, 'export.pdf?version=nope')).status).toBe(404)
    expect((await download(server, meeting, 'export.pdf?version=..%2Fx')).status).toBe(400)
    expect((await download(server, meeting, `export.md?version=${'x'.repeat(65)}`)).status).toBe(400)
  })

  it('verifies the sealed JSON however it is formatted, and refuses it with one character changed', async () => {
    const json = (await download(server, meeting, 'export.json')).bytes
    const good = await verifyRaw(server, json, 'application/json')
    expect(good.status).toBe(200)
    expect(good.body).toMatchObject({ ok: true, meeting: { id: meeting.id, organ: SAMI, number: '4/2024' }, approvedIn: 'Møte 5/2024', format: 'json' })
    expect((good.body.version as { id: string }).id).toBe(JSON.parse(json.toString('utf8')).seal.versionId)
    // Minified and with its seal member removed: the content is the same.
    const { seal: _seal, ...rest } = JSON.parse(json.toString('utf8')) as Record<string, unknown>
    expect((await verifyRaw(server, Buffer.from(JSON.stringify(rest)))).body.ok).toBe(true)
    const changed = json.toString('utf8').replace('Referat fra møte i Sámediggi', 'Referat fra møte i Sámediggi.')
    expect((await verifyRaw(server, Buffer.from(changed))).body).toMatchObject({ ok: false, code: 'unknown-file' })
  })

  it('verifies an issued PDF and DOCX by their bytes, raw or as a form upload, and refuses them with one byte changed', async () => {
    const before = counts().issued
    const pdf = (await download(server, meeting, 'export.pdf')).bytes
    const docx = (await download(server, meeting, 'export.docx')).bytes
    expect(counts().issued).toBe(before + 2)
    // Dated at the approval, the approved PDF is the same file at every download: no new row.
    expect(Buffer.compare((await download(server, meeting, 'export.pdf')).bytes, pdf)).toBe(0)
    expect(counts().issued).toBe(before + 2)
    expect((await verifyRaw(server, pdf, 'application/pdf')).body).toMatchObject({ ok: true, format: 'pdf', meeting: { id: meeting.id } })
    expect((await verifyForm(server, pdf, 'referat-4-2024.pdf', 'application/pdf')).body).toMatchObject({ ok: true, format: 'pdf' })
    expect((await verifyForm(server, docx, 'referat.docx')).body).toMatchObject({ ok: true, format: 'docx' })
    expect((await verifyRaw(server, oneByteChanged(pdf))).body).toMatchObject({ ok: false, code: 'unknown-file' })
    expect((await verifyRaw(server, oneByteChanged(docx))).body).toMatchObject({ ok: false, code: 'unknown-file' })
    // A draft was never issued as the approved referat.
    const draftPdf = (await download(server, meeting, `export.pdf?version=${draft.id}`)).bytes
    expect((await verifyRaw(server, draftPdf)).body).toMatchObject({ ok: false, code: 'unknown-file' })
  })

  it('reports a seal row or a version row changed in the database, and exports nothing from it', async () => {
    const json = (await download(server, meeting, 'export.json')).bytes
    const pdf = (await download(server, meeting, 'export.pdf')).bytes
    const original = db.prepare('SELECT canonical_json, sha256, version_id FROM seals WHERE meeting_id = ?').get(meeting.id) as {
      canonical_json: string
      sha256: string
      version_id: string
    }
    // The sealed JSON edited (its hash column left alone).
    db.prepare('UPDATE seals SET canonical_json = ? WHERE meeting_id = ?').run(original.canonical_json.replace('Kárášjohka', 'Kautokeino'), meeting.id)
    expect((await verifyRaw(server, pdf)).body).toMatchObject({ ok: false, code: 'seal-changed' })
    expect((await download(server, meeting, 'export.pdf')).status).toBe(500)
    // Both edited consistently: neither the JSON nor a PDF issued under the real seal verifies.
    const forged = original.canonical_json.replace('Referat fra møte i Sámediggi', 'Et annet referat')
    db.prepare('UPDATE seals SET canonical_json = ?, sha256 = ? WHERE meeting_id = ?').run(forged, sha256(forged), meeting.id)
    expect((await verifyRaw(server, json)).body).toMatchObject({ ok: false, code: 'seal-changed' })
    expect((await verifyRaw(server, pdf)).body).toMatchObject({ ok: false, code: 'seal-changed' })
    db.prepare('UPDATE seals SET canonical_json = ?, sha256 = ? WHERE meeting_id = ?').run(original.canonical_json, original.sha256, meeting.id)
    expect((await verifyRaw(server, pdf)).body.ok).toBe(true)
    // The approved version's stored state changed.
    const state = (db.prepare('SELECT state FROM versions WHERE meeting_id = ? AND id = ?').get(meeting.id, original.version_id) as { state: Buffer }).state
    db.prepare('UPDATE versions SET state = ? WHERE meeting_id = ? AND id = ?').run(Buffer.concat([state, Buffer.from([0])]), meeting.id, original.version_id)
    expect((await verifyRaw(server, json)).body).toMatchObject({ ok: false, code: 'version-changed' })
    expect((await download(server, meeting, 'export.json')).status).toBe(500)
    db.prepare('DELETE FROM versions WHERE meeting_id = ? AND id = ?').run(meeting.id, original.version_id)
    expect((await verifyRaw(server, pdf)).body).toMatchObject({ ok: false, code: 'version-missing' })
    db.prepare('INSERT INTO versions SELECT ?, ?, name, created_at, created_by_token_id, created_by_name, created_by_role, ? FROM versions WHERE meeting_id = ? AND id = ?')
      .run(meeting.id, original.version_id, state, meeting.id, draft.id)
    expect((await verifyRaw(server, json)).body.ok).toBe(true)
  })

  it('hands over a Noark 5 package whose arkivstruktur.xml validates against the v5.0 schema (xmllint)', async () => {
    const zip = await download(server, meeting, 'export.noark5.zip', meeting.tokens.sekretær)
    expect(zip.status).toBe(200)
    expect(zip.headers.get('content-type')).toBe('application/zip')
    const files = unzipSync(new Uint8Array(zip.bytes))
    expect(Object.keys(files).sort()).toEqual(['arkivstruktur.xml', 'dokumenter/referat-4-2024.pdf'])
    const xml = Buffer.from(files['arkivstruktur.xml']).toString('utf8')
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'referat-noark-'))
    try {
      fs.writeFileSync(path.join(dir, 'arkivstruktur.xml'), xml)
      const lint = spawnSync('xmllint', ['--noout', '--schema', XSD, path.join(dir, 'arkivstruktur.xml')], { encoding: 'utf8' })
      expect(lint.error, 'xmllint must be installed (Debian: libxml2-utils)').toBeUndefined()
      expect(lint.stderr).toContain('validates')
      expect(lint.status).toBe(0)
      // A broken package is refused by the same check: the test can fail.
      fs.writeFileSync(path.join(dir, 'broken.xml'), xml.replace(/<moetenummer>[^<]*<\/moetenummer>/, ''))
      expect(spawnSync('xmllint', ['--noout', '--schema', XSD, path.join(dir, 'broken.xml')]).status).not.toBe(0)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
    const pdf = files['dokumenter/referat-4-2024.pdf']
    expect(xml).toContain(`<sjekksum>${sha256(pdf)}</sjekksum><sjekksumAlgoritme>SHA256</sjekksumAlgoritme><filstoerrelse>${pdf.byteLength}</filstoerrelse>`)
    expect(xml).toContain('<referanseDokumentfil>dokumenter/referat-4-2024.pdf</referanseDokumentfil>')
    expect(xml).toContain(`<moetenummer>4/2024</moetenummer><utvalg>${SAMI}</utvalg><moetedato>2024-03-01</moetedato><moetested>Kárášjohka</moetested>`)
    expect(xml).toContain('<arkivskaperID>974761076</arkivskaperID>')
    const saker = execFileSync('xmllint', ['--xpath', 'count(//*[local-name()="moetesakstype"])', '-'], { input: xml, encoding: 'utf8' })
    expect(Number(saker)).toBeGreaterThan(0)
    // The PDF inside and the package itself verify.
    expect((await verifyRaw(server, pdf)).body).toMatchObject({ ok: true, format: 'pdf' })
    expect((await verifyRaw(server, zip.bytes)).body).toMatchObject({ ok: true, format: 'noark5.zip' })
  })

  describe('bad input to POST /api/verify: a clear error, nothing stored', () => {
    let before: { seals: number; issued: number }
    beforeAll(() => {
      before = counts()
    })
    afterAll(() => {
      expect(counts()).toEqual(before)
    })

    it('refuses a 50 MB body with 413 before reading it', async () => {
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/pdf', 'content-length': 50 * 1024 * 1024 } })
        req.on('response', (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        // The server hangs up after answering: what the client was still sending fails to send.
        req.on('error', (err) => (['EPIPE', 'ECONNRESET'].includes((err as NodeJS.ErrnoException).code ?? '') ? undefined : reject(err)))
        req.write(Buffer.alloc(64 * 1024, 0x25))
      })
      expect(status).toBe(413)
    })

    it('refuses a body over 20 MB sent without a length (chunked) with 413', async () => {
      const res = await verifyRaw(server, Buffer.alloc(20 * 1024 * 1024 + 1, 0x7b), 'application/octet-stream').catch(() => null)
      // fetch sends a Buffer with a length: the declared length is refused first.
      expect(res?.status ?? 413).toBe(413)
      const streamed = await new Promise<number | string>((resolve) => {
        let status = 0
        const req = http.request(`${server.url}/api/verify`, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked' } })
        req.on('response', (r) => {
          status = r.statusCode ?? 0
          r.resume()
          resolve(status)
        })
        // A connection cut before any answer settles it too (and fails below): no test hangs on it.
        req.on('error', (err) => resolve(status || `no answer: ${(err as NodeJS.ErrnoException).code ?? err.message}`))
        const chunk = Buffer.alloc(256 * 1024, 0x20)
        let sent = 0
        // Bounded: at most 24 MB, and only while no answer has come (with backpressure).
        const pump = () => {
          while (!status && sent < 24 * 1024 * 1024) {
            sent += chunk.length
            if (!req.write(chunk)) return void req.once('drain', pump)
          }
          if (!status) req.end()
        }
        pump()
      })
      expect(streamed).toBe(413)
    })

    it('refuses a file named .pdf that is not a PDF (415)', async () => {
      const res = await verifyForm(server, Buffer.from('Dette er ikke en PDF.\n'), 'referat.pdf', 'application/pdf')
      expect(res.status).toBe(415)
      expect(res.body).toMatchObject({ ok: false, code: 'not-what-it-says', reason: expect.stringContaining('PDF') })
      expect((await verifyRaw(server, Buffer.from('GIF89a....'), 'application/pdf')).status).toBe(415)
      expect((await verifyRaw(server, Buffer.from('GIF89a....'))).body).toMatchObject({ ok: false, code: 'unsupported-file' })
    })

    it('refuses an encrypted PDF (422)', async () => {
      const encrypted = Buffer.from(
        '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n5 0 obj << /Filter /Standard /V 2 /R 3 /O (x) /U (y) /P -4 >> endobj\n' +
          'trailer << /Root 1 0 R /Encrypt 5 0 R >>\n%%EOF\n',
        'latin1',
      )
      const res = await verifyForm(server, encrypted, 'referat.pdf', 'application/pdf')
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({ ok: false, code: 'pdf-encrypted', reason: expect.stringContaining('kryptert') })
    })

    it('never unpacks a ZIP bomb disguised as DOCX: it is checked by its hash only', async () => {
      // 100 MB of zeros deflate to about 100 kB; unpacking it would cost the server 100 MB.
      const bomb = zipSync({ 'word/document.xml': [new Uint8Array(100 * 1024 * 1024), { level: 9 }] })
      expect(bomb.byteLength).toBeLessThan(1024 * 1024)
      const res = await verifyForm(server, bomb, 'referat.docx')
      expect(res.status).toBe(200)
      expect(res.body).toMatchObject({ ok: false, code: 'unknown-file' })
    })

    it('refuses JSON that is not a referat, invalid JSON, an empty body and a form without a file', async () => {
      expect((await verifyRaw(server, Buffer.from('{"format":"noe annet"}'))).body).toMatchObject({ ok: false, code: 'json-not-referat' })
      expect((await verifyRaw(server, Buffer.from('{"format": '))).body).toMatchObject({ ok: false, code: 'json-invalid' })
      expect((await verifyRaw(server, Buffer.alloc(0))).status).toBe(400)
      const form = new FormData()
      form.append('note', 'ingen fil')
      expect((await fetch(`${server.url}/api/verify`, { method: 'POST', body: form })).status).toBe(400)
    })
  })
})

describe('POST /api/verify is rate limited per address', () => {
  it('answers 429 with Retry-After past VERIFY_REQUEST_LIMIT', async () => {
    const server = await startTestServer({ VERIFY_REQUEST_LIMIT: '2', VERIFY_REQUEST_WINDOW_MS: '60000' })
    try {
      for (let i = 0; i < 2; i += 1) expect((await verifyRaw(server, Buffer.from('{}'))).status).not.toBe(429)
      const res = await fetch(`${server.url}/api/verify`, { method: 'POST', body: Buffer.from('{}') })
      expect(res.status).toBe(429)
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
    } finally {
      await server.stop()
    }
  })
})
