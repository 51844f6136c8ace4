export * from './light'
export { toDocx } from './docx'
export { toPdf } from './pdf'
export { printable as pdfPrintable } from './pdfFonts'
