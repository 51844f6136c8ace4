import type { Editor } from '@tiptap/core'
import { useEditorState } from '@tiptap/react'
import type { Selection } from '@tiptap/pm/state'
import { useState, type KeyboardEvent } from 'react'
import { KNOWN_CASE_TYPES, MAX_CASE_TYPE_CHARS, nodeDef } from '../../shared'
import { clearSakTiming, findAncestor, formatClock, setBlockAttrs } from '../editor'
import { useLastCall } from './lastCall'

/** The blocks the panel edits, with their heading and fields. */
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
    heading: 'Aksjonspunkt',
    fields: [
      { attr: 'owner', label: 'Ansvarlig', kind: 'text', error: 'Høyst 200 tegn, uten linjeskift.' },
      { attr: 'dueDate', label: 'Frist', kind: 'date', error: 'Velg en gyldig dato.' },
    ],
  },
  {
    type: 'attendee',
    heading: 'Deltaker',
    fields: [
      { attr: 'remote', label: 'Digitalt', kind: 'checkbox' },
      { attr: 'arrivedAt', label: 'Kom kl.', kind: 'text', hint: 'For eksempel 10.10', error: 'Skriv klokkeslettet som 10.10.' },
      { attr: 'substituteFor', label: 'Stedfortreder for', kind: 'text', hint: 'Navnet på medlemmet', error: 'Høyst 200 tegn, uten linjeskift.' },
    ],
  },
  {
    type: 'agendaItem',
    heading: 'Sak',
    fields: [
      { attr: 'prefix', label: 'Sakserie', kind: 'text', hint: 'PS (politisk sak) eller RS (referatsak); tomt for de fleste organer', error: 'Skriv serien med store bokstaver, som PS.' },
      { attr: 'number', label: 'Saksnummer', kind: 'text', hint: 'For eksempel 17/23, 034-2024 eller 3', error: 'Skriv saksnummeret som 17/23, 034-2024 eller 3.' },
      {
        attr: 'caseType',
        label: 'Sakstype',
        kind: 'caseType',
        hint: 'Organets eget ord, for eksempel Orientering eller Vedtakssak',
        error: `Høyst ${MAX_CASE_TYPE_CHARS} tegn, uten linjeskift.`,
      },
      { attr: 'plannedStart', label: 'Planlagt start', kind: 'text', hint: 'For eksempel 13.05', error: 'Skriv klokkeslettet som 13.05.' },
      { attr: 'plannedEnd', label: 'Planlagt slutt', kind: 'text', hint: 'For eksempel 13.20', error: 'Skriv klokkeslettet som 13.20.' },
    ],
  },
  {
    type: 'otherBusiness',
    heading: 'Eventuelt',
    fields: [
      { attr: 'number', label: 'Saksnummer', kind: 'text', hint: 'For eksempel 27/23', error: 'Skriv saksnummeret som 27/23.' },
      { attr: 'plannedStart', label: 'Planlagt start', kind: 'text', hint: 'For eksempel 14.45', error: 'Skriv klokkeslettet som 14.45.' },
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
      <label htmlFor={id}>{field.label}</label>
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
          {KNOWN_CASE_TYPES.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      )}
      {field.hint && (
        <p id={`${id}-hint`} className="hint">
          {field.hint}
        </p>
      )}
      {invalid && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {field.error ?? 'Ugyldig verdi.'} Ikke lagret.
        </p>
      )}
    </div>
  )
}

function Field({ editor, typeName, field, attrs }: { editor: Editor; typeName: string; field: FieldSpec; attrs: Record<string, unknown> }) {
  const id = `prop-${typeName}-${field.attr}`
  const value = attrs[field.attr]
  if (field.kind === 'checkbox') {
    return (
      <div className="field checkbox">
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => store(editor, typeName, field.attr, e.target.checked)} />
        <label htmlFor={id}>{field.label}</label>
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
  return (
    <div className="field timing-fields">
      <dl>
        <dt>Startet</dt>
        <dd>{started ? formatClock(started) : 'Ikke startet'}</dd>
        <dt>Ferdig</dt>
        <dd>{ended ? formatClock(ended) : started ? 'Pågår' : '–'}</dd>
      </dl>
      {(started || ended) && (
        <button
          type="button"
          onClick={() => {
            clearSakTiming(editor.state, editor.view.dispatch)
            editor.view.focus()
          }}
        >
          Nullstill tid
        </button>
      )}
    </div>
  )
}

/** "Egenskaper": the attributes of the sak, attendee and action item at the caret. */
export function PropertiesPanel({ editor }: { editor: Editor }) {
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
      <h2 id="properties-heading">Egenskaper</h2>
      {blocks.length === 0 && <p className="hint">Sett markøren i en sak, en deltaker eller et aksjonspunkt for å se og endre egenskapene.</p>}
      {blocks.map(({ block, attrs }) => (
        <section key={`${block.type}-${String(attrs.id ?? '')}`} aria-labelledby={`prop-${block.type}-heading`} className="property-group">
          <h3 id={`prop-${block.type}-heading`}>
            {block.heading}
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
