import { HOUSE_CSS } from './houseStyle'
import type { ExportLabels } from './labels'
import { actionSuffix, labelsOf, plainText, sakHeading, type Block, type ReferatModel, type Run } from './model'
import { approvalOf, statusOf, statusText, type RenderOptions } from './record'

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function runs(list: readonly Run[]): string {
  return list
    .map((r) => {
      let html = escapeHtml(r.text).replace(/\n/g, '<br>')
      if (r.italic) html = `<em>${html}</em>`
      if (r.bold) html = `<strong>${html}</strong>`
      return html
    })
    .join('')
}

function blocks(list: readonly Block[]): string {
  const out: string[] = []
  let inputs: string[] = []
  const flushInputs = () => {
    if (inputs.length > 0) out.push(`<ul class="innspill">${inputs.join('')}</ul>`)
    inputs = []
  }
  for (const block of list) {
    if (block.type === 'memberInput') {
      const named = block.namedBy ? ` <span class="named-by">(${escapeHtml(block.namedBy)})</span>` : ''
      inputs.push(`<li>${runs(block.runs)}${named}</li>`)
      continue
    }
    flushInputs()
    if (block.type === 'paragraph') out.push(`<p>${runs(block.runs)}</p>`)
    else if (block.type === 'subheading') out.push(`<h3>${escapeHtml(block.text)}</h3>`)
    else out.push(`<ul>${block.items.map((item) => `<li>${blocks(item)}</li>`).join('')}</ul>`)
  }
  flushInputs()
  return out.join('\n')
}

function headerTable(model: ReferatModel): string {
  const rows = model.header.map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`)
  return `<table class="header"><tbody>${rows.join('')}</tbody></table>`
}

function attendanceTable(model: ReferatModel, labels: ExportLabels): string {
  if (model.attendance.length === 0) return ''
  const rows = model.attendance.map(
    (g) =>
      `<tr><th scope="row">${escapeHtml(g.label)}</th><td><ul>${g.attendees.map((a) => `<li>${escapeHtml(a.display)}</li>`).join('')}</ul></td></tr>`,
  )
  return `<h2>${escapeHtml(labels.t('export.members'))}</h2>\n<table class="attendance"><tbody>${rows.join('')}</tbody></table>`
}

function agendaTable(model: ReferatModel, labels: ExportLabels): string {
  if (model.agenda.length === 0) return ''
  const rows = model.agenda.map(
    (r) =>
      `<tr><td class="number">${escapeHtml(r.number ?? '')}</td><td>${escapeHtml(r.title)}</td><td class="type">${escapeHtml(r.caseType ?? '')}</td></tr>`,
  )
  const head = [labels.t('export.agenda.number'), labels.t('export.agenda.title'), labels.t('export.agenda.caseType')]
  return `<table class="agenda"><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function sakSection(sak: ReferatModel['saker'][number], labels: ExportLabels): string {
  const parts = [`<section class="sak"><h2>${escapeHtml(sakHeading(sak))}</h2>`]
  if (sak.timesDisplay) parts.push(`<p class="sak-times">${escapeHtml(sak.timesDisplay)}</p>`)
  parts.push(blocks(sak.narrative))
  if (sak.innspill.length > 0) parts.push(`<p class="label">${escapeHtml(labels.t('export.sak.innspill'))}:</p>`, blocks(sak.innspill))
  if (sak.aksjonspunkter.length > 0) {
    const items = sak.aksjonspunkter.map((a) => `<li>${runs(a.runs)}${escapeHtml(actionSuffix(a, labels))}</li>`)
    parts.push(`<p class="label">${escapeHtml(labels.t('export.sak.aksjonspunkter'))}:</p>`, `<ul class="aksjonspunkter">${items.join('')}</ul>`)
  }
  if (sak.vedtak && sak.vedtak.some((p) => plainText(p).trim())) {
    const status = sak.vedtakStatus ?? 'unconfirmed'
    parts.push(
      `<p class="label">${escapeHtml(sak.vedtakLabel ?? labels.t('export.vedtak.label'))}:</p>`,
      `<div class="vedtak vedtak-${status}">${sak.vedtak.map((p) => `<p>${runs(p)}</p>`).join('')}</div>`,
    )
    if (sak.confirmationDisplay) parts.push(`<p class="confirmation confirmation-${status}">${escapeHtml(sak.confirmationDisplay)}</p>`)
  }
  parts.push('</section>')
  return parts.join('\n')
}

/** "Status: Utkast", and for an approved referat the approval and the seal's checksum. */
function statusBlock(model: ReferatModel, labels: ExportLabels, options?: RenderOptions): string {
  const status = statusText(statusOf(model, options), labels)
  const out = [`<p class="status"><strong>${escapeHtml(labels.t('export.status.label'))}:</strong> ${escapeHtml(status)}</p>`]
  const approval = approvalOf(model, options, labels)
  if (approval) out.push(`<p class="approval">${escapeHtml(approval.line)}</p>`)
  if (approval?.checksum) out.push(`<p class="checksum">${escapeHtml(approval.checksum)}</p>`)
  return out.join('\n')
}

/**
 * The referat as one standalone HTML document (UTF-8, inline house CSS with a print layout). A
 * Content-Security-Policy allows no script, no request and no form: with every typed text
 * escaped, the file holds no executable content.
 */
export function toHtml(model: ReferatModel, options?: RenderOptions): string {
  const labels = labelsOf(model)
  return `<!doctype html>
<html lang="${labels.language}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${HOUSE_CSS}</style>
</head>
<body>
<main class="referat">
<h1>${escapeHtml(model.title)}</h1>
${statusBlock(model, labels, options)}
${headerTable(model)}
${attendanceTable(model, labels)}
${agendaTable(model, labels)}
${model.saker.map((sak) => sakSection(sak, labels)).join('\n')}
</main>
</body>
</html>
`
}
