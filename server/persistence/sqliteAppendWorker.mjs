// The group commit's writer for SqliteStorage, on a thread of its own: a durable commit waits
// for the disk (fsync, about 1 ms here), and on the main thread that wait would stop every
// connection's messages. Plain JavaScript so that it runs in any worker, with or without a
// TypeScript loader. Protocol (one request at a time per message id):
//   { type: 'append', id, batch: [{ docName, updates: Uint8Array[] }] } → { id, seqs } | { id, error, code }
// `code` is SQLite's (SQLITE_BUSY when another process holds the write lock): the Committer
// waits out a lock with retries of its own, so this thread waits only briefly each time.
//   { type: 'claim', id, docName, clientIds: number[], owner, at } → { id, owners: [clientId, owner][] }
//   { type: 'compact', id, docName, state: Uint8Array, uptoSeq } → { id, done: true }
//   { type: 'close', id } → { id, closed: true }
// Claims and compactions run here for the same reason as appends: each is a durable transaction,
// and a thousand writers joining (or a thousand rooms unloading) at once would otherwise stop the
// event loop for a few milliseconds each.
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

// Prepared on first use: a database written before client_ids existed gets it from the main thread's migration.
let claimStatements = null
const claimTransaction = db.transaction((docName, clientIds, owner, at) =>
  clientIds.map((clientId) => {
    claimStatements.claim.run(docName, clientId, owner, at)
    return [clientId, claimStatements.owner.get(docName, clientId).owner]
  }),
)
const claim = (docName, clientIds, owner, at) => {
  claimStatements ??= {
    claim: db.prepare('INSERT INTO client_ids (doc, client_id, owner, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc, client_id) DO NOTHING'),
    owner: db.prepare('SELECT owner FROM client_ids WHERE doc = ? AND client_id = ?'),
  }
  return claimTransaction(docName, clientIds, owner, at)
}

const snapshotOf = db.prepare('SELECT upto_seq FROM snapshots WHERE doc = ?')
const putSnapshot = db.prepare(
  'INSERT INTO snapshots (doc, data, upto_seq) VALUES (?, ?, ?) ON CONFLICT (doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq',
)
const deleteUpdates = db.prepare('DELETE FROM updates WHERE doc = ? AND seq <= ?')
// IMMEDIATE: take the write lock before reading upto_seq, so two processes compacting at once are
// serialised and the second sees the first's snapshot.
const compact = db.transaction((docName, state, uptoSeq) => {
  const current = snapshotOf.get(docName)
  if (current && uptoSeq <= current.upto_seq) return
  putSnapshot.run(docName, Buffer.from(state.buffer, state.byteOffset, state.byteLength), uptoSeq)
  deleteUpdates.run(docName, uptoSeq)
})

const handlers = {
  append: (message) => ({ seqs: appendBatch(message.batch) }),
  claim: (message) => ({ owners: claim(message.docName, message.clientIds, message.owner, message.at) }),
  compact: (message) => {
    compact.immediate(message.docName, message.state, message.uptoSeq)
    return { done: true }
  },
}

parentPort.on('message', (message) => {
  if (message.type === 'close') {
    db.close()
    parentPort.postMessage({ id: message.id, closed: true })
    return
  }
  try {
    parentPort.postMessage({ id: message.id, ...handlers[message.type](message) })
  } catch (err) {
    const code = typeof err?.code === 'string' ? err.code : undefined
    parentPort.postMessage({ id: message.id, error: err instanceof Error ? err.message : String(err), code })
  }
})
