export * from './historyChain'
