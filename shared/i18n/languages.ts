/** The written languages of the interface and of exports: bokmål, nynorsk, English. */
export const LANGUAGES = ['nb', 'nn', 'en'] as const
export type Language = (typeof LANGUAGES)[number]

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value)
}

/** The Intl locale for dates and numbers in `lang`. */
export function localeTag(lang: Language): string {
  return lang === 'en' ? 'en-GB' : `${lang}-NO`
}

/** Each language by its own name, as a picker lists them. */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { nb: 'Norsk bokmål', nn: 'Norsk nynorsk', en: 'English' }
