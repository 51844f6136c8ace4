export { HISTORY_APPEND_ATTEMPTS, HISTORY_RETRY_MS, HistoryRecorder } from './HistoryRecorder'
export { adminHistoryActor, historyActorOf } from './actors'
