export * from './types'
export * from './import'
export * from './status'
export * from './actions'
