export * from './schema'
export * from './protocol'
export * from './minutes'
