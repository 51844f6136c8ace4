export { createSyncEndpoint, type SyncEndpoint, type SyncEndpointOptions } from './syncEndpoint'
export { parseSyncUrl, SYNC_PATH_PREFIX, type SyncRequest } from './parseSyncUrl'
export { WsPeerSocket, toExactBytes } from './WsPeerSocket'
export { ConnectionThrottle, DEFAULT_RATE_LIMITS, TokenBucket, type RateLimits } from './ConnectionThrottle'
