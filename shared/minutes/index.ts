export * from './json'
export * from './meeting'
export * from './template'
