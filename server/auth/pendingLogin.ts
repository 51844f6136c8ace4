import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/** How long a started sign-in may take at the provider, in milliseconds. */
export const PENDING_LOGIN_MS = 10 * 60 * 1000

/** What the server must remember between /auth/login and /auth/callback. */
export interface PendingLogin {
  readonly state: string
  readonly nonce: string
  /** PKCE code_verifier. */
  readonly verifier: string
  /** The redirect_uri sent to the provider (the token request must repeat it). */
  readonly redirectUri: string
  /** Same-origin path to return to afterwards. */
  readonly returnTo: string
  /** Expiry, ms since the epoch. */
  readonly expMs: number
}

const AAD = Buffer.from('referat pending-login v1', 'ascii')
const IV_BYTES = 12
const TAG_BYTES = 16
/** Longest sealed value accepted; anything longer is refused unread. */
const MAX_SEALED_CHARS = 4096

/** The sealing key: HKDF-SHA256 of the token-signing secret, for this purpose only. */
function keyOf(secret: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), AAD, 32))
}

/**
 * Seals a pending sign-in for a short-lived cookie: AES-256-GCM (encrypted, so the PKCE verifier
 * and nonce stay unreadable to the browser, and authenticated, so nothing in it can be changed),
 * with a key derived from TOKEN_SECRET. Output: base64url(iv | tag | ciphertext).
 */
export function sealPendingLogin(secret: Buffer, login: PendingLogin): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keyOf(secret), iv)
  cipher.setAAD(AAD)
  const body = Buffer.concat([cipher.update(JSON.stringify(login), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')
}

/** Opens a sealed pending sign-in: null when it is malformed, tampered with, or expired at `nowMs`. Never throws. */
export function openPendingLogin(secret: Buffer, sealed: string | null | undefined, nowMs: number): PendingLogin | null {
  if (!sealed || sealed.length > MAX_SEALED_CHARS || !/^[A-Za-z0-9_-]+$/.test(sealed)) return null
  const bytes = Buffer.from(sealed, 'base64url')
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(secret), bytes.subarray(0, IV_BYTES))
    decipher.setAAD(AAD)
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    const text = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
    const value = JSON.parse(text) as Record<string, unknown>
    const fields = ['state', 'nonce', 'verifier', 'redirectUri', 'returnTo'] as const
    if (!fields.every((f) => typeof value[f] === 'string') || typeof value.expMs !== 'number') return null
    if (value.expMs <= nowMs) return null
    return value as unknown as PendingLogin
  } catch {
    return null
  }
}
