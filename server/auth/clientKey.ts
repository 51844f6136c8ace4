import { createHash, createPrivateKey, X509Certificate, webcrypto, type JsonWebKey, type KeyObject } from 'node:crypto'
import fs from 'node:fs'
import * as client from 'openid-client'

/**
 * The client's own key for private_key_jwt (RFC 7523): instead of a shared secret, the server
 * signs a short assertion at each call to the token endpoint, and the provider checks it with the
 * public key registered for the client (a JWKS, or, in Entra ID, an uploaded certificate).
 */
export interface ClientKey {
  /** The private key, parsed and checked at start-up. Never logged. */
  readonly key: KeyObject
  /** JWS algorithm of the assertion: RS256 or PS256 (RSA), ES256/ES384/ES512 (EC, by curve). */
  readonly alg: ClientKeyAlg
  /** `kid` header: OIDC_PRIVATE_KEY_ID, else the JWK's own kid, else none. */
  readonly kid: string | null
  /** From OIDC_CLIENT_CERT_FILE: the certificate's SHA-1 and SHA-256 thumbprints (x5t, x5t#S256), as Entra ID wants them. */
  readonly x5t: string | null
  readonly x5tS256: string | null
}

export type ClientKeyAlg = 'RS256' | 'PS256' | 'ES256' | 'ES384' | 'ES512'

const EC_ALG: Readonly<Record<string, ClientKeyAlg>> = { prime256v1: 'ES256', secp384r1: 'ES384', secp521r1: 'ES512' }
const EC_CURVE: Readonly<Record<string, string>> = { ES256: 'P-256', ES384: 'P-384', ES512: 'P-521' }
/** A key file is a few kilobytes; anything far larger is the wrong file. */
const MAX_KEY_FILE_BYTES = 64 * 1024

type Env = NodeJS.ProcessEnv
type Fail = (message: string) => Error

function readSmallFile(path: string, variable: string, fail: Fail): string {
  let size: number
  try {
    size = fs.statSync(path).size
  } catch (err) {
    throw fail(`${variable}: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  if (size > MAX_KEY_FILE_BYTES) throw fail(`${variable}: ${path} is ${size} bytes, more than a key or certificate file holds`)
  return fs.readFileSync(path, 'utf8')
}

/** Parses a PEM private key or a private JWK (JSON); the message never quotes the file. */
function parseKey(text: string, path: string, fail: Fail): { key: KeyObject; jwkKid: string | null } {
  const trimmed = text.trim()
  try {
    if (trimmed.startsWith('{')) {
      const jwk = JSON.parse(trimmed) as Record<string, unknown>
      if (typeof jwk.d !== 'string') throw new Error('not a private JWK')
      return { key: createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' }), jwkKid: typeof jwk.kid === 'string' ? jwk.kid : null }
    }
    return { key: createPrivateKey(trimmed), jwkKid: null }
  } catch {
    throw fail(`OIDC_PRIVATE_KEY_FILE: ${path} holds no private key (expected a PEM "PRIVATE KEY" or a private JWK with "d")`)
  }
}

function algorithmOf(key: KeyObject, wanted: string | undefined, fail: Fail): ClientKeyAlg {
  const requested = wanted?.trim() ?? ''
  if (key.asymmetricKeyType === 'rsa') {
    if ((key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) throw fail('OIDC_PRIVATE_KEY_FILE: an RSA key must have at least 2048 bits')
    if (requested === '' || requested === 'RS256') return 'RS256'
    if (requested === 'PS256') return 'PS256'
    throw fail(`OIDC_PRIVATE_KEY_ALG must be RS256 or PS256 for an RSA key, got "${requested}"`)
  }
  if (key.asymmetricKeyType === 'ec') {
    const alg = EC_ALG[key.asymmetricKeyDetails?.namedCurve ?? '']
    if (!alg) throw fail('OIDC_PRIVATE_KEY_FILE: an EC key must be on P-256, P-384 or P-521')
    if (requested !== '' && requested !== alg) throw fail(`OIDC_PRIVATE_KEY_ALG must be ${alg} for this key's curve, got "${requested}"`)
    return alg
  }
  throw fail(`OIDC_PRIVATE_KEY_FILE: an RSA or EC key is needed, this is ${key.asymmetricKeyType ?? 'unknown'}`)
}

function readCertificate(path: string, fail: Fail): X509Certificate {
  const text = readSmallFile(path, 'OIDC_CLIENT_CERT_FILE', fail)
  try {
    return new X509Certificate(text)
  } catch {
    throw fail(`OIDC_CLIENT_CERT_FILE: ${path} holds no PEM certificate`)
  }
}

/**
 * Reads OIDC_PRIVATE_KEY_FILE (with OIDC_PRIVATE_KEY_ID, OIDC_PRIVATE_KEY_ALG,
 * OIDC_CLIENT_CERT_FILE): null when unset. Throws (via `fail`) at start-up for an unreadable,
 * weak or mismatched key, so a bad key never waits for the first sign-in to show.
 */
export function readClientKey(env: Env, fail: Fail): ClientKey | null {
  const path = env.OIDC_PRIVATE_KEY_FILE?.trim()
  if (!path) {
    for (const name of ['OIDC_PRIVATE_KEY_ID', 'OIDC_PRIVATE_KEY_ALG', 'OIDC_CLIENT_CERT_FILE']) {
      if ((env[name] ?? '').trim() !== '') throw fail(`${name} is set but OIDC_PRIVATE_KEY_FILE is not`)
    }
    return null
  }
  const { key, jwkKid } = parseKey(readSmallFile(path, 'OIDC_PRIVATE_KEY_FILE', fail), path, fail)
  const alg = algorithmOf(key, env.OIDC_PRIVATE_KEY_ALG, fail)
  const certPath = env.OIDC_CLIENT_CERT_FILE?.trim()
  const certificate = certPath ? readCertificate(certPath, fail) : null
  if (certificate && !certificate.checkPrivateKey(key)) {
    throw fail(`OIDC_CLIENT_CERT_FILE: ${certPath} is not the certificate of the key in OIDC_PRIVATE_KEY_FILE`)
  }
  const thumbprint = (hash: string): string | null => (certificate ? createHash(hash).update(certificate.raw).digest('base64url') : null)
  const kid = env.OIDC_PRIVATE_KEY_ID?.trim() || jwkKid
  return { key, alg, kid: kid || null, x5t: thumbprint('sha1'), x5tS256: thumbprint('sha256') }
}

/** The WebCrypto key openid-client signs with; its algorithm fixes the assertion's `alg`. */
export async function signingKeyOf(clientKey: ClientKey): Promise<webcrypto.CryptoKey> {
  const pkcs8 = clientKey.key.export({ format: 'der', type: 'pkcs8' })
  const algorithm =
    clientKey.alg === 'RS256'
      ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }
      : clientKey.alg === 'PS256'
        ? { name: 'RSA-PSS', hash: 'SHA-256' }
        : { name: 'ECDSA', namedCurve: EC_CURVE[clientKey.alg] }
  return webcrypto.subtle.importKey('pkcs8', pkcs8, algorithm, false, ['sign'])
}

/** private_key_jwt: each token request carries an assertion signed with the client's key. */
export async function privateKeyJwt(clientKey: ClientKey): Promise<client.ClientAuth> {
  const key = await signingKeyOf(clientKey)
  const options: client.ModifyAssertionOptions = {
    [client.modifyAssertion]: (header) => {
      // Entra ID finds an uploaded certificate by its thumbprint, not by kid.
      if (clientKey.x5t) header.x5t = clientKey.x5t
      if (clientKey.x5tS256) header['x5t#S256'] = clientKey.x5tS256
    },
  }
  return client.PrivateKeyJwt(clientKey.kid ? { key, kid: clientKey.kid } : key, options)
}
