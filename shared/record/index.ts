export * from './historyChain'
export * from './historyApi'
