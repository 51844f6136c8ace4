export * from './decisionText'
export * from './json'
export * from './meeting'
export * from './template'
