export * from './register'
