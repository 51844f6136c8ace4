import { useId } from 'react'
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../../shared/i18n/languages'
import { chooseLanguage, currentLanguage, useT } from '../i18n'
import { savePersonLanguage } from './signIn'
import './language.css'

/**
 * The interface language, chosen by the person and remembered in this browser, and for a
 * signed-in person also on the server (every device they sign in on shows it).
 */
export function LanguagePicker({ className }: { className?: string }) {
  const t = useT()
  const id = useId()
  return (
    <span className={className ? `language-picker ${className}` : 'language-picker'}>
      <label htmlFor={id}>{t('common.language.label')}</label>
      <select
        id={id}
        value={currentLanguage()}
        onChange={(event) => {
          const lang = event.target.value
          if (!isLanguage(lang)) return
          void chooseLanguage(lang)
          void savePersonLanguage(lang)
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {LANGUAGE_NAMES[lang]}
          </option>
        ))}
      </select>
    </span>
  )
}
