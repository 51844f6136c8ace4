export { ActionSync, ACTION_SYNC_DEBOUNCE_MS, type ActionSyncOptions } from './ActionSync'
export { readStoredMinutes, sakNumbersOf } from './readMinutes'
