export * from './canonicalJson'
export * from './seal'
