import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

/** Header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'Referat-Signature'
/** How far a signature's timestamp may be from the receiver's clock before it is refused as a replay, in seconds (what we advise receivers). */
export const DEFAULT_TOLERANCE_S = 300
/** Bytes of a generated endpoint secret (hex-encoded: twice as many characters). */
export const SECRET_BYTES = 32

/** A new endpoint secret: 32 random bytes, hex. */
export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('hex')
}

/** The hex HMAC-SHA256 of `<timestampS>.<body>` under `secret` (the secret's UTF-8 bytes are the key). */
function mac(secret: string, timestampS: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampS}.`).update(body).digest('hex')
}

/** The `Referat-Signature` value of `body` sent at `timestampS` (unix seconds). */
export function signatureHeader(secret: string, timestampS: number, body: string): string {
  return `t=${timestampS},v1=${mac(secret, timestampS, body)}`
}

/**
 * Checks a `Referat-Signature` value against the raw `body` as a receiver would: the timestamp
 * within `toleranceS` of `nowS`, and one of its `v1` values equal (in constant time) to the
 * HMAC of `<t>.<body>`. Several `v1` values are accepted so a receiver can check during a
 * secret rotation. Never throws.
 */
export function verifySignature(header: string, secret: string, body: string, nowS: number, toleranceS = DEFAULT_TOLERANCE_S): boolean {
  let timestamp: number | null = null
  const candidates: string[] = []
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2)
    if (key === 't' && /^\d{1,12}$/.test(value ?? '')) timestamp = Number(value)
    if (key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? '')) candidates.push(value)
  }
  if (timestamp === null || Math.abs(nowS - timestamp) > toleranceS) return false
  const expected = Buffer.from(mac(secret, timestamp, body), 'hex')
  return candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected))
}
