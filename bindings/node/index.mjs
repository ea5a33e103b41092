// ESM entry point: the native binding is loaded once, by the CommonJS loader.
export * from './index.js'
export { default } from './index.js'
