export { loadSecrets, isAdminCredential, SECRETS_FILE, MIN_ADMIN_TOKEN_CHARS, MIN_TOKEN_SECRET_CHARS, type ServerSecrets } from './secrets'
export {
  newTokenId,
  readSignedToken,
  signToken,
  verifyToken,
  MAX_TOKEN_CHARS,
  type TokenCheck,
  type TokenFailure,
  type TokenStatusLookup,
} from './tokens'
export { TokenAuthority, type MintRequest, type MintedToken } from './TokenAuthority'
export { OriginPolicy } from './originPolicy'
export { readOidcConfig, isLoopbackHttp, type OidcConfig } from './oidcConfig'
