import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

/** File in DATA_DIR holding the token-signing secret and the admin credential's hash. */
export const SECRETS_FILE = 'secrets.json'

/** Shortest TOKEN_SECRET and ADMIN_TOKEN accepted from the environment, in characters. */
export const MIN_TOKEN_SECRET_CHARS = 32
export const MIN_ADMIN_TOKEN_CHARS = 16

/** What the server signs tokens with and checks the admin credential against. */
export interface ServerSecrets {
  /** HMAC-SHA256 key for meeting tokens. */
  readonly tokenSecret: Buffer
  /** SHA-256 of the admin credential. */
  readonly adminCredentialHash: Buffer
  /**
   * The admin credential when this start generated it (the first start without ADMIN_TOKEN):
   * main.ts prints it once. Null on every other start. Never log it.
   */
  readonly generatedAdminCredential: string | null
}

interface SecretsFile {
  tokenSecret?: string
  adminCredentialSha256?: string
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest()

function readSecretsFile(file: string): SecretsFile {
  let raw: string
  try {
    raw = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw err
  }
  const parsed = JSON.parse(raw) as unknown
  if (typeof parsed !== 'object' || parsed === null) throw new Error(`${SECRETS_FILE} is not a JSON object`)
  const { tokenSecret, adminCredentialSha256 } = parsed as Record<string, unknown>
  return {
    tokenSecret: typeof tokenSecret === 'string' ? tokenSecret : undefined,
    adminCredentialSha256: typeof adminCredentialSha256 === 'string' ? adminCredentialSha256 : undefined,
  }
}

function writeSecretsFile(file: string, secrets: SecretsFile): void {
  // Write aside and rename, so a crash never leaves a half-written file; 0600 from the start.
  const temp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(temp, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 })
  fs.renameSync(temp, file)
  fs.chmodSync(file, 0o600)
}

/**
 * Loads `DATA_DIR/secrets.json` (mode 0600), creating what is missing: a random 32-byte signing
 * secret and a random admin credential (only its SHA-256 is stored). `tokenSecret` and
 * `adminToken` (from TOKEN_SECRET and ADMIN_TOKEN, already length-checked by readConfig)
 * override the file and are never written to it. Throws if the file cannot be read or written.
 */
export function loadSecrets(dataDir: string, overrides: { tokenSecret: string | null; adminToken: string | null }): ServerSecrets {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, SECRETS_FILE)
  const stored = readSecretsFile(file)
  let changed = false
  let generatedAdminCredential: string | null = null
  if (!overrides.tokenSecret && !stored.tokenSecret) {
    stored.tokenSecret = randomBytes(32).toString('base64url')
    changed = true
  }
  if (!overrides.adminToken && !stored.adminCredentialSha256) {
    generatedAdminCredential = randomBytes(24).toString('base64url')
    stored.adminCredentialSha256 = sha256(generatedAdminCredential).toString('hex')
    changed = true
  }
  if (changed) writeSecretsFile(file, stored)
  return {
    tokenSecret: Buffer.from(overrides.tokenSecret ?? stored.tokenSecret!, 'utf8'),
    adminCredentialHash: overrides.adminToken ? sha256(overrides.adminToken) : Buffer.from(stored.adminCredentialSha256!, 'hex'),
    generatedAdminCredential,
  }
}

/** True when `candidate` is the admin credential. Compares hashes in constant time. */
export function isAdminCredential(secrets: Pick<ServerSecrets, 'adminCredentialHash'>, candidate: string): boolean {
  const hash = sha256(candidate)
  return hash.length === secrets.adminCredentialHash.length && timingSafeEqual(hash, secrets.adminCredentialHash)
}
