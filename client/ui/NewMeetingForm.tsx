import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react'
import { MeetingValidationError, parseMeetingInfo, type AgendaDraft, type CreateMeetingResponse } from '../../shared'
import { draftProblems, draftToAgendaJson } from './draftEdit'
import { ApiError } from './api'
import { createMeeting } from './adminApi'
import { importMeeting } from './importApi'
import { ImportFileInput } from './ImportFileInput'
import { InnkallingImport, MAX_PASTED_CHARS, readPasted } from './InnkallingImport'
import { validationErrorText } from '../i18n/errorText'

/** The form's fields, in order, with their labels (the e2e tests find inputs by these). */
const FIELDS = [
  { name: 'organ', label: 'Organ', required: true, hint: 'For eksempel «Nasjonalt e-helseråd».' },
  { name: 'title', label: 'Tittel', hint: 'Valgfritt. Står feltet tomt, blir tittelen «Referat fra møte i …».', placeholder: 'Referat fra møte i …' },
  { name: 'number', label: 'Møtenummer', hint: 'For eksempel 3/2023.' },
  { name: 'date', label: 'Dato', required: true, type: 'date' },
  { name: 'time', label: 'Tid', hint: 'For eksempel «Kl. 09.00 – 15.00».' },
  { name: 'place', label: 'Sted', hint: 'Møterom, adresse eller «Videomøte».' },
  { name: 'firstAgendaNumber', label: 'Første saksnummer', type: 'number', hint: 'Saksnummeret til den første saken, for eksempel 17 for sak 17/23.' },
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
}: {
  adminKey: string
  onCreated: (created: CreateMeetingResponse) => void
  /** The next meeting of an organ as proposed by the server ("Nytt møte i <organ>"): shown in the import preview to edit. */
  proposal?: AgendaDraft | null
}) {
  const [values, setValues] = useState(EMPTY)
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
      if (!draft?.items.length) return showError('innkalling', 'Fant ingen saker i teksten. Lim inn innkallingen med sakslisten.')
      const [problem] = draftProblems(draft)
      if (problem) {
        const at = problem.index >= 0 ? `Sak ${problem.index + 1} i forhåndsvisningen: ` : ''
        showError('innkalling', `${at}${problem.message}`)
        if (problem.field !== 'items') setTimeout(() => document.getElementById(`import-item-${problem.index}-${problem.field}`)?.focus(), 0)
        return
      }
      if (JSON.stringify(draftToAgendaJson(draft, keepBackground)).length > MAX_PASTED_CHARS) {
        return showError('innkalling', `Innkallingen er for lang (høyst ${MAX_PASTED_CHARS} tegn). Ta bort saksomtalen eller lange forslag.`)
      }
    }
    setError(null)
    setSubmitting(true)
    try {
      const created =
        mode === 'blank'
          ? await createMeeting(adminKey, info)
          : await importMeeting(adminKey, { meeting: info, agenda: draftToAgendaJson(draft!, keepBackground) })
      setSubmitting(false)
      setValues(EMPTY)
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
        Nytt møte
      </h2>
      <p className="form-note">
        Felt merket med <span aria-hidden="true">*</span>
        <span className="visually-hidden">stjerne</span> må fylles ut.
      </p>
      <fieldset className="meeting-mode">
        <legend>Start fra</legend>
        <label>
          <input type="radio" name="meeting-mode" value="blank" checked={mode === 'blank'} onChange={() => setMode('blank')} /> Tomt referat
        </label>
        <label>
          <input type="radio" name="meeting-mode" value="import" checked={mode === 'import'} onChange={() => setMode('import')} /> Importer
          innkalling
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
                {field.label}
                {'required' in field && <span className="required" aria-hidden="true"> *</span>}
              </label>
              <input
                id={id}
                name={field.name}
                type={'type' in field ? field.type : 'text'}
                value={values[field.name]}
                placeholder={'placeholder' in field ? field.placeholder : undefined}
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
                  {field.hint}
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
      </div>
      <button type="submit" className="primary" aria-disabled={submitting || undefined}>
        {submitting ? 'Oppretter …' : mode === 'import' ? 'Importer og opprett møte' : 'Opprett møte'}
      </button>
      <p role="status" className="visually-hidden">
        {submitting ? 'Oppretter møtet …' : ''}
      </p>
    </form>
  )
}
