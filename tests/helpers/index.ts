export {
  api,
  createMeeting,
  mintToken,
  revokeToken,
  summaryOf,
  TEST_ADMIN_TOKEN,
  type ApiAnswer,
  type CreatedMeeting,
} from './api'
export { FakePeer } from './fakePeer'
export {
  awarenessEntryMessage,
  writeUnderClientId,
  closedWithin,
  connectClient,
  nextClose,
  rawConnect,
  rawSync,
  syncUrl,
  type RawConnectOptions,
  savedSnapshots,
  syncMessage,
  updateMessage,
  type RawClient,
  type TestClient,
} from './clients'
export { addActionItems, appendText, editMinutes, findAll, findNode, minutesJSON, minutesOf, textInside } from './minutes'
export { spawnServer, startTestServer, tempDataDir, type SpawnedServer, type TestServer } from './server'
export { waitFor, withTimeout } from './waitFor'
export { CLUSTER_DATABASE_URL, CLUSTER_TOKEN_SECRET, startCluster, startTestRedis, dropSchema, requirePostgres, type ClusterNode, type TestCluster, type TestRedis } from './cluster'
export {
  CookieJar,
  csrfOf,
  meOf,
  jarFetch,
  loginAtProvider,
  oidcEnv,
  reserveOidcProvider,
  sessionCookieOf,
  signIn,
  startSignIn,
  startWithProvider,
  OIDC_CLIENT_ID,
  OIDC_CLIENT_SECRET,
  OTHER_CLIENT_ID,
  KEY_CLIENT_ID,
  TEST_ACCOUNTS,
  type StartedSignIn,
  type TestAccount,
  type TestOidcProvider,
  type TestProviderOptions,
} from './oidcProvider'
