import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { Selection } from '@tiptap/pm/state'
import { useEffect, useState, type KeyboardEvent } from 'react'
import { KNOWN_CASE_TYPES, MAX_CASE_TYPE_CHARS, nodeDef } from '../../shared'
import { LANGUAGES, LANGUAGE_NAMES, isLanguage, type Language } from '../../shared/i18n/languages'
import { clearSakTiming, findAncestor, formatClock, setBlockAttrs } from '../editor'
import { useT } from '../i18n'
import type { MeetingRegister } from '../sync/MeetingRegister'
import { useLastCall } from './lastCall'
import { saveMeetingLanguage, useMeetingLanguageSetting } from './meetingLanguage'
import { errorMessage } from './useSubmit'

/** The blocks the panel edits, with their heading and fields (catalogue keys, shown with t()). */
type FieldKind = 'text' | 'date' | 'checkbox' | 'caseType'
interface FieldSpec {
  readonly attr: string
  readonly label: string
  readonly kind: FieldKind
  readonly hint?: string
  readonly error?: string
}
const BLOCKS: readonly { type: string; heading: string; fields: readonly FieldSpec[] }[] = [
  {
    type: 'actionItem',
    heading: 'editor.properties.actionItem',
    fields: [
      { attr: 'owner', label: 'editor.properties.owner', kind: 'text', error: 'editor.properties.error.shortText' },
      { attr: 'dueDate', label: 'editor.properties.dueDate', kind: 'date', error: 'editor.properties.error.date' },
    ],
  },
  {
    type: 'attendee',
    heading: 'editor.properties.attendee',
    fields: [
      { attr: 'remote', label: 'editor.properties.remote', kind: 'checkbox' },
      { attr: 'arrivedAt', label: 'editor.properties.arrivedAt', kind: 'text', hint: 'editor.properties.hint.arrivedAt', error: 'editor.properties.error.arrivedAt' },
      {
        attr: 'substituteFor',
        label: 'editor.properties.substituteFor',
        kind: 'text',
        hint: 'editor.properties.hint.substituteFor',
        error: 'editor.properties.error.shortText',
      },
    ],
  },
  {
    type: 'agendaItem',
    heading: 'editor.properties.agendaItem',
    fields: [
      { attr: 'prefix', label: 'editor.properties.prefix', kind: 'text', hint: 'editor.properties.hint.prefix', error: 'editor.properties.error.prefix' },
      { attr: 'number', label: 'editor.properties.number', kind: 'text', hint: 'editor.properties.hint.number', error: 'editor.properties.error.number' },
      { attr: 'caseType', label: 'editor.properties.caseType', kind: 'caseType', hint: 'editor.properties.hint.caseType', error: 'editor.properties.error.caseType' },
      {
        attr: 'plannedStart',
        label: 'editor.properties.plannedStart',
        kind: 'text',
        hint: 'editor.properties.hint.plannedStart',
        error: 'editor.properties.error.plannedStart',
      },
      { attr: 'plannedEnd', label: 'editor.properties.plannedEnd', kind: 'text', hint: 'editor.properties.hint.plannedEnd', error: 'editor.properties.error.plannedEnd' },
    ],
  },
  {
    type: 'otherBusiness',
    heading: 'editor.properties.otherBusiness',
    fields: [
      {
        attr: 'number',
        label: 'editor.properties.number',
        kind: 'text',
        hint: 'editor.properties.hint.otherBusinessNumber',
        error: 'editor.properties.error.otherBusinessNumber',
      },
      {
        attr: 'plannedStart',
        label: 'editor.properties.plannedStart',
        kind: 'text',
        hint: 'editor.properties.hint.otherBusinessStart',
        error: 'editor.properties.error.otherBusinessStart',
      },
    ],
  },
]

function isValidAttr(typeName: string, key: string, value: unknown): boolean {
  return nodeDef(typeName)?.attrs?.[key]?.validate(value) ?? false
}

/** Stores one attribute through the editor; false (nothing stored) when the value is invalid. */
function store(editor: Editor, typeName: string, attr: string, value: unknown): boolean {
  const cmd = setBlockAttrs(typeName, { [attr]: value }, (key, v) => isValidAttr(typeName, key, v))
  return cmd(editor.state, editor.view.dispatch)
}

/** A text or date field: edited as a draft, stored on Enter or when leaving the field. */
function DraftField({ editor, typeName, field, value, id }: { editor: Editor; typeName: string; field: FieldSpec; value: string; id: string }) {
  const [draft, setDraft] = useState(value)
  const [invalid, setInvalid] = useState(false)
  const t = useT()
  const commit = (raw = draft) => {
    const next = raw.trim() === '' ? null : raw.trim()
    if (next === (value || null)) return setInvalid(false)
    const ok = isValidAttr(typeName, field.attr, next) && store(editor, typeName, field.attr, next)
    setInvalid(!ok)
  }
  const handleKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      commit()
    }
    if (event.key === 'Escape') {
      setDraft(value)
      setInvalid(false)
    }
  }
  const described = [invalid ? `${id}-error` : null, field.hint ? `${id}-hint` : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{t(field.label)}</label>
      <input
        id={id}
        type={field.kind === 'date' ? 'date' : 'text'}
        list={field.kind === 'caseType' ? `${id}-suggestions` : undefined}
        value={draft}
        aria-invalid={invalid || undefined}
        aria-describedby={described || undefined}
        onChange={(e) => {
          setDraft(e.target.value)
          // A date input only reports complete dates (or ''), and Tab moves between its parts.
          if (field.kind === 'date') commit(e.target.value)
        }}
        onBlur={() => commit()}
        onKeyDown={handleKeyDown}
      />
      {field.kind === 'caseType' && (
        <datalist id={`${id}-suggestions`}>
          {KNOWN_CASE_TYPES.map((type) => (
            <option key={type} value={type} />
          ))}
        </datalist>
      )}
      {field.hint && (
        <p id={`${id}-hint`} className="hint">
          {t(field.hint)}
        </p>
      )}
      {invalid && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {field.error ? t(field.error, { max: MAX_CASE_TYPE_CHARS }) : t('editor.properties.error.invalid')} {t('editor.properties.notSaved')}
        </p>
      )}
    </div>
  )
}

function Field({ editor, typeName, field, attrs }: { editor: Editor; typeName: string; field: FieldSpec; attrs: Record<string, unknown> }) {
  const id = `prop-${typeName}-${field.attr}`
  const value = attrs[field.attr]
  const t = useT()
  if (field.kind === 'checkbox') {
    return (
      <div className="field checkbox">
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => store(editor, typeName, field.attr, e.target.checked)} />
        <label htmlFor={id}>{t(field.label)}</label>
      </div>
    )
  }
  const text = typeof value === 'string' ? value : ''
  // Remounts (resetting the draft) when the stored value changes, also by someone else.
  return <DraftField key={text} editor={editor} typeName={typeName} field={field} value={text} id={id} />
}

/** The sak's recorded times, read-only, and "Nullstill tid" to clear them. */
function TimingFields({ editor, attrs }: { editor: Editor; attrs: Record<string, unknown> }) {
  const started = typeof attrs.startedAt === 'string' ? attrs.startedAt : null
  const ended = typeof attrs.endedAt === 'string' ? attrs.endedAt : null
  const t = useT()
  return (
    <div className="field timing-fields">
      <dl>
        <dt>{t('editor.properties.started')}</dt>
        <dd>{started ? formatClock(started) : t('editor.properties.notStarted')}</dd>
        <dt>{t('editor.properties.ended')}</dt>
        <dd>{ended ? formatClock(ended) : started ? t('editor.properties.running') : '–'}</dd>
      </dl>
      {(started || ended) && (
        <button
          type="button"
          onClick={() => {
            clearSakTiming(editor.state, editor.view.dispatch)
            editor.view.focus()
          }}
        >
          {t('editor.properties.clearTiming')}
        </button>
      )}
    </div>
  )
}

/** Where the panel can change the meeting's language: its register, the meeting and the credential. */
export interface MeetingLanguageContext {
  readonly register: MeetingRegister
  readonly meetingId: string
  readonly token: string
  readonly announce: (message: string) => void
}

/**
 * "Språk i referatet": the meeting's own language (the register's, bokmål when unset), changed
 * through the server. Each language by its own name, with `lang` on the option.
 */
function MeetingLanguageField({ context }: { context: MeetingLanguageContext }) {
  const t = useT()
  const stored = useMeetingLanguageSetting(context.register)
  // Shown at once, until the register (synced from the server) says the same; the register's
  // value again when the request fails.
  const [pending, setPending] = useState<Language | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (pending !== null && stored === pending) setPending(null)
  }, [stored, pending])
  const change = async (language: Language) => {
    setPending(language)
    setError(null)
    try {
      const saved = await saveMeetingLanguage(context.token, context.meetingId, language)
      context.announce(t('editor.properties.language.saved', { language: LANGUAGE_NAMES[saved] }))
    } catch (err) {
      setError(errorMessage(err))
      setPending(null)
    }
  }
  const shown = pending ?? stored
  return (
    <div className="property-group">
      <div className="field">
        <label htmlFor="prop-meeting-language">{t('editor.properties.language.label')}</label>
        <select
          id="prop-meeting-language"
          value={shown}
          aria-describedby={error ? 'prop-meeting-language-hint prop-meeting-language-error' : 'prop-meeting-language-hint'}
          aria-busy={pending !== null || undefined}
          onChange={(e) => {
            if (isLanguage(e.target.value)) void change(e.target.value)
          }}
        >
          {LANGUAGES.map((lang) => (
            <option key={lang} value={lang} lang={lang}>
              {LANGUAGE_NAMES[lang]}
            </option>
          ))}
        </select>
        <p id="prop-meeting-language-hint" className="hint">
          {t('editor.properties.language.hint')}
        </p>
        {error && (
          <p id="prop-meeting-language-error" className="field-error" role="alert">
            {error}
          </p>
        )}
      </div>
    </div>
  )
}

/**
 * "Egenskaper": the attributes of the sak, attendee and action item at the caret, and (given
 * `language`) the meeting's language.
 */
export function PropertiesPanel({ editor, language }: { editor: Editor; language?: MeetingLanguageContext }) {
  const t = useT()
  // The blocks around the caret: not looked up again while the selection is the same object (a
  // transaction that changed neither the document nor the caret keeps it).
  const blocksAt = useLastCall((selection: Selection) =>
    BLOCKS.flatMap((block) => {
      const found = findAncestor(selection.$from, block.type)
      return found ? [{ block, pos: found.pos, attrs: found.node.attrs as Record<string, unknown> }] : []
    }),
  )
  // Synchronous (useEditorState, not after the paint): the fields are controlled by these attrs.
  const blocks = useEditorState({
    editor,
    selector: ({ editor: e }) => blocksAt(e.state.selection),
    equalityFn: (a, b) =>
      b !== null &&
      (a === b || (a.length === b.length && a.every((x, i) => x.pos === b[i].pos && JSON.stringify(x.attrs) === JSON.stringify(b[i].attrs)))),
  })
  return (
    <aside aria-labelledby="properties-heading" className="panel properties">
      <h2 id="properties-heading">{t('editor.properties.title')}</h2>
      {language && <MeetingLanguageField context={language} />}
      {blocks.length === 0 && <p className="hint">{t('editor.properties.empty')}</p>}
      {blocks.map(({ block, attrs }) => (
        <section key={`${block.type}-${String(attrs.id ?? '')}`} aria-labelledby={`prop-${block.type}-heading`} className="property-group">
          <h3 id={`prop-${block.type}-heading`}>
            {t(block.heading)}
            {typeof attrs.number === 'string' && ` ${attrs.number}`}
          </h3>
          {block.fields.map((field) => (
            <Field key={field.attr} editor={editor} typeName={block.type} field={field} attrs={attrs} />
          ))}
          {(block.type === 'agendaItem' || block.type === 'otherBusiness') && <TimingFields editor={editor} attrs={attrs} />}
        </section>
      ))}
    </aside>
  )
}
