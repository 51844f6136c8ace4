import type { Role } from '../../shared/auth'
import { isLanguage, type Language } from '../../shared/i18n/languages'
import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import Database from 'better-sqlite3'
import type { MeetingSummary } from '../../shared/minutes'
import { chainEvent, type ChainHead, type HistoryDraft, type HistoryEvent } from '../../shared/record'
import type { AttendanceGroupName } from '../../shared/schema'
import {
  HISTORY_COLUMNS,
  SESSION_COLUMNS,
  historyValues,
  toHistoryEvent,
  type HistoryRow,
  copyBytes,
  parseRoles,
  sessionValues,
  toSessionRecord,
  toSummary,
  toTokenRecord,
  toVersionMeta,
  type MeetingRow,
  type SessionRow,
  type TokenRow,
  type VersionRow,
} from './rows'
import { MAX_HISTORY_PAGE, MAX_LISTED_SESSIONS } from './DocStorage'
import type {
  AppendEntry,
  IssuedFileRecord,
  PersonIdentity,
  PersonKey,
  RosterMember,
  SealRecord,
  SessionRecord,
  Storage,
  StorageTestHooks,
  StoredDoc,
  TokenRecord,
  VersionMeta,
  VersionRecord,
} from './DocStorage'
import { SqliteActionStore } from './SqliteActionStore'
import { ISSUED_COLUMNS, SEAL_COLUMNS, issuedValues, sealValues, toIssuedFile, toSealRecord, type IssuedRow, type SealRow } from './sealRows'
import { SQLITE_WEBHOOK_SQL, SqliteWebhookStore } from './SqliteWebhookStore'
import type { WebhookStore } from './WebhookStore'
import { StorageBusyError, StorageReadOnlyError, busyBackoffMs, isBusyError, retryWhileBusy, sleep } from './storageErrors'

// better-sqlite3 reads this once, when its native addon loads (at the first `new Database`):
// URI file names let a read-only open say `immutable=1` (see openReadOnly). Only names that
// start with "file:" are affected, and ours are absolute paths.
process.env.SQLITE_USE_URI ??= '1'

/** File name of the database inside DATA_DIR. */
export const DATABASE_FILE = 'referat.sqlite'

/**
 * How long a main-thread call waits, retrying without blocking, for a lock another process holds
 * before it rejects with StorageBusyError (the API answers 503). The group commit runs on its
 * own thread and waits much longer (see Committer).
 */
export const MAIN_THREAD_BUSY_MS = 5000

/** Tuning of SqliteStorage. */
export interface SqliteOptions {
  /** See MAIN_THREAD_BUSY_MS. */
  readonly busyWaitMs?: number
}

const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS meetings (
  id TEXT PRIMARY KEY,
  organ TEXT NOT NULL,
  title TEXT NOT NULL,
  number TEXT NOT NULL,
  date TEXT NOT NULL,
  time TEXT NOT NULL,
  place TEXT NOT NULL,
  first_agenda_number INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  doc TEXT NOT NULL,
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS updates_doc_seq ON updates (doc, seq);
CREATE TABLE IF NOT EXISTS snapshots (
  doc TEXT PRIMARY KEY,
  data BLOB NOT NULL,
  upto_seq INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT,
  org TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  person_email TEXT,
  person_subject TEXT
);
CREATE INDEX IF NOT EXISTS tokens_meeting ON tokens (meeting_id, created_at);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT,
  email TEXT,
  org TEXT,
  is_admin INTEGER NOT NULL,
  csrf_token TEXT NOT NULL,
  id_token TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS versions (
  meeting_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by_token_id TEXT NOT NULL,
  created_by_name TEXT,
  created_by_role TEXT NOT NULL,
  state BLOB NOT NULL,
  PRIMARY KEY (meeting_id, id)
);
CREATE TABLE IF NOT EXISTS meeting_sign_in (
  meeting_id TEXT PRIMARY KEY,
  roles TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS client_ids (
  doc TEXT NOT NULL,
  client_id INTEGER NOT NULL,
  owner TEXT NOT NULL,
  claimed_at TEXT NOT NULL,
  PRIMARY KEY (doc, client_id)
);
CREATE TABLE IF NOT EXISTS history_events (
  meeting_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);
CREATE TABLE IF NOT EXISTS history_heads (
  meeting_id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seals (
  meeting_id TEXT PRIMARY KEY,
  version_id TEXT NOT NULL,
  version_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  canonical_json TEXT NOT NULL,
  version_state_sha256 TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  approved_in TEXT,
  approved_by_name TEXT,
  approved_by_role TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS seals_sha256 ON seals (sha256);
CREATE TABLE IF NOT EXISTS issued_files (
  sha256 TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  version_id TEXT NOT NULL,
  seal_sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS roster_members (
  organ TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  default_group TEXT NOT NULL,
  PRIMARY KEY (organ, id)
);
CREATE TABLE IF NOT EXISTS person_preferences (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  language TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
`

/**
 * Brings a database made by an older version up to date (after SCHEMA_SQL): the tokens table
 * gained the person columns of personal invitations. Idempotent.
 */
function migrate(db: Database.Database): void {
  const columns = new Set(db.prepare<[], { name: string }>('PRAGMA table_info(tokens)').all().map((c) => c.name))
  if (!columns.has('person_email')) db.exec('ALTER TABLE tokens ADD COLUMN person_email TEXT')
  if (!columns.has('person_subject')) db.exec('ALTER TABLE tokens ADD COLUMN person_subject TEXT')
  db.exec('CREATE INDEX IF NOT EXISTS tokens_person_email ON tokens (person_email) WHERE person_email IS NOT NULL')
  db.exec('CREATE INDEX IF NOT EXISTS tokens_person_subject ON tokens (person_subject) WHERE person_subject IS NOT NULL')
}

/** `err` says the file system or the directory refuses writes. */
const isReadOnlyFsError = (err: unknown): boolean => ['EROFS', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')

/**
 * False when this process cannot write `dataDir` (a read-only mount, or a directory or database
 * file it has no write permission for); creates the directory when missing.
 */
export function isDataDirWritable(dataDir: string): boolean {
  try {
    fs.mkdirSync(dataDir, { recursive: true })
    fs.accessSync(dataDir, fs.constants.W_OK)
    const file = path.join(dataDir, DATABASE_FILE)
    if (fs.existsSync(file)) fs.accessSync(file, fs.constants.W_OK)
    return true
  } catch (err) {
    if (isReadOnlyFsError(err)) return false
    throw err
  }
}

/**
 * Opens an existing database read-only. A WAL database needs its `-shm` file: when a crash left
 * `-shm` and `-wal` behind, SQLite reads them (the WAL holds committed transactions); when the
 * last connection closed cleanly they are gone and cannot be created in a read-only directory,
 * and the file is opened `immutable` (no locks, no WAL), which is only correct because there is
 * no WAL left to miss. Throws a clear error otherwise.
 */
function openReadOnly(file: string): Database.Database {
  if (!fs.existsSync(file)) throw new Error(`DATA_DIR is read-only and holds no database (${file})`)
  let firstError: unknown
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    db.prepare('SELECT count(*) FROM meetings').get()
    return db
  } catch (err) {
    firstError = err
  }
  const wal = `${file}-wal`
  if (fs.existsSync(wal) && fs.statSync(wal).size > 0) {
    throw new Error(`cannot open ${file} read-only: its write-ahead log ${wal} cannot be read (${String(firstError)})`)
  }
  const db = new Database(`${pathToFileURL(file).href}?immutable=1`, { readonly: true, fileMustExist: true })
  db.prepare('SELECT count(*) FROM meetings').get()
  return db
}

/** A request to the appender thread (see sqliteAppendWorker.mjs); the id is added when it is sent. */
type AppenderRequest =
  | { type: 'append'; batch: readonly AppendEntry[] }
  | { type: 'claim'; docName: string; clientIds: number[]; owner: string; at: string }
  | { type: 'compact'; docName: string; state: Uint8Array; uptoSeq: number }

/** The appender thread's answer to one request. */
interface AppenderReply {
  id: number
  seqs?: number[]
  owners?: [number, string][]
  done?: boolean
  closed?: boolean
  error?: string
  code?: string
}

/** Longest backoff between two tries of a request that met another process's lock. */
const APPENDER_BUSY_BACKOFF_CAP_MS = 100

/**
 * The default backend: `DATA_DIR/referat.sqlite` through better-sqlite3 (synchronous), WAL
 * journal with `synchronous = FULL`, so an append has reached the disk when it returns.
 * Sequence numbers come from one AUTOINCREMENT counter and never repeat, even after compaction.
 *
 * Locks: the main-thread connection has no busy timeout; a call that meets a lock another
 * process holds is retried without blocking the event loop (retryWhileBusy, up to
 * MAIN_THREAD_BUSY_MS, then StorageBusyError). In WAL mode reads never wait for a writer.
 *
 * Read-only: on a DATA_DIR this process cannot write, the database is opened read-only
 * (`readOnly` true): reads work, every write rejects with StorageReadOnlyError.
 */
export class SqliteStorage implements Storage {
  private readonly db: Database.Database
  private readonly file: string
  /**
   * The appender thread (see sqliteAppendWorker.mjs), started with the storage so that the first
   * commit does not wait for it (~0.1 s), and holding the process open only while it has work.
   */
  private appender: Worker | null = null
  private readonly waiting = new Map<number, { resolve: (reply: AppenderReply) => void; reject: (err: Error) => void }>()
  private nextRequest = 1
  private readonly stmt
  private readonly busyWaitMs: number
  /** True when the data directory is read-only: reads only (see the class comment). */
  readonly readOnly: boolean
  /** Statements prepared on first use (see preparedOnce), by name; null where the tables are missing. */
  private readonly optional = new Map<string, unknown>()
  /** The follow-up lists (issue 15): tables of their own in this database. */
  readonly actions: SqliteActionStore

  /**
   * Opens (and creates) the database in `dataDir`; read-only when the directory cannot be
   * written (see the class comment). Throws if the file cannot be opened.
   */
  constructor(
    dataDir: string,
    private readonly hooks: StorageTestHooks = {},
    options: SqliteOptions = {},
  ) {
    this.busyWaitMs = options.busyWaitMs ?? MAIN_THREAD_BUSY_MS
    this.file = path.resolve(dataDir, DATABASE_FILE)
    this.readOnly = !isDataDirWritable(dataDir)
    if (this.readOnly) {
      this.db = openReadOnly(this.file)
      this.actions = new SqliteActionStore(this.db, { readOnly: true, busyWaitMs: this.busyWaitMs })
    } else {
      this.db = new Database(this.file)
      // At start-up a lock may be waited for (nothing is served yet); afterwards never on this
      // thread: retryWhileBusy waits without blocking the event loop.
      this.db.pragma('busy_timeout = 5000')
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = FULL')
      this.db.exec(SCHEMA_SQL)
      migrate(this.db)
      this.db.exec(SQLITE_WEBHOOK_SQL)
      this.actions = new SqliteActionStore(this.db, { readOnly: false, busyWaitMs: this.busyWaitMs })
      this.db.pragma('busy_timeout = 0')
      this.startAppender()
    }
    this.stmt = {
      snapshot: this.db.prepare<[string], { data: Buffer; upto_seq: number }>(
        'SELECT data, upto_seq FROM snapshots WHERE doc = ?',
      ),
      updates: this.db.prepare<[string, number], { seq: number; data: Buffer }>(
        'SELECT seq, data FROM updates WHERE doc = ? AND seq > ? ORDER BY seq',
      ),
      append: this.db.prepare<[string, Buffer]>('INSERT INTO updates (doc, data) VALUES (?, ?)'),
      putSnapshot: this.db.prepare<[string, Buffer, number]>(
        'INSERT INTO snapshots (doc, data, upto_seq) VALUES (?, ?, ?) ' +
          'ON CONFLICT (doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq',
      ),
      deleteUpdates: this.db.prepare<[string, number]>('DELETE FROM updates WHERE doc = ? AND seq <= ?'),
      insertMeeting: this.db.prepare<[MeetingRow]>(
        'INSERT INTO meetings (id, organ, title, number, date, time, place, first_agenda_number, created_at) ' +
          'VALUES (@id, @organ, @title, @number, @date, @time, @place, @first_agenda_number, @created_at)',
      ),
      getMeeting: this.db.prepare<[string], MeetingRow>('SELECT * FROM meetings WHERE id = ?'),
      listMeetings: this.db.prepare<[], MeetingRow>(
        'SELECT * FROM meetings ORDER BY date DESC, created_at DESC, id ASC',
      ),
      getToken: this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE id = ?'),
      listTokens: this.db.prepare<[string], TokenRow>('SELECT * FROM tokens WHERE meeting_id = ? ORDER BY created_at, rowid'),
      insertVersion: this.db.prepare<[VersionRow & { state: Buffer }]>(
        'INSERT INTO versions (meeting_id, id, name, created_at, created_by_token_id, created_by_name, created_by_role, state) ' +
          'VALUES (@meeting_id, @id, @name, @created_at, @created_by_token_id, @created_by_name, @created_by_role, @state)',
      ),
      listVersions: this.db.prepare<[string], VersionRow>(
        'SELECT meeting_id, id, name, created_at, created_by_token_id, created_by_name, created_by_role ' +
          'FROM versions WHERE meeting_id = ? ORDER BY rowid',
      ),
      getVersion: this.db.prepare<[string, string], VersionRow & { state: Buffer }>(
        'SELECT * FROM versions WHERE meeting_id = ? AND id = ?',
      ),
      getRoster: this.db.prepare<[string], { id: string; name: string; org: string; default_group: string }>(
        'SELECT id, name, org, default_group FROM roster_members WHERE organ = ? ORDER BY rowid',
      ),
      deleteRoster: this.db.prepare<[string]>('DELETE FROM roster_members WHERE organ = ?'),
      insertRosterMember: this.db.prepare<[string, string, string, string, string]>(
        'INSERT INTO roster_members (organ, id, name, org, default_group) VALUES (?, ?, ?, ?, ?)',
      ),
      revokeToken: this.db.prepare<[string, string, string]>(
        'UPDATE tokens SET revoked_at = ? WHERE id = ? AND meeting_id = ? AND revoked_at IS NULL',
      ),
    }
  }

  /**
   * The main-thread connection, for modules that keep tables of their own in the same file
   * (server/search). They must not hold a transaction across an await.
   * @internal
   */
  get database(): Database.Database {
    return this.db
  }

  /** A call on this thread, retried without blocking while another process holds a lock. */
  private read<T>(what: string, fn: () => T): Promise<T> {
    return retryWhileBusy(what, this.busyWaitMs, fn)
  }

  /** A write on this thread: refused when read-only, else retried like `read`. */
  private write<T>(what: string, fn: () => T): Promise<T> {
    if (this.readOnly) return Promise.reject(new StorageReadOnlyError(what))
    return retryWhileBusy(what, this.busyWaitMs, fn)
  }

  load(docName: string): Promise<StoredDoc | null> {
    return this.read('load', () => this.readSince(docName, null))
  }

  loadSince(docName: string, afterSeq: number): Promise<StoredDoc | null> {
    return this.read('loadSince', () => this.readSince(docName, afterSeq))
  }

  /**
   * The snapshot (always for a full load, `afterSeq` null; else when it covers anything after
   * `afterSeq`) and the rows after both, in one read transaction.
   */
  private readSince(docName: string, afterSeq: number | null): StoredDoc | null {
    return this.db.transaction(() => {
      const snapshot = this.stmt.snapshot.get(docName)
      const uptoSeq = snapshot?.upto_seq ?? 0
      const useSnapshot = snapshot !== undefined && (afterSeq === null || uptoSeq > afterSeq)
      const all = this.stmt.updates.all(docName, uptoSeq)
      if (!snapshot && all.length === 0) return null
      const rows = afterSeq === null ? all : all.filter((r) => r.seq > afterSeq)
      const updates = rows.map((r) => copyBytes(r.data))
      return {
        updates: useSnapshot ? [copyBytes(snapshot.data), ...updates] : updates,
        lastSeq: all.at(-1)?.seq ?? uptoSeq,
        uncompacted: all.length,
      }
    })()
  }

  /**
   * `make()`'s statements, prepared once, on first use; null when `available()` says the tables
   * they need are missing. A database opened read-only may predate them (it cannot be migrated):
   * then what they read is empty, and what they write cannot be written.
   */
  private preparedOnce<T>(name: string, available: () => boolean, make: () => T): T | null {
    if (!this.optional.has(name)) this.optional.set(name, available() ? make() : null)
    return this.optional.get(name) as T | null
  }

  private hasTable(name: string): boolean {
    return this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined
  }

  /** The client-id statements (no client_ids table: nothing is bound, and nothing can be). */
  private clientIdStatements() {
    return this.preparedOnce(
      'clientIds',
      () => this.hasTable('client_ids'),
      () => ({
        owners: this.db.prepare<[string], { client_id: number; owner: string }>('SELECT client_id, owner FROM client_ids WHERE doc = ?'),
        claim: this.db.prepare<[string, number, string, string]>(
          'INSERT INTO client_ids (doc, client_id, owner, claimed_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc, client_id) DO NOTHING',
        ),
        owner: this.db.prepare<[string, number], { owner: string }>('SELECT owner FROM client_ids WHERE doc = ? AND client_id = ?'),
      }),
    )
  }

  /** The statements of people's preferences (no table in an old read-only database: none stored, none can be). */
  private preferenceStatements() {
    return this.preparedOnce(
      'preferences',
      () => this.hasTable('person_preferences'),
      () => ({
        getLanguage: this.db.prepare<[string, string], { language: string }>('SELECT language FROM person_preferences WHERE issuer = ? AND subject = ?'),
        setLanguage: this.db.prepare<[string, string, string, string]>(
          'INSERT INTO person_preferences (issuer, subject, language, updated_at) VALUES (?, ?, ?, ?) ' +
            'ON CONFLICT (issuer, subject) DO UPDATE SET language = excluded.language, updated_at = excluded.updated_at',
        ),
      }),
    )
  }

  /** The statements of personal invitations and sessions (missing columns or table: none exist, none can be made). */
  private personStatements() {
    return this.preparedOnce(
      'persons',
      () => {
        const columns = new Set(this.db.prepare<[], { name: string }>('PRAGMA table_info(tokens)').all().map((c) => c.name))
        return columns.has('person_email') && columns.has('person_subject') && this.hasTable('sessions')
      },
      () => ({
        insertToken: this.db.prepare<[Required<TokenRow>]>(
          'INSERT INTO tokens (id, meeting_id, role, name, org, created_at, expires_at, revoked_at, person_email, person_subject) ' +
            'VALUES (@id, @meeting_id, @role, @name, @org, @created_at, @expires_at, @revoked_at, @person_email, @person_subject)',
        ),
        listPerson: this.db.prepare<[string, string | null], TokenRow>('SELECT * FROM tokens WHERE person_subject = ? OR person_email = ? ORDER BY rowid'),
        insertSession: this.db.prepare<unknown[]>(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
        getSession: this.db.prepare<[string], SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id_hash = ?`),
        revokeSession: this.db.prepare<[string, string]>('UPDATE sessions SET revoked_at = ? WHERE id_hash = ? AND revoked_at IS NULL'),
        deleteEnded: this.db.prepare<[string, string]>('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?'),
        listActive: this.db.prepare<[string, number], SessionRow>(
          `SELECT ${SESSION_COLUMNS} FROM sessions WHERE revoked_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id_hash LIMIT ?`,
        ),
        listActiveOf: this.db.prepare<[string, string, string, number], SessionRow>(
          `SELECT ${SESSION_COLUMNS} FROM sessions WHERE revoked_at IS NULL AND expires_at > ? AND issuer = ? AND subject = ? ORDER BY created_at DESC, id_hash LIMIT ?`,
        ),
      }),
    )
  }

  /** The statements of the roles that must sign in (no table: nobody chose anything). */
  private signInStatements() {
    return this.preparedOnce(
      'signIn',
      () => this.hasTable('meeting_sign_in'),
      () => ({
        get: this.db.prepare<[string], { roles: string }>('SELECT roles FROM meeting_sign_in WHERE meeting_id = ?'),
        set: this.db.prepare<[string, string]>(
          'INSERT INTO meeting_sign_in (meeting_id, roles) VALUES (?, ?) ON CONFLICT (meeting_id) DO UPDATE SET roles = excluded.roles',
        ),
      }),
    )
  }

  /** The history statements (no tables in an old database opened read-only: no history). */
  private historyStatements() {
    return this.preparedOnce(
      'history',
      () => this.hasTable('history_events') && this.hasTable('history_heads'),
      () => ({
        head: this.db.prepare<[string], { seq: number; hash: string }>('SELECT seq, hash FROM history_heads WHERE meeting_id = ?'),
        insert: this.db.prepare<unknown[]>(`INSERT INTO history_events (${HISTORY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
        putHead: this.db.prepare<[string, number, string]>(
          'INSERT INTO history_heads (meeting_id, seq, hash) VALUES (?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash',
        ),
        list: this.db.prepare<[string, number, number], HistoryRow>(
          `SELECT ${HISTORY_COLUMNS} FROM history_events WHERE meeting_id = ? AND seq > ? ORDER BY seq LIMIT ?`,
        ),
      }),
    )
  }

  /** The statements of seals and issued files (no tables: a read-only database from before them has none). */
  private sealStatements() {
    return this.preparedOnce(
      'seals',
      () => this.hasTable('seals') && this.hasTable('issued_files'),
      () => ({
        insertSeal: this.db.prepare<unknown[]>(`INSERT INTO seals (${SEAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO NOTHING`),
        getSeal: this.db.prepare<[string], SealRow>(`SELECT ${SEAL_COLUMNS} FROM seals WHERE meeting_id = ?`),
        sealByHash: this.db.prepare<[string], SealRow>(`SELECT ${SEAL_COLUMNS} FROM seals WHERE sha256 = ? ORDER BY rowid LIMIT 1`),
        insertIssued: this.db.prepare<unknown[]>(`INSERT INTO issued_files (${ISSUED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING`),
        getIssued: this.db.prepare<[string], IssuedRow>(`SELECT ${ISSUED_COLUMNS} FROM issued_files WHERE sha256 = ?`),
      }),
    )
  }

  appendHistoryEvent(draft: HistoryDraft): Promise<HistoryEvent> {
    // IMMEDIATE: the write lock is taken before the head is read, so two processes appending to
    // one meeting are serialised and the second chains onto the first.
    const append = this.db.transaction(() => {
      const stmt = this.historyStatements()!
      const head = stmt.head.get(draft.meetingId)
      const event = chainEvent(draft, head ? { seq: head.seq, hash: head.hash } : null)
      stmt.insert.run(...historyValues(event))
      stmt.putHead.run(event.meetingId, event.seq, event.hash)
      return event
    })
    return this.write('appendHistoryEvent', () => append.immediate())
  }

  listHistory(meetingId: string, afterSeq: number, limit: number): Promise<HistoryEvent[]> {
    const rows = Math.max(0, Math.min(limit, MAX_HISTORY_PAGE))
    return this.read('listHistory', () => this.historyStatements()?.list.all(meetingId, afterSeq, rows).map(toHistoryEvent) ?? [])
  }

  historyHead(meetingId: string): Promise<ChainHead | null> {
    return this.read('historyHead', () => {
      const row = this.historyStatements()?.head.get(meetingId)
      return row ? { seq: row.seq, hash: row.hash } : null
    })
  }

  async insertSeal(record: SealRecord): Promise<SealRecord> {
    await this.write('insertSeal', () => this.sealStatements()!.insertSeal.run(...sealValues(record)))
    return (await this.getSeal(record.meetingId))!
  }

  getSeal(meetingId: string): Promise<SealRecord | null> {
    return this.read('getSeal', () => {
      const row = this.sealStatements()?.getSeal.get(meetingId)
      return row ? toSealRecord(row) : null
    })
  }

  findSealByHash(sha256: string): Promise<SealRecord | null> {
    return this.read('findSealByHash', () => {
      const row = this.sealStatements()?.sealByHash.get(sha256)
      return row ? toSealRecord(row) : null
    })
  }

  async recordIssuedFile(record: IssuedFileRecord): Promise<void> {
    await this.write('recordIssuedFile', () => this.sealStatements()!.insertIssued.run(...issuedValues(record)))
  }

  findIssuedFile(sha256: string): Promise<IssuedFileRecord | null> {
    return this.read('findIssuedFile', () => {
      const row = this.sealStatements()?.getIssued.get(sha256)
      return row ? toIssuedFile(row) : null
    })
  }

  getSignInRoles(meetingId: string): Promise<Role[] | null> {
    return this.read('getSignInRoles', () => {
      const row = this.signInStatements()?.get.get(meetingId)
      return row ? parseRoles(row.roles) : null
    })
  }

  setSignInRoles(meetingId: string, roles: readonly Role[]): Promise<void> {
    return this.write('setSignInRoles', () => {
      this.signInStatements()!.set.run(meetingId, JSON.stringify(roles))
    })
  }

  loadClientOwners(docName: string): Promise<Map<number, string>> {
    return this.read('loadClientOwners', () => {
      const stmt = this.clientIdStatements()
      return new Map(stmt ? stmt.owners.all(docName).map((row) => [row.client_id, row.owner]) : [])
    })
  }

  /** On the appender thread (a durable transaction; see sqliteAppendWorker.mjs), retried while another process holds the lock. */
  claimClientIds(docName: string, clientIds: readonly number[], owner: string): Promise<Map<number, string>> {
    const at = new Date().toISOString()
    return this.onAppenderWhileBusy('claimClientIds', { type: 'claim', docName, clientIds: [...clientIds], owner, at }).then(
      (reply) => new Map(reply.owners),
    )
  }

  append(docName: string, update: Uint8Array): Promise<number> {
    return this.write('append', () => this.appendRow(docName, update))
  }

  private appendRow(docName: string, update: Uint8Array): number {
    return Number(this.stmt.append.run(docName, Buffer.from(update)).lastInsertRowid)
  }

  /**
   * One transaction (one WAL commit, one fsync) for the whole batch, on the appender thread: the
   * main thread goes on applying and relaying meanwhile, and what arrives during the fsync forms
   * the next batch (the Committer has one in flight at a time).
   */
  appendBatch(batch: readonly AppendEntry[]): Promise<number[]> {
    return this.onAppender('appendBatch', { type: 'append', batch }).then((reply) => reply.seqs ?? [])
  }

  /** Sends one request to the appender thread; rejects with SQLite's code (SQLITE_BUSY ...) when it fails there. */
  private onAppender(what: string, request: AppenderRequest): Promise<AppenderReply> {
    if (this.readOnly) return Promise.reject(new StorageReadOnlyError(what))
    if (!this.db.open) return Promise.reject(new Error('storage is closed'))
    const appender = this.startAppender()
    const id = this.nextRequest++
    return new Promise<AppenderReply>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject })
      appender.ref()
      appender.postMessage({ ...request, id })
    })
  }

  /**
   * onAppender, tried again after a growing pause while another process holds the write lock,
   * for at most busyWaitMs (then StorageBusyError), like the main thread's calls (retryWhileBusy).
   */
  private async onAppenderWhileBusy(what: string, request: AppenderRequest): Promise<AppenderReply> {
    const started = Date.now()
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.onAppender(what, request)
      } catch (err) {
        if (!isBusyError(err)) throw err
        const waited = Date.now() - started
        if (waited >= this.busyWaitMs) throw new StorageBusyError(what, waited, err)
        await sleep(Math.min(busyBackoffMs(attempt, APPENDER_BUSY_BACKOFF_CAP_MS), this.busyWaitMs - waited))
      }
    }
  }

  private startAppender(): Worker {
    if (this.appender) return this.appender
    // Plain JavaScript: no loader flags of the main thread (tsx), whose hooks would make the
    // thread's start-up wait on a main thread that is busy with the burst it is meant to relieve.
    const worker = new Worker(new URL('./sqliteAppendWorker.mjs', import.meta.url), { workerData: { file: this.file }, execArgv: [] })
    worker.on('message', (reply: AppenderReply) => {
      const request = this.waiting.get(reply.id)
      if (!request) return
      this.waiting.delete(reply.id)
      if (this.waiting.size === 0) worker.unref()
      if (reply.error === undefined) request.resolve(reply)
      // The SQLite code (SQLITE_BUSY ...) goes along: the Committer waits out a lock.
      else request.reject(Object.assign(new Error(reply.error ?? 'append failed'), { code: reply.code }))
    })
    const failAll = (err: Error) => {
      this.appender = null
      for (const request of this.waiting.values()) request.reject(err)
      this.waiting.clear()
    }
    worker.on('error', failAll)
    worker.on('exit', (code) => failAll(new Error(`appender thread exited with ${code}`)))
    worker.unref()
    this.appender = worker
    return worker
  }

  compact(docName: string, mergedState: Uint8Array, uptoSeq: number): Promise<void> {
    // On the appender thread (a thousand rooms unloading at once must not stop the event loop),
    // except with the test hook, which runs on this thread between the two statements.
    if (!this.hooks.onCompactMidway) {
      return this.onAppenderWhileBusy('compact', { type: 'compact', docName, state: mergedState, uptoSeq }).then(() => undefined)
    }
    // IMMEDIATE: take the write lock before reading upto_seq, so two processes compacting at
    // once are serialised and the second sees the first's snapshot.
    const compact = this.db.transaction(() => {
      const current = this.stmt.snapshot.get(docName)
      if (current && uptoSeq <= current.upto_seq) return
      this.stmt.putSnapshot.run(docName, Buffer.from(mergedState), uptoSeq)
      this.hooks.onCompactMidway?.(docName)
      this.stmt.deleteUpdates.run(docName, uptoSeq)
    })
    return this.write('compact', () => compact.immediate())
  }

  createMeeting(meeting: MeetingSummary, initialUpdate: Uint8Array, docs: ReadonlyMap<string, Uint8Array> = new Map()): Promise<void> {
    const create = this.db.transaction(() => {
      this.stmt.insertMeeting.run({
        id: meeting.id,
        organ: meeting.organ,
        title: meeting.title,
        number: meeting.number,
        date: meeting.date,
        time: meeting.time,
        place: meeting.place,
        first_agenda_number: meeting.firstAgendaNumber ?? 1,
        created_at: meeting.createdAt,
      })
      this.appendRow(meeting.id, initialUpdate)
      for (const [docName, update] of docs) this.appendRow(docName, update)
    })
    return this.write('createMeeting', () => create())
  }

  insertToken(record: TokenRecord): Promise<void> {
    return this.write('insertToken', () => {
      this.personStatements()!.insertToken.run({
        id: record.id,
        meeting_id: record.meetingId,
        role: record.role,
        name: record.name,
        org: record.org,
        created_at: record.createdAt,
        expires_at: record.expiresAt,
        revoked_at: record.revokedAt,
        person_email: record.personEmail,
        person_subject: record.personSubject,
      })
    })
  }

  listPersonInvitations(person: PersonKey): Promise<TokenRecord[]> {
    return this.read('listPersonInvitations', () => this.personStatements()?.listPerson.all(person.subject, person.email).map(toTokenRecord) ?? [])
  }

  insertSession(record: SessionRecord): Promise<void> {
    return this.write('insertSession', () => {
      this.personStatements()!.insertSession.run(...sessionValues(record, (isAdmin) => (isAdmin ? 1 : 0)))
    })
  }

  getSession(idHash: string): Promise<SessionRecord | null> {
    return this.read('getSession', () => {
      const row = this.personStatements()?.getSession.get(idHash)
      return row ? toSessionRecord(row) : null
    })
  }

  deleteEndedSessions(endedBefore: string): Promise<number> {
    return this.write('deleteEndedSessions', () => {
      // A database that predates sessions (opened read-only) has none to delete.
      return this.personStatements()?.deleteEnded.run(endedBefore, endedBefore).changes ?? 0
    })
  }

  listActiveSessions(now: string, person?: { readonly issuer: string; readonly subject: string }): Promise<SessionRecord[]> {
    return this.read('listActiveSessions', () => {
      const statements = this.personStatements()
      if (!statements) return []
      const rows = person
        ? statements.listActiveOf.all(now, person.issuer, person.subject, MAX_LISTED_SESSIONS)
        : statements.listActive.all(now, MAX_LISTED_SESSIONS)
      return rows.map(toSessionRecord)
    })
  }

  async revokeSession(idHash: string, at: string): Promise<SessionRecord | null> {
    await this.write('revokeSession', () => this.personStatements()!.revokeSession.run(at, idHash))
    return this.getSession(idHash)
  }

  getToken(id: string): Promise<TokenRecord | null> {
    return this.read('getToken', () => {
      const row = this.stmt.getToken.get(id)
      return row ? toTokenRecord(row) : null
    })
  }

  listTokens(meetingId: string): Promise<TokenRecord[]> {
    return this.read('listTokens', () => this.stmt.listTokens.all(meetingId).map(toTokenRecord))
  }

  async revokeToken(meetingId: string, id: string, at: string): Promise<TokenRecord | null> {
    await this.write('revokeToken', () => this.stmt.revokeToken.run(at, id, meetingId))
    return this.read('revokeToken', () => {
      const row = this.stmt.getToken.get(id)
      return row && row.meeting_id === meetingId ? toTokenRecord(row) : null
    })
  }

  insertVersion(record: VersionRecord): Promise<void> {
    return this.write('insertVersion', () => {
      this.stmt.insertVersion.run({
      meeting_id: record.meetingId,
      id: record.id,
      name: record.name,
      created_at: record.createdAt,
      created_by_token_id: record.createdByTokenId,
      created_by_name: record.createdByName,
      created_by_role: record.createdByRole,
        state: Buffer.from(record.state),
      })
    })
  }

  listVersions(meetingId: string): Promise<VersionMeta[]> {
    return this.read('listVersions', () => this.stmt.listVersions.all(meetingId).map(toVersionMeta))
  }

  getVersion(meetingId: string, id: string): Promise<VersionRecord | null> {
    return this.read('getVersion', () => {
      const row = this.stmt.getVersion.get(meetingId, id)
      return row ? { ...toVersionMeta(row), state: copyBytes(row.state) } : null
    })
  }

  getRoster(organ: string): Promise<RosterMember[]> {
    return this.read('getRoster', () =>
      this.stmt.getRoster.all(organ).map((r) => ({
        id: r.id,
        name: r.name,
        org: r.org,
        defaultGroup: r.default_group as AttendanceGroupName,
      })),
    )
  }

  replaceRoster(organ: string, members: readonly RosterMember[]): Promise<void> {
    const replace = this.db.transaction(() => {
      this.stmt.deleteRoster.run(organ)
      for (const m of members) this.stmt.insertRosterMember.run(organ, m.id, m.name, m.org, m.defaultGroup)
    })
    return this.write('replaceRoster', () => replace())
  }

  getPersonLanguage(person: PersonIdentity): Promise<Language | null> {
    return this.read('getPersonLanguage', () => {
      const language = this.preferenceStatements()?.getLanguage.get(person.issuer, person.subject)?.language
      return isLanguage(language) ? language : null
    })
  }

  setPersonLanguage(person: PersonIdentity, language: Language, at: string): Promise<void> {
    return this.write('setPersonLanguage', () => {
      const statements = this.preferenceStatements()
      if (!statements) throw new Error('the person_preferences table is missing')
      statements.setLanguage.run(person.issuer, person.subject, language, at)
    })
  }

  getMeeting(id: string): Promise<MeetingSummary | null> {
    return this.read('getMeeting', () => {
      const row = this.stmt.getMeeting.get(id)
      return row ? toSummary(row) : null
    })
  }

  listMeetings(): Promise<MeetingSummary[]> {
    return this.read('listMeetings', () => this.stmt.listMeetings.all().map(toSummary))
  }

  webhookStore(): WebhookStore {
    return new SqliteWebhookStore(this.db, this.readOnly, this.busyWaitMs)
  }

  async close(): Promise<void> {
    const appender = this.appender
    if (appender) {
      // The thread handles messages in order: the appends it was given finish before it closes.
      const id = this.nextRequest++
      const closed = new Promise<unknown>((resolve) => this.waiting.set(id, { resolve, reject: resolve }))
      appender.ref()
      appender.postMessage({ type: 'close', id })
      await closed
      this.appender = null
      await appender.terminate()
    }
    if (this.db.open) this.db.close()
  }
}
