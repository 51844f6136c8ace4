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
export { OidcSignIn, SignInError, type SignedIn } from './OidcSignIn'
export { privateKeyJwt, readClientKey, type ClientKey, type ClientKeyAlg } from './clientKey'
export { SessionAuthority, isCsrfToken, type NewSession } from './SessionAuthority'
export { AccessChanges, parseAccessChange, type AccessChange, type ApplyAccessChange } from './AccessChanges'
export { openPendingLogin, sealPendingLogin, PENDING_LOGIN_MS, type PendingLogin } from './pendingLogin'
export { personActor, type LinkPrincipal, type Person, type PersonPrincipal, type Principal } from './principal'
export { cookieHeader, cookieNames, readCookie, type CookieNames } from './cookies'
export { DEFAULT_SIGN_IN_ROLES, SignInPolicy, type SignInRequirement } from './signInPolicy'
