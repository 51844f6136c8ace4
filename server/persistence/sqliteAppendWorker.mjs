// The group commit's writer for SqliteStorage, on a thread of its own: a durable commit waits
// for the disk (fsync, about 1 ms here), and on the main thread that wait would stop every
// connection's messages. Plain JavaScript so that it runs in any worker, with or without a
// TypeScript loader. Protocol (one request at a time per message id):
//   { type: 'append', id, batch: [{ docName, updates: Uint8Array[] }] } → { id, seqs } | { id, error, code }
// `code` is SQLite's (SQLITE_BUSY when another process holds the write lock): the Committer
// waits out a lock with retries of its own, so this thread waits only briefly each time.
//   { type: 'close', id } → { id, closed: true }
import { Buffer } from 'node:buffer'
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'better-sqlite3'

const db = new Database(workerData.file)
db.pragma('busy_timeout = 250')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = FULL')
const insert = db.prepare('INSERT INTO updates (doc, data) VALUES (?, ?)')
const appendBatch = db.transaction((batch) =>
  batch.map(({ docName, updates }) => {
    let last = 0
    for (const update of updates) last = Number(insert.run(docName, Buffer.from(update.buffer, update.byteOffset, update.byteLength)).lastInsertRowid)
    return last
  }),
)

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close()
    parentPort.postMessage({ id: message.id, closed: true })
    return
  }
  try {
    parentPort.postMessage({ id: message.id, seqs: appendBatch(message.batch) })
  } catch (err) {
    const code = typeof err?.code === 'string' ? err.code : undefined
    parentPort.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err), code })
  }
})
