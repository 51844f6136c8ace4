/**
 * The house layout of a published referat (seed 003) as CSS: used by the HTML export, for the
 * screen and for print (the browser's "Lagre som PDF" gives the same pages as the PDF export).
 */
export const HOUSE_CSS = `
@page { size: A4; margin: 20mm 20mm 22mm 20mm; }
:root { color-scheme: light; }
body { font-family: Calibri, Carlito, "Helvetica Neue", Helvetica, Arial, sans-serif; font-size: 11pt; line-height: 1.35; color: #000; background: #fff; margin: 0; }
main.referat { max-width: 170mm; margin: 0 auto; padding: 16px; }
h1 { font-size: 18pt; margin: 0 0 12pt; }
h2 { font-size: 13pt; margin: 18pt 0 6pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 0 0 12pt; }
th, td { text-align: left; vertical-align: top; padding: 3pt 6pt; border: 1px solid #999; }
table.header th, table.attendance th { width: 28%; font-weight: bold; }
table.attendance ul { list-style: none; margin: 0; padding: 0; }
table.agenda th { background: #eee; }
table.agenda td.number { white-space: nowrap; width: 12%; }
table.agenda td.type { width: 20%; }
section.sak { break-inside: auto; }
p { margin: 0 0 6pt; }
ul { margin: 0 0 6pt; padding-left: 18pt; }
p.label { font-weight: bold; margin-top: 8pt; }
.named-by { font-style: italic; }
p.sak-times, p.confirmation { font-style: italic; color: #333; }
p.checksum { font-family: "Noto Sans Mono", "DejaVu Sans Mono", monospace; font-size: 9pt; overflow-wrap: anywhere; }
@media print {
  main.referat { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  tr, li { break-inside: avoid; page-break-inside: avoid; }
}
`
