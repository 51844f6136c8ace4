import { setupI18n, type I18n, type Messages } from '@lingui/core'
import { compileMessage } from '@lingui/message-utils/compileMessage'
import { isLanguage, localeTag, type Language } from '../../shared/i18n/languages'
import type { TemplateWords } from '../../shared/minutes/template'
import en from '../../shared/i18n/export/en.json'
import nb from '../../shared/i18n/export/nb.json'
import nn from '../../shared/i18n/export/nn.json'

/**
 * The fixed words of every export (labels, status lines, dates) in the meeting's language.
 *
 * The catalogues are shared/i18n/export/<lang>.json: flat ICU messages, keys `export.…`, bokmål
 * the source. The server compiles them at run time (Lingui's message compiler): under `tsx` and in
 * the built server the JSON arrives as written; the client's Vite plugin, which also runs under
 * Vitest, hands them over already compiled, and Lingui takes both.
 */

/** A key of the export catalogues. */
export type ExportKey = keyof typeof nb

const CATALOGUES: Readonly<Record<Language, Messages>> = { nb, nn, en }

/** The words and dates of one language, as a renderer uses them. */
export interface ExportLabels {
  readonly language: Language
  /** The Intl locale: "nb-NO", "nn-NO", "en-GB". */
  readonly locale: string
  /** The message `key` with `values` filled in. */
  t(key: ExportKey, values?: Record<string, string | number>): string
  /** "4. oktober 2023" (nb, nn), "4 October 2023" (en) of an ISO date; the input as is when not one. */
  date(isoDate: string): string
}

const cache = new Map<Language, ExportLabels>()

function labelsOf(language: Language): ExportLabels {
  const i18n: I18n = setupI18n()
  // Compiled once here: Lingui would otherwise parse a string message again at every lookup.
  const compiled = Object.fromEntries(
    Object.entries(CATALOGUES[language]).map(([key, message]) => [key, typeof message === 'string' ? compileMessage(message) : message]),
  ) as Messages
  i18n.load(language, compiled)
  i18n.activate(language)
  const locale = localeTag(language)
  const dates = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })
  return {
    language,
    locale,
    t: (key, values) => i18n._(key, values),
    date: (isoDate) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate)
      if (!m) return isoDate
      const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])))
      return Number.isNaN(at.getTime()) || at.getUTCDate() !== Number(m[3]) ? isoDate : dates.format(at)
    },
  }
}

/** The export words of `language` (bokmål for anything that is not a Language). */
export function exportLabels(language: unknown = 'nb'): ExportLabels {
  const lang: Language = isLanguage(language) ? language : 'nb'
  let labels = cache.get(lang)
  if (!labels) {
    labels = labelsOf(lang)
    cache.set(lang, labels)
  }
  return labels
}

/** Bokmål: what a renderer uses when it is given no language (the source language). */
export const BOKMAL_LABELS: ExportLabels = exportLabels('nb')

/** The words a new meeting's minutes start with (shared/minutes/template.ts) in `language`. */
export function templateWords(language: Language): TemplateWords {
  const { t, date } = exportLabels(language)
  return {
    title: (organ) => t('export.template.title', { organ }),
    organFallback: t('export.template.organFallback'),
    approveAgendaTitle: t('export.template.approveAgendaTitle'),
    approveAgendaDecision: (organ) => t('export.template.approveAgendaDecision', { organ }),
    approvePreviousTitle: t('export.template.approvePreviousTitle'),
    approvePreviousDecision: (organ) => t('export.template.approvePreviousDecision', { organ }),
    approvalCaseType: t('export.template.approvalCaseType'),
    otherBusiness: t('export.template.otherBusiness'),
    date,
  }
}
