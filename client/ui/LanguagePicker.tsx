import { useId } from 'react'
import { LANGUAGES, LANGUAGE_NAMES, isLanguage } from '../../shared/i18n/languages'
import { chooseLanguage, currentLanguage, useT } from '../i18n'
import './language.css'

/** The interface language, chosen by the person and remembered in this browser. */
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
          if (isLanguage(event.target.value)) void chooseLanguage(event.target.value)
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
