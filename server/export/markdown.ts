import type { ExportLabels } from './labels'
import { actionSuffix, labelsOf, plainText, sakHeading, type Block, type ReferatModel, type Run } from './model'
import { approvalOf, statusOf, statusText, type RenderOptions } from './record'

/**
 * Escapes text typed into the minutes for CommonMark/GFM: the characters that make inline
 * markup, HTML or entities anywhere (so `<script>` stays literal text), and those that start a
 * block at the beginning of a line (heading, list, quote, setext underline). A line break
 * becomes a hard break inside the same paragraph.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      line
        .replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`)
        .replace(/^(\s*)([#>+=-])/, '$1\\$2')
        .replace(/^(\s*\d+)([.)])/, '$1\\$2'),
    )
    .join('\\\n')
}

function runs(list: readonly Run[]): string {
  return list
    .map((r) => {
      // Markers go inside the surrounding spaces: "** x**" would not be bold.
      const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(r.text)!
      if (!m[2]) return escapeMarkdown(r.text)
      const marker = `${r.bold ? '**' : ''}${r.italic ? '_' : ''}`
      const closing = `${r.italic ? '_' : ''}${r.bold ? '**' : ''}`
      return `${m[1]}${marker}${escapeMarkdown(m[2])}${closing}${m[3]}`
    })
    .join('')
}

/** A table cell: inline escapes only (a cell cannot start a block), on one line. */
function cell(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, ' ')
}

function blocks(list: readonly Block[], indent = ''): string[] {
  const out: string[] = []
  for (const block of list) {
    switch (block.type) {
      case 'paragraph':
        out.push(`${indent}${runs(block.runs)}`, '')
        break
      case 'subheading':
        out.push(`${indent}### ${escapeMarkdown(block.text)}`, '')
        break
      case 'memberInput':
        out.push(`${indent}- ${runs(block.runs)}${block.namedBy ? ` (${escapeMarkdown(block.namedBy)})` : ''}`, '')
        break
      case 'bulletList':
        for (const item of block.items) {
          const inner = blocks(item, `${indent}  `).filter((l) => l !== '')
          out.push(`${indent}- ${inner.join('\n').trimStart()}`)
        }
        out.push('')
        break
    }
  }
  return out
}

/** "Status: Utkast", and for an approved referat the approval and the seal's checksum. */
function statusLines(model: ReferatModel, labels: ExportLabels, options?: RenderOptions): string[] {
  const out = [`**${labels.t('export.status.label')}:** ${statusText(statusOf(model, options), labels)}`, '']
  const approval = approvalOf(model, options, labels)
  if (approval) out.push(escapeMarkdown(approval.line), '')
  if (approval?.checksum) out.push(escapeMarkdown(approval.checksum), '')
  return out
}

/** The referat as GitHub-flavoured Markdown in the house layout; every typed text is escaped. */
export function toMarkdown(model: ReferatModel, options?: RenderOptions): string {
  const labels = labelsOf(model)
  const out: string[] = [`# ${escapeMarkdown(model.title)}`, '', ...statusLines(model, labels, options), '| | |', '|---|---|']
  for (const row of model.header) out.push(`| **${row.label}** | ${cell(row.value)} |`)
  out.push('')
  if (model.attendance.length > 0) {
    out.push(`## ${labels.t('export.members')}`, '', '| | |', '|---|---|')
    for (const group of model.attendance) {
      out.push(`| **${group.label}** | ${group.attendees.map((a) => cell(a.display)).join('<br>')} |`)
    }
    out.push('')
  }
  if (model.agenda.length > 0) {
    out.push(`| ${labels.t('export.agenda.number')} | ${labels.t('export.agenda.title')} | ${labels.t('export.agenda.caseType')} |`, '|---|---|---|')
    for (const row of model.agenda) out.push(`| ${cell(row.number ?? '')} | ${cell(row.title)} | ${cell(row.caseType ?? '')} |`)
    out.push('')
  }
  for (const sak of model.saker) {
    out.push(`## ${escapeMarkdown(sakHeading(sak))}`, '')
    if (sak.timesDisplay) out.push(`_${escapeMarkdown(sak.timesDisplay)}_`, '')
    out.push(...blocks(sak.narrative))
    if (sak.innspill.length > 0) out.push(`**${labels.t('export.sak.innspill')}:**`, '', ...blocks(sak.innspill))
    if (sak.aksjonspunkter.length > 0) {
      out.push(`**${labels.t('export.sak.aksjonspunkter')}:**`, '')
      for (const a of sak.aksjonspunkter) out.push(`- ${runs(a.runs)}${escapeMarkdown(actionSuffix(a, labels))}`)
      out.push('')
    }
    if (sak.vedtak && sak.vedtak.some((p) => plainText(p).trim())) {
      out.push(`**${sak.vedtakLabel ?? labels.t('export.vedtak.label')}:**`, '')
      for (const p of sak.vedtak) out.push(runs(p), '')
      if (sak.confirmationDisplay) out.push(`_${escapeMarkdown(sak.confirmationDisplay)}_`, '')
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`
}
