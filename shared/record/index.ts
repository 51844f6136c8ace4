export * from './historyChain'
export * from './historyApi'
export * from './canonicalJson'
export * from './seal'
