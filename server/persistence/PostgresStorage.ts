import type { Role } from '../../shared/auth'
import { isLanguage, type Language } from '../../shared/i18n/languages'
import pg from 'pg'
import type { MeetingSummary } from '../../shared/minutes'
import { chainEvent, GENESIS_HASH, type ChainHead, type HistoryDraft, type HistoryEvent } from '../../shared/record'
import type { AttendanceGroupName } from '../../shared/schema'
import { log } from '../log'
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
import { PostgresWebhookStore, postgresWebhookSql } from './PostgresWebhookStore'
import type { WebhookStore } from './WebhookStore'
import { PostgresActionStore, actionSchemaSql } from './PostgresActionStore'
import { ISSUED_COLUMNS, SEAL_COLUMNS, issuedValues, sealValues, toIssuedFile, toSealRecord, type IssuedRow, type SealRow } from './sealRows'
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

/** What a schema name must look like: it is quoted into SQL, so nothing else is accepted. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/

/** The tables, in schema `s` (a validated, quoted identifier). Idempotent. */
const schemaSql = (s: string): string => `
CREATE TABLE IF NOT EXISTS ${s}.meetings (
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
CREATE TABLE IF NOT EXISTS ${s}.docs (
  name TEXT PRIMARY KEY,
  last_seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.updates (
  doc TEXT NOT NULL,
  seq BIGINT NOT NULL,
  data BYTEA NOT NULL,
  PRIMARY KEY (doc, seq)
);
CREATE TABLE IF NOT EXISTS ${s}.snapshots (
  doc TEXT PRIMARY KEY,
  data BYTEA NOT NULL,
  upto_seq BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.tokens (
  id TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  role TEXT NOT NULL,
  name TEXT,
  org TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  ord BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX IF NOT EXISTS tokens_meeting ON ${s}.tokens (meeting_id, created_at, ord);
ALTER TABLE ${s}.tokens ADD COLUMN IF NOT EXISTS person_email TEXT;
ALTER TABLE ${s}.tokens ADD COLUMN IF NOT EXISTS person_subject TEXT;
CREATE INDEX IF NOT EXISTS tokens_person_email ON ${s}.tokens (person_email) WHERE person_email IS NOT NULL;
CREATE INDEX IF NOT EXISTS tokens_person_subject ON ${s}.tokens (person_subject) WHERE person_subject IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${s}.sessions (
  id_hash TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT,
  email TEXT,
  org TEXT,
  is_admin BOOLEAN NOT NULL,
  csrf_token TEXT NOT NULL,
  id_token TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS ${s}.versions (
  meeting_id TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by_token_id TEXT NOT NULL,
  created_by_name TEXT,
  created_by_role TEXT NOT NULL,
  state BYTEA NOT NULL,
  ord BIGINT GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (meeting_id, id)
);
CREATE TABLE IF NOT EXISTS ${s}.meeting_sign_in (
  meeting_id TEXT PRIMARY KEY,
  roles TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.client_ids (
  doc TEXT NOT NULL,
  client_id BIGINT NOT NULL,
  owner TEXT NOT NULL,
  claimed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (doc, client_id)
);
CREATE TABLE IF NOT EXISTS ${s}.history_events (
  meeting_id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  actor TEXT NOT NULL,
  details TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (meeting_id, seq)
);
CREATE TABLE IF NOT EXISTS ${s}.history_heads (
  meeting_id TEXT PRIMARY KEY,
  seq BIGINT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.seals (
  meeting_id TEXT PRIMARY KEY,
  version_id TEXT NOT NULL,
  version_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  canonical_json TEXT NOT NULL,
  version_state_sha256 TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  approved_in TEXT,
  approved_by_name TEXT,
  approved_by_role TEXT NOT NULL,
  ord BIGINT GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX IF NOT EXISTS seals_sha256 ON ${s}.seals (sha256, ord);
CREATE TABLE IF NOT EXISTS ${s}.issued_files (
  sha256 TEXT PRIMARY KEY,
  meeting_id TEXT NOT NULL,
  version_id TEXT NOT NULL,
  seal_sha256 TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  issued_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${s}.roster_members (
  organ TEXT NOT NULL,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  org TEXT NOT NULL,
  default_group TEXT NOT NULL,
  position INTEGER NOT NULL,
  PRIMARY KEY (organ, id)
);
CREATE TABLE IF NOT EXISTS ${s}.person_preferences (
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  language TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
);
`

/** The caller's bytes as a query parameter; throws for anything that is not bytes. */
function toParam(update: Uint8Array): Buffer {
  if (!(update instanceof Uint8Array)) throw new TypeError('an update must be a Uint8Array')
  return Buffer.from(update.buffer, update.byteOffset, update.byteLength)
}

/** pg returns BIGINT (and count) as a string. */
const toSeq = (value: string | number | null): number => (value === null ? 0 : Number(value))

const COLUMNS_TOKEN = 'id, meeting_id, role, name, org, created_at, expires_at, revoked_at, person_email, person_subject'
const COLUMNS_VERSION = 'meeting_id, id, name, created_at, created_by_token_id, created_by_name, created_by_role'
const COLUMNS_MEETING = 'id, organ, title, number, date, time, place, first_agenda_number, created_at'

/**
 * The backend for several server nodes: PostgreSQL through a `pg.Pool`, every method safe against
 * concurrent callers in other processes.
 *
 * Sequence numbers are per document and contiguous (1, 2, 3, ...): `docs.last_seq` is the
 * document's counter, raised by the append transaction, which holds that row's lock until it
 * commits. So two nodes appending to one document get distinct seqs, and a document's updates
 * become visible in seq order (a reader never sees seq n+1 without n). Batches lock their
 * documents' rows sorted by name, so they cannot deadlock each other. Compaction locks the same
 * row, which serialises it against other compactions (and appends) of that document.
 */
export class PostgresStorage implements Storage {
  private readonly t: {
    meetings: string
    docs: string
    updates: string
    snapshots: string
    tokens: string
    sessions: string
    signInRoles: string
    versions: string
    roster: string
    preferences: string
    clientIds: string
    history: string
    historyHeads: string
    seals: string
    issuedFiles: string
  }
  /** Calls in flight, so close() lets them settle before it ends the pool. */
  private readonly pending = new Set<Promise<unknown>>()
  private closing: Promise<void> | null = null
  /** The follow-up lists (issue 15): tables of their own in this schema, through this pool. */
  readonly actions: PostgresActionStore

  private constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly hooks: StorageTestHooks,
  ) {
    const q = `"${schema}"`
    this.t = {
      meetings: `${q}.meetings`,
      docs: `${q}.docs`,
      updates: `${q}.updates`,
      snapshots: `${q}.snapshots`,
      tokens: `${q}.tokens`,
      sessions: `${q}.sessions`,
      signInRoles: `${q}.meeting_sign_in`,
      versions: `${q}.versions`,
      roster: `${q}.roster_members`,
      preferences: `${q}.person_preferences`,
      clientIds: `${q}.client_ids`,
      history: `${q}.history_events`,
      historyHeads: `${q}.history_heads`,
      seals: `${q}.seals`,
      issuedFiles: `${q}.issued_files`,
    }
    this.actions = new PostgresActionStore(q, { query: (sql, values) => this.query(sql, values), transaction: (fn) => this.transaction(fn) })
  }

  /**
   * Connects and creates the schema and its tables if missing (under an advisory lock, so
   * processes starting at once do not race). Rejects if the database cannot be reached or the
   * schema name is not a plain lower-case identifier.
   */
  static async open(
    connectionString: string,
    opts: { schema?: string; hooks?: StorageTestHooks; poolSize?: number } = {},
  ): Promise<PostgresStorage> {
    const schema = opts.schema ?? 'public'
    if (!SCHEMA_NAME.test(schema)) throw new Error(`invalid PostgreSQL schema name "${schema}" (expected ${SCHEMA_NAME})`)
    const pool = new pg.Pool({ connectionString, max: opts.poolSize ?? 10, connectionTimeoutMillis: 10_000 })
    // An idle client that loses its connection is dropped by the pool; without a listener the
    // error would crash the process. The next query opens a new connection (or rejects).
    pool.on('error', (err) => log.warn('PostgreSQL connection lost (idle)', { err: err.message }))
    // A checked-out client has no pool listener: a connection lost mid-transaction (a failover,
    // a restart, a cut network) would be an unhandled 'error' event and end the process. Every
    // client gets one for its whole life; the transaction's own query rejects, so the commit is
    // retried or reported (see tx).
    pool.on('connect', (client) => {
      client.on('error', (err) => log.warn('PostgreSQL connection lost', { err: err.message }))
    })
    const storage = new PostgresStorage(pool, schema, opts.hooks ?? {})
    try {
      await storage.migrate()
    } catch (err) {
      await pool.end().catch(() => {})
      throw err
    }
    return storage
  }

  private async migrate(): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`referat-schema:${this.schema}`])
      const exists = await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [this.schema])
      // Only when missing: CREATE SCHEMA needs the CREATE privilege even with IF NOT EXISTS.
      if (exists.rowCount === 0) await c.query(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`)
      await c.query(schemaSql(`"${this.schema}"`))
      await c.query(postgresWebhookSql(`"${this.schema}"`))
      await c.query(actionSchemaSql(`"${this.schema}"`))
    })
  }

  /** Runs `fn` and keeps track of it until it settles (for close). */
  private track<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error('PostgresStorage is closed'))
    const p = fn()
    this.pending.add(p)
    const done = () => this.pending.delete(p)
    p.then(done, done)
    return p
  }

  /** One query on any pooled connection. */
  private query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []): Promise<pg.QueryResult<R>> {
    return this.track(() => this.pool.query<R>(sql, values))
  }

  /** `fn` inside one transaction on one connection: committed when it resolves, rolled back when it rejects. */
  private async tx<T>(fn: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    const client = await this.pool.connect()
    let broken: Error | undefined
    try {
      await client.query(begin)
      const result = await fn(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      try {
        await client.query('ROLLBACK')
      } catch (rollbackErr) {
        broken = rollbackErr as Error
      }
      throw err
    } finally {
      // A connection whose state is unknown (the rollback failed too) is not reused.
      client.release(broken)
    }
  }

  private transaction<T>(fn: (client: pg.PoolClient) => Promise<T>, begin?: string): Promise<T> {
    return this.track(() => this.tx(fn, begin))
  }

  /**
   * `fn` in one transaction on one connection, with this storage's schema (a quoted identifier):
   * for modules that keep tables of their own beside the storage's (server/search). Tracked
   * like every call, so close() waits for it.
   * @internal
   */
  inTransaction<T>(fn: (client: pg.PoolClient, schema: string) => Promise<T>): Promise<T> {
    return this.transaction((client) => fn(client, `"${this.schema}"`))
  }

  /**
   * Appends in the caller's transaction. Locks each document's `docs` row (sorted by name, so
   * concurrent batches never deadlock) while raising its counter, then inserts all rows.
   */
  private async appendIn(client: pg.PoolClient, batch: readonly { docName: string; updates: readonly Buffer[] }[]): Promise<number[]> {
    const counts = new Map<string, number>()
    for (const { docName, updates } of batch) {
      if (updates.length > 0) counts.set(docName, (counts.get(docName) ?? 0) + updates.length)
    }
    if (counts.size === 0) return batch.map(() => 0)
    const names = [...counts.keys()]
    const reserved = await client.query<{ name: string; last_seq: string }>(
      `INSERT INTO ${this.t.docs} AS d (name, last_seq) ` +
        'SELECT name, n FROM unnest($1::text[], $2::bigint[]) AS u(name, n) ORDER BY name COLLATE "C" ' +
        'ON CONFLICT (name) DO UPDATE SET last_seq = d.last_seq + excluded.last_seq RETURNING name, last_seq',
      [names, names.map((n) => counts.get(n)!)],
    )
    /** Next seq to hand out per document. */
    const next = new Map<string, number>()
    for (const row of reserved.rows) next.set(row.name, toSeq(row.last_seq) - counts.get(row.name)! + 1)
    const docs: string[] = []
    const seqs: number[] = []
    const data: Buffer[] = []
    const lasts = batch.map(({ docName, updates }) => {
      let last = 0
      for (const update of updates) {
        last = next.get(docName)!
        next.set(docName, last + 1)
        docs.push(docName)
        seqs.push(last)
        data.push(update)
      }
      return last
    })
    await client.query(
      `INSERT INTO ${this.t.updates} (doc, seq, data) SELECT * FROM unnest($1::text[], $2::bigint[], $3::bytea[])`,
      [docs, seqs, data],
    )
    return lasts
  }

  /** The stored document (`afterSeq` 0 and `always`: load) in one statement, so one consistent view. */
  private async read(docName: string, afterSeq: number, withSnapshot: boolean): Promise<StoredDoc | null> {
    const { rows } = await this.query<{ kind: number; seq: string | null; data: Buffer | null; upto: string | null; n: string | null }>(
      `WITH s AS (SELECT data, upto_seq FROM ${this.t.snapshots} WHERE doc = $1) ` +
        `SELECT 0 AS kind, (SELECT last_seq FROM ${this.t.docs} WHERE name = $1) AS seq, ` +
        '  (SELECT CASE WHEN $3::boolean OR upto_seq > $2::bigint THEN data END FROM s) AS data, ' +
        '  (SELECT upto_seq FROM s) AS upto, ' +
        `  (SELECT count(*) FROM ${this.t.updates} WHERE doc = $1) AS n ` +
        'UNION ALL ' +
        `SELECT 1, u.seq, u.data, NULL, NULL FROM ${this.t.updates} u ` +
        'WHERE u.doc = $1 AND u.seq > GREATEST($2::bigint, COALESCE((SELECT upto_seq FROM s), 0)) ' +
        'ORDER BY kind, seq',
      [docName, afterSeq, withSnapshot],
    )
    const [head, ...later] = rows
    const uncompacted = toSeq(head.n)
    if (head.upto === null && uncompacted === 0) return null
    const updates = later.map((r) => copyBytes(r.data!))
    return {
      updates: head.data ? [copyBytes(head.data), ...updates] : updates,
      lastSeq: Math.max(toSeq(head.seq), toSeq(head.upto), toSeq(later.at(-1)?.seq ?? null)),
      uncompacted,
    }
  }

  load(docName: string): Promise<StoredDoc | null> {
    return this.read(docName, 0, true)
  }

  loadSince(docName: string, afterSeq: number): Promise<StoredDoc | null> {
    // Nothing held (afterSeq 0): everything, like load.
    return this.read(docName, Math.max(0, afterSeq), afterSeq <= 0)
  }

  async loadClientOwners(docName: string): Promise<Map<number, string>> {
    const { rows } = await this.query<{ client_id: string; owner: string }>(`SELECT client_id, owner FROM ${this.t.clientIds} WHERE doc = $1`, [docName])
    return new Map(rows.map((row) => [Number(row.client_id), row.owner]))
  }

  async claimClientIds(docName: string, clientIds: readonly number[], owner: string): Promise<Map<number, string>> {
    // In ascending order: two nodes claiming overlapping ids each wait for the other's uncommitted
    // rows, and in opposite orders they would deadlock.
    const ids = [...new Set(clientIds)].sort((a, b) => a - b).map((id) => String(id))
    // A conflicting insert (another node claimed the id first, or is claiming it now: the insert
    // waits for that transaction) leaves the first owner; the select then reads the winners.
    await this.query(
      `INSERT INTO ${this.t.clientIds} (doc, client_id, owner) SELECT $1, id, $3 FROM unnest($2::bigint[]) AS id ORDER BY id ON CONFLICT (doc, client_id) DO NOTHING`,
      [docName, ids, owner],
    )
    const { rows } = await this.query<{ client_id: string; owner: string }>(
      `SELECT client_id, owner FROM ${this.t.clientIds} WHERE doc = $1 AND client_id = ANY($2::bigint[])`,
      [docName, ids],
    )
    return new Map(rows.map((row) => [Number(row.client_id), row.owner]))
  }

  async append(docName: string, update: Uint8Array): Promise<number> {
    const [seq] = await this.appendBatch([{ docName, updates: [update] }])
    return seq
  }

  async appendBatch(batch: readonly AppendEntry[]): Promise<number[]> {
    // Convert first (what can throw on bad input), then one transaction for everything.
    const params = batch.map(({ docName, updates }) => ({ docName, updates: updates.map(toParam) }))
    return this.transaction((c) => this.appendIn(c, params))
  }

  async compact(docName: string, mergedState: Uint8Array, uptoSeq: number): Promise<void> {
    const state = toParam(mergedState)
    await this.transaction(async (c) => {
      // The document's row, created if missing, locked until commit: compactions of one
      // document run one after the other, and the snapshot check below cannot go stale.
      await c.query(`INSERT INTO ${this.t.docs} (name, last_seq) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [docName])
      const locked = await c.query<{ last_seq: string }>(`SELECT last_seq FROM ${this.t.docs} WHERE name = $1 FOR UPDATE`, [docName])
      const lastSeq = toSeq(locked.rows[0].last_seq)
      if (uptoSeq > lastSeq) {
        // A snapshot claiming seqs not yet handed out would hide the updates that get them.
        throw new Error(`compact "${docName}": uptoSeq ${uptoSeq} is beyond the last stored seq ${lastSeq}`)
      }
      const current = await c.query<{ upto_seq: string }>(`SELECT upto_seq FROM ${this.t.snapshots} WHERE doc = $1`, [docName])
      if (current.rows.length > 0 && uptoSeq <= toSeq(current.rows[0].upto_seq)) return
      await c.query(
        `INSERT INTO ${this.t.snapshots} (doc, data, upto_seq) VALUES ($1, $2, $3) ` +
          'ON CONFLICT (doc) DO UPDATE SET data = excluded.data, upto_seq = excluded.upto_seq',
        [docName, state, uptoSeq],
      )
      this.hooks.onCompactMidway?.(docName)
      await c.query(`DELETE FROM ${this.t.updates} WHERE doc = $1 AND seq <= $2`, [docName, uptoSeq])
    })
  }

  async createMeeting(meeting: MeetingSummary, initialUpdate: Uint8Array, docs: ReadonlyMap<string, Uint8Array> = new Map()): Promise<void> {
    const batch = [
      { docName: meeting.id, updates: [toParam(initialUpdate)] },
      ...[...docs].map(([docName, update]) => ({ docName, updates: [toParam(update)] })),
    ]
    await this.transaction(async (c) => {
      await c.query(`INSERT INTO ${this.t.meetings} (${COLUMNS_MEETING}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
        meeting.id,
        meeting.organ,
        meeting.title,
        meeting.number,
        meeting.date,
        meeting.time,
        meeting.place,
        meeting.firstAgendaNumber ?? 1,
        meeting.createdAt,
      ])
      await this.appendIn(c, batch)
    })
  }

  async getMeeting(id: string): Promise<MeetingSummary | null> {
    const { rows } = await this.query<MeetingRow>(`SELECT ${COLUMNS_MEETING} FROM ${this.t.meetings} WHERE id = $1`, [id])
    return rows.length > 0 ? toSummary(rows[0]) : null
  }

  async listMeetings(): Promise<MeetingSummary[]> {
    const { rows } = await this.query<MeetingRow>(
      `SELECT ${COLUMNS_MEETING} FROM ${this.t.meetings} ORDER BY date COLLATE "C" DESC, created_at COLLATE "C" DESC, id COLLATE "C" ASC`,
    )
    return rows.map(toSummary)
  }

  async insertToken(record: TokenRecord): Promise<void> {
    await this.query(`INSERT INTO ${this.t.tokens} (${COLUMNS_TOKEN}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, [
      record.id,
      record.meetingId,
      record.role,
      record.name,
      record.org,
      record.createdAt,
      record.expiresAt,
      record.revokedAt,
      record.personEmail,
      record.personSubject,
    ])
  }

  async listPersonInvitations(person: PersonKey): Promise<TokenRecord[]> {
    const { rows } = await this.query<TokenRow>(
      `SELECT ${COLUMNS_TOKEN} FROM ${this.t.tokens} WHERE person_subject = $1 OR person_email = $2 ORDER BY ord`,
      [person.subject, person.email],
    )
    return rows.map(toTokenRecord)
  }

  async insertSession(record: SessionRecord): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.sessions} (${SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      sessionValues(record, (isAdmin) => isAdmin),
    )
  }

  async getSignInRoles(meetingId: string): Promise<Role[] | null> {
    const { rows } = await this.query<{ roles: string }>(`SELECT roles FROM ${this.t.signInRoles} WHERE meeting_id = $1`, [meetingId])
    return rows.length > 0 ? parseRoles(rows[0].roles) : null
  }

  async setSignInRoles(meetingId: string, roles: readonly Role[]): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.signInRoles} (meeting_id, roles) VALUES ($1, $2) ON CONFLICT (meeting_id) DO UPDATE SET roles = excluded.roles`,
      [meetingId, JSON.stringify(roles)],
    )
  }

  async getSession(idHash: string): Promise<SessionRecord | null> {
    const { rows } = await this.query<SessionRow>(`SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions} WHERE id_hash = $1`, [idHash])
    return rows.length > 0 ? toSessionRecord(rows[0]) : null
  }

  async deleteEndedSessions(endedBefore: string): Promise<number> {
    const result = await this.query(`DELETE FROM ${this.t.sessions} WHERE expires_at < $1 OR revoked_at < $1`, [endedBefore])
    return result.rowCount ?? 0
  }

  async listActiveSessions(now: string, person?: { readonly issuer: string; readonly subject: string }): Promise<SessionRecord[]> {
    const select = `SELECT ${SESSION_COLUMNS} FROM ${this.t.sessions} WHERE revoked_at IS NULL AND expires_at > $1`
    const order = 'ORDER BY created_at DESC, id_hash'
    const { rows } = person
      ? await this.query<SessionRow>(`${select} AND issuer = $2 AND subject = $3 ${order} LIMIT $4`, [now, person.issuer, person.subject, MAX_LISTED_SESSIONS])
      : await this.query<SessionRow>(`${select} ${order} LIMIT $2`, [now, MAX_LISTED_SESSIONS])
    return rows.map(toSessionRecord)
  }

  async revokeSession(idHash: string, at: string): Promise<SessionRecord | null> {
    await this.query(`UPDATE ${this.t.sessions} SET revoked_at = $2 WHERE id_hash = $1 AND revoked_at IS NULL`, [idHash, at])
    return this.getSession(idHash)
  }

  async getToken(id: string): Promise<TokenRecord | null> {
    const { rows } = await this.query<TokenRow>(`SELECT ${COLUMNS_TOKEN} FROM ${this.t.tokens} WHERE id = $1`, [id])
    return rows.length > 0 ? toTokenRecord(rows[0]) : null
  }

  async listTokens(meetingId: string): Promise<TokenRecord[]> {
    const { rows } = await this.query<TokenRow>(
      `SELECT ${COLUMNS_TOKEN} FROM ${this.t.tokens} WHERE meeting_id = $1 ORDER BY created_at COLLATE "C", ord`,
      [meetingId],
    )
    return rows.map(toTokenRecord)
  }

  async revokeToken(meetingId: string, id: string, at: string): Promise<TokenRecord | null> {
    // One statement: set it unless set, and return the row as it is afterwards either way.
    const { rows } = await this.query<TokenRow>(
      `WITH upd AS (UPDATE ${this.t.tokens} SET revoked_at = $3 WHERE id = $1 AND meeting_id = $2 AND revoked_at IS NULL ` +
        `RETURNING ${COLUMNS_TOKEN}) ` +
        `SELECT ${COLUMNS_TOKEN} FROM upd UNION ALL ` +
        `SELECT ${COLUMNS_TOKEN} FROM ${this.t.tokens} WHERE id = $1 AND meeting_id = $2 AND NOT EXISTS (SELECT 1 FROM upd)`,
      [id, meetingId, at],
    )
    return rows.length > 0 ? toTokenRecord(rows[0]) : null
  }

  async insertVersion(record: VersionRecord): Promise<void> {
    const state = toParam(record.state)
    await this.query(`INSERT INTO ${this.t.versions} (${COLUMNS_VERSION}, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      record.meetingId,
      record.id,
      record.name,
      record.createdAt,
      record.createdByTokenId,
      record.createdByName,
      record.createdByRole,
      state,
    ])
  }

  async listVersions(meetingId: string): Promise<VersionMeta[]> {
    const { rows } = await this.query<VersionRow>(
      `SELECT ${COLUMNS_VERSION} FROM ${this.t.versions} WHERE meeting_id = $1 ORDER BY ord`,
      [meetingId],
    )
    return rows.map(toVersionMeta)
  }

  async getVersion(meetingId: string, id: string): Promise<VersionRecord | null> {
    const { rows } = await this.query<VersionRow & { state: Buffer }>(
      `SELECT ${COLUMNS_VERSION}, state FROM ${this.t.versions} WHERE meeting_id = $1 AND id = $2`,
      [meetingId, id],
    )
    return rows.length > 0 ? { ...toVersionMeta(rows[0]), state: copyBytes(rows[0].state) } : null
  }

  async insertSeal(record: SealRecord): Promise<SealRecord> {
    const params = sealValues(record).map((_, i) => `$${i + 1}`).join(', ')
    await this.query(`INSERT INTO ${this.t.seals} (${SEAL_COLUMNS}) VALUES (${params}) ON CONFLICT (meeting_id) DO NOTHING`, sealValues(record))
    return (await this.getSeal(record.meetingId))!
  }

  async getSeal(meetingId: string): Promise<SealRecord | null> {
    const { rows } = await this.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM ${this.t.seals} WHERE meeting_id = $1`, [meetingId])
    return rows.length > 0 ? toSealRecord(rows[0]) : null
  }

  async findSealByHash(sha256: string): Promise<SealRecord | null> {
    const { rows } = await this.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM ${this.t.seals} WHERE sha256 = $1 ORDER BY ord LIMIT 1`, [sha256])
    return rows.length > 0 ? toSealRecord(rows[0]) : null
  }

  async recordIssuedFile(record: IssuedFileRecord): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.issuedFiles} (${ISSUED_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (sha256) DO NOTHING`,
      issuedValues(record),
    )
  }

  async findIssuedFile(sha256: string): Promise<IssuedFileRecord | null> {
    const { rows } = await this.query<IssuedRow>(`SELECT ${ISSUED_COLUMNS} FROM ${this.t.issuedFiles} WHERE sha256 = $1`, [sha256])
    return rows.length > 0 ? toIssuedFile(rows[0]) : null
  }

  async getRoster(organ: string): Promise<RosterMember[]> {
    const { rows } = await this.query<{ id: string; name: string; org: string; default_group: string }>(
      `SELECT id, name, org, default_group FROM ${this.t.roster} WHERE organ = $1 ORDER BY position`,
      [organ],
    )
    return rows.map((r) => ({ id: r.id, name: r.name, org: r.org, defaultGroup: r.default_group as AttendanceGroupName }))
  }

  async replaceRoster(organ: string, members: readonly RosterMember[]): Promise<void> {
    const columns = {
      ids: members.map((m) => m.id),
      names: members.map((m) => m.name),
      orgs: members.map((m) => m.org),
      groups: members.map((m) => m.defaultGroup),
    }
    await this.transaction(async (c) => {
      await c.query(`DELETE FROM ${this.t.roster} WHERE organ = $1`, [organ])
      if (members.length === 0) return
      await c.query(
        `INSERT INTO ${this.t.roster} (organ, id, name, org, default_group, position) ` +
          'SELECT $1, id, name, org, grp, pos FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) ' +
          '  WITH ORDINALITY AS m(id, name, org, grp, pos)',
        [organ, columns.ids, columns.names, columns.orgs, columns.groups],
      )
    })
  }

  async getPersonLanguage(person: PersonIdentity): Promise<Language | null> {
    const { rows } = await this.query<{ language: string }>(`SELECT language FROM ${this.t.preferences} WHERE issuer = $1 AND subject = $2`, [
      person.issuer,
      person.subject,
    ])
    const language = rows[0]?.language
    return isLanguage(language) ? language : null
  }

  async setPersonLanguage(person: PersonIdentity, language: Language, at: string): Promise<void> {
    await this.query(
      `INSERT INTO ${this.t.preferences} (issuer, subject, language, updated_at) VALUES ($1, $2, $3, $4) ` +
        'ON CONFLICT (issuer, subject) DO UPDATE SET language = EXCLUDED.language, updated_at = EXCLUDED.updated_at',
      [person.issuer, person.subject, language, at],
    )
  }

  async appendHistoryEvent(draft: HistoryDraft): Promise<HistoryEvent> {
    return this.transaction(async (c) => {
      // The meeting's head row, created at seq 0 if missing and locked until commit: appends to
      // one meeting from any node run one after the other and chain onto each other. The primary
      // key (meeting_id, seq) of the events is the second guard: a fork could not be stored.
      await c.query(`INSERT INTO ${this.t.historyHeads} (meeting_id, seq, hash) VALUES ($1, 0, $2) ON CONFLICT (meeting_id) DO NOTHING`, [
        draft.meetingId,
        GENESIS_HASH,
      ])
      const locked = await c.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${this.t.historyHeads} WHERE meeting_id = $1 FOR UPDATE`, [
        draft.meetingId,
      ])
      const head = locked.rows[0]
      const event = chainEvent(draft, toSeq(head.seq) === 0 ? null : { seq: toSeq(head.seq), hash: head.hash })
      await c.query(`INSERT INTO ${this.t.history} (${HISTORY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, historyValues(event))
      await c.query(`UPDATE ${this.t.historyHeads} SET seq = $2, hash = $3 WHERE meeting_id = $1`, [event.meetingId, event.seq, event.hash])
      return event
    })
  }

  async listHistory(meetingId: string, afterSeq: number, limit: number): Promise<HistoryEvent[]> {
    const { rows } = await this.query<HistoryRow>(
      `SELECT ${HISTORY_COLUMNS} FROM ${this.t.history} WHERE meeting_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [meetingId, afterSeq, Math.max(0, Math.min(limit, MAX_HISTORY_PAGE))],
    )
    return rows.map(toHistoryEvent)
  }

  async historyHead(meetingId: string): Promise<ChainHead | null> {
    const { rows } = await this.query<{ seq: string; hash: string }>(`SELECT seq, hash FROM ${this.t.historyHeads} WHERE meeting_id = $1 AND seq > 0`, [meetingId])
    return rows.length > 0 ? { seq: toSeq(rows[0].seq), hash: rows[0].hash } : null
  }

  webhookStore(): WebhookStore {
    return new PostgresWebhookStore({ query: (sql, values) => this.query(sql, values), transaction: (fn) => this.transaction(fn) }, `"${this.schema}"`)
  }

  /** Lets the calls in flight settle, then ends the pool. Later calls reject. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await Promise.allSettled([...this.pending])
      await this.pool.end()
    })()
    return this.closing
  }
}
