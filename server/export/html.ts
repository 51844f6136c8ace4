import { HOUSE_CSS } from './houseStyle'
import { actionSuffix, plainText, sakHeading, type Block, type ReferatModel, type RenderOptions, type Run } from './model'

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

function attendanceTable(model: ReferatModel): string {
  if (model.attendance.length === 0) return ''
  const rows = model.attendance.map(
    (g) =>
      `<tr><th scope="row">${escapeHtml(g.label)}</th><td><ul>${g.attendees.map((a) => `<li>${escapeHtml(a.display)}</li>`).join('')}</ul></td></tr>`,
  )
  return `<h2>Medlemmer</h2>\n<table class="attendance"><tbody>${rows.join('')}</tbody></table>`
}

function agendaTable(model: ReferatModel): string {
  if (model.agenda.length === 0) return ''
  const rows = model.agenda.map(
    (r) =>
      `<tr><td class="number">${escapeHtml(r.number ?? '')}</td><td>${escapeHtml(r.title)}</td><td class="type">${escapeHtml(r.caseType ?? '')}</td></tr>`,
  )
  return `<table class="agenda"><thead><tr><th scope="col">Sak</th><th scope="col">Tema</th><th scope="col">Sakstype</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
}

function sakSection(sak: ReferatModel['saker'][number]): string {
  const parts = [`<section class="sak"><h2>${escapeHtml(sakHeading(sak))}</h2>`, blocks(sak.narrative)]
  if (sak.innspill.length > 0) parts.push('<p class="label">Innspill:</p>', blocks(sak.innspill))
  if (sak.aksjonspunkter.length > 0) {
    const items = sak.aksjonspunkter.map((a) => `<li>${runs(a.runs)}${escapeHtml(actionSuffix(a))}</li>`)
    parts.push('<p class="label">Aksjonspunkter:</p>', `<ul class="aksjonspunkter">${items.join('')}</ul>`)
  }
  if (sak.vedtak && sak.vedtak.some((p) => plainText(p).trim())) {
    parts.push('<p class="label">Vedtak:</p>', `<div class="vedtak">${sak.vedtak.map((p) => `<p>${runs(p)}</p>`).join('')}</div>`)
  }
  parts.push('</section>')
  return parts.join('\n')
}

/**
 * The referat as one standalone HTML document (UTF-8, inline house CSS with a print layout). A
 * Content-Security-Policy allows no script, no request and no form: with every typed text
 * escaped, the file holds no executable content.
 */
export function toHtml(model: ReferatModel, _options: RenderOptions = {}): string {
  return `<!doctype html>
<html lang="nb">
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
${headerTable(model)}
${attendanceTable(model)}
${agendaTable(model)}
${model.saker.map(sakSection).join('\n')}
</main>
</body>
</html>
`
}
