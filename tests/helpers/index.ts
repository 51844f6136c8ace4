export { createMeeting } from './api'
export { FakePeer } from './fakePeer'
export {
  closedWithin,
  connectClient,
  rawConnect,
  rawSync,
  savedSnapshots,
  syncMessage,
  updateMessage,
  type RawClient,
  type TestClient,
} from './clients'
export { appendText, editMinutes, findAll, findNode, minutesJSON, minutesOf } from './minutes'
export { spawnServer, startTestServer, tempDataDir, type SpawnedServer, type TestServer } from './server'
export { waitFor, withTimeout } from './waitFor'
