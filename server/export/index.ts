export * from './light'
export { toDocx } from './docx'
export { toPdf, toWinAnsi } from './pdf'
