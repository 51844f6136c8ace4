import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { LANGUAGES, LANGUAGE_NAMES, MeetingValidationError, isLanguage, parseMeetingInfo, type AgendaDraft, type CreateMeetingResponse, type Language } from '../../shared'
import { currentLanguage, useT } from '../i18n'
import { draftProblems, draftToAgendaJson } from './draftEdit'
import { ApiError } from './api'
import { createMeeting } from './adminApi'
import { importMeeting } from './importApi'
import { ImportFileInput } from './ImportFileInput'
import { InnkallingImport, MAX_PASTED_CHARS, readPasted } from './InnkallingImport'
import { validationErrorText } from '../i18n/errorText'

/** The form's fields, in order, with the keys of their labels (the e2e tests find inputs by the bokmål labels). */
const FIELDS = [
  { name: 'organ', label: 'admin.form.organ', required: true, hint: 'admin.form.organHint' },
  { name: 'title', label: 'admin.form.title', hint: 'admin.form.titleHint', placeholder: 'admin.form.titlePlaceholder' },
  { name: 'number', label: 'admin.form.number', hint: 'admin.form.numberHint' },
  { name: 'date', label: 'admin.form.date', required: true, type: 'date' },
  { name: 'time', label: 'admin.form.time', hint: 'admin.form.timeHint' },
  { name: 'place', label: 'admin.form.place', hint: 'admin.form.placeHint' },
  { name: 'firstAgendaNumber', label: 'admin.form.firstAgendaNumber', type: 'number', hint: 'admin.form.firstAgendaNumberHint' },
] as const
type FieldName = (typeof FIELDS)[number]['name']

const EMPTY: Record<FieldName, string> = {
  organ: '',
  title: '',
  number: '',
  date: '',
  time: '',
  place: '',
  firstAgendaNumber: '1',
}

/** Reads the form values into what parseMeetingInfo and the API expect. */
function toInput(values: Record<FieldName, string>): Record<string, unknown> {
  const first = values.firstAgendaNumber.trim()
  return { ...values, firstAgendaNumber: first === '' ? 1 : Number(first) }
}

/** A field name of the API ("meeting.date", "text", "agenda.items[0].title") as the form's field. */
function formField(apiField: string | null): string | null {
  if (apiField === 'text' || apiField?.startsWith('agenda')) return 'innkalling'
  return apiField?.replace(/^meeting\./, '') ?? null
}

/**
 * "Nytt møte": validates with parseMeetingInfo, then POST /api/meetings with the admin key, then
 * hands the meeting and its invitation links to `onCreated`. In the "Importer innkalling" mode the
 * pasted innkalling prefills the fields and the meeting is created by POST /api/meetings/import.
 */
export function NewMeetingForm({
  adminKey,
  onCreated,
  proposal = null,
  organLanguages,
}: {
  adminKey: string
  onCreated: (created: CreateMeetingResponse) => void
  /** The next meeting of an organ as proposed by the server ("Nytt møte i <organ>"): shown in the import preview to edit. */
  proposal?: AgendaDraft | null
  /** The language of each organ's most recent meeting, where known: the default of "Språk i referatet". */
  organLanguages?: ReadonlyMap<string, Language>
}) {
  const t = useT()
  const [values, setValues] = useState(EMPTY)
  // null until the admin picks one: then the organ's last meeting's language, else the interface's.
  const [chosenLanguage, setChosenLanguage] = useState<Language | null>(null)
  const language = chosenLanguage ?? organLanguages?.get(values.organ.trim()) ?? currentLanguage()
  const [error, setError] = useState<{ field: string | null; message: string } | null>(null)
  const [submitting, setSubmitting] = useState(false)
  const formRef = useRef<HTMLFormElement>(null)
  const [mode, setMode] = useState<'blank' | 'import'>('blank')
  const [pastedText, setPastedText] = useState('')
  const pasted = useMemo(() => readPasted(pastedText), [pastedText])
  // The draft as corrected in the preview; read again from the text whenever the text changes.
  const [draft, setDraft] = useState<AgendaDraft | null>(null)
  const [keepBackground, setKeepBackground] = useState(false)
  // Fields the user typed into keep their value when the pasted text changes.
  const touched = useRef(new Set<FieldName>())

  /** New text in the box: parsed here, unless it comes from a file the server read (its draft saw the file's structure). */
  const handlePasted = (text: string, fromFile?: AgendaDraft) => {
    setPastedText(text)
    const read = fromFile ?? readPasted(text).draft
    setDraft(read)
    if (!read) return
    const { organ, title, number, date, time, place } = read.info
    const found: Partial<Record<FieldName, string>> = { organ, title, number, date, time, place }
    const first = /^\d+/.exec(read.items[0]?.number ?? '')
    if (first) found.firstAgendaNumber = String(Number(first[0]))
    const next = { ...values }
    for (const name of Object.keys(found) as FieldName[]) if (!touched.current.has(name) && found[name]) next[name] = found[name]
    setValues(next)
  }

  useEffect(() => {
    if (!proposal) return
    // The proposal is edited like an imported innkalling; the follow-up sak's list is its background.
    setMode('import')
    setKeepBackground(true)
    touched.current.clear()
    handlePasted('', proposal)
    // Only a new proposal replaces what the form holds (not a re-render with the same one).
  }, [proposal])

  const showError = (field: string | null, message: string) => {
    const known = FIELDS.some((f) => f.name === field) || (field === 'innkalling' && mode === 'import') ? field : null
    setError({ field: known, message })
    // After React has set aria-invalid: focus the field, or the form-level message.
    setTimeout(() => {
      const target = known ? document.getElementById(`meeting-${known}`) : document.getElementById('meeting-form-error')
      target?.focus()
    }, 0)
  }

  const handleSubmit = async (event: FormEvent) => {
    event.preventDefault()
    if (submitting) return
    let info
    try {
      info = parseMeetingInfo(toInput(values))
    } catch (err) {
      if (err instanceof MeetingValidationError) return showError(err.field, validationErrorText(err))
      throw err
    }
    if (mode === 'import') {
      if (pasted.error) return showError('innkalling', pasted.error)
      if (!draft?.items.length) return showError('innkalling', t('admin.form.noItems'))
      const [problem] = draftProblems(draft)
      if (problem) {
        showError('innkalling', problem.index >= 0 ? t('admin.form.problemAt', { index: problem.index + 1, problem: problem.message }) : problem.message)
        if (problem.field !== 'items') setTimeout(() => document.getElementById(`import-item-${problem.index}-${problem.field}`)?.focus(), 0)
        return
      }
      if (JSON.stringify(draftToAgendaJson(draft, keepBackground)).length > MAX_PASTED_CHARS) {
        return showError('innkalling', t('admin.form.tooLong', { max: MAX_PASTED_CHARS }))
      }
    }
    setError(null)
    setSubmitting(true)
    try {
      const created =
        mode === 'blank'
          ? await createMeeting(adminKey, { ...info, language })
          : await importMeeting(adminKey, { meeting: { ...info, language }, agenda: draftToAgendaJson(draft!, keepBackground) })
      setSubmitting(false)
      setValues(EMPTY)
      setChosenLanguage(null)
      setPastedText('')
      setDraft(null)
      touched.current.clear()
      onCreated(created)
    } catch (err) {
      setSubmitting(false)
      showError(formField(err instanceof ApiError ? err.field : null), err instanceof Error ? err.message : String(err))
    }
  }

  return (
    <form ref={formRef} className="new-meeting" onSubmit={handleSubmit} noValidate aria-labelledby="new-meeting-heading">
      <h2 id="new-meeting-heading" tabIndex={-1}>
        {t('admin.form.heading')}
      </h2>
      <p className="form-note">
        {t('admin.form.requiredBefore')} <span aria-hidden="true">*</span>
        <span className="visually-hidden">{t('admin.form.requiredStar')}</span> {t('admin.form.requiredAfter')}
      </p>
      <fieldset className="meeting-mode">
        <legend>{t('admin.form.startFrom')}</legend>
        <label>
          <input type="radio" name="meeting-mode" value="blank" checked={mode === 'blank'} onChange={() => setMode('blank')} /> {t('admin.form.blank')}
        </label>
        <label>
          <input type="radio" name="meeting-mode" value="import" checked={mode === 'import'} onChange={() => setMode('import')} />{' '}
          {t('admin.form.import')}
        </label>
      </fieldset>
      {error && !error.field && (
        <p id="meeting-form-error" className="form-error" role="alert" tabIndex={-1}>
          {error.message}
        </p>
      )}
      {mode === 'import' && <ImportFileInput adminKey={adminKey} onRead={(read) => handlePasted(read.text, read.draft)} />}
      {mode === 'import' && (
        <InnkallingImport
          text={pastedText}
          pasted={pasted}
          draft={draft}
          keepBackground={keepBackground}
          invalidMessage={error?.field === 'innkalling' ? error.message : null}
          onText={(text) => handlePasted(text)}
          onDraft={setDraft}
          onKeepBackground={setKeepBackground}
        />
      )}
      <div className="form-grid">
        {FIELDS.map((field) => {
          const id = `meeting-${field.name}`
          const invalid = error?.field === field.name
          const describedBy = [invalid ? `${id}-error` : null, 'hint' in field ? `${id}-hint` : null].filter(Boolean).join(' ')
          return (
            <div className="field" key={field.name}>
              <label htmlFor={id}>
                {t(field.label)}
                {'required' in field && <span className="required" aria-hidden="true"> *</span>}
              </label>
              <input
                id={id}
                name={field.name}
                type={'type' in field ? field.type : 'text'}
                value={values[field.name]}
                placeholder={'placeholder' in field ? t(field.placeholder) : undefined}
                min={field.name === 'firstAgendaNumber' ? 1 : undefined}
                max={field.name === 'firstAgendaNumber' ? 999 : undefined}
                aria-required={'required' in field ? true : undefined}
                aria-invalid={invalid || undefined}
                aria-describedby={describedBy || undefined}
                onChange={(e) => {
                  touched.current.add(field.name)
                  setValues({ ...values, [field.name]: e.target.value })
                }}
              />
              {'hint' in field && (
                <p id={`${id}-hint`} className="hint">
                  {t(field.hint)}
                </p>
              )}
              {invalid && (
                <p id={`${id}-error`} className="field-error">
                  {error.message}
                </p>
              )}
            </div>
          )
        })}
        <div className="field">
          <label htmlFor="meeting-language">{t('admin.form.language')}</label>
          <select
            id="meeting-language"
            name="language"
            value={language}
            aria-describedby="meeting-language-hint"
            onChange={(e) => {
              if (isLanguage(e.target.value)) setChosenLanguage(e.target.value)
            }}
          >
            {LANGUAGES.map((lang) => (
              <option key={lang} value={lang} lang={lang}>
                {LANGUAGE_NAMES[lang]}
              </option>
            ))}
          </select>
          <p id="meeting-language-hint" className="hint">
            {t('admin.form.languageHint')}
          </p>
        </div>
      </div>
      <button type="submit" className="primary" aria-disabled={submitting || undefined}>
        {submitting ? t('admin.form.creating') : mode === 'import' ? t('admin.form.importAndCreate') : t('admin.form.create')}
      </button>
      <p role="status" className="visually-hidden">
        {submitting ? t('admin.form.creatingStatus') : ''}
      </p>
    </form>
  )
}
