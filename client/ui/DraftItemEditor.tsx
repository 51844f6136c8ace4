import type { AgendaDraftItem, DraftField } from '../../shared'
import { useT } from '../i18n'
import type { DraftProblem, EditableField } from './draftEdit'

/** The fields, with the catalogue keys of their labels and hints (`admin`: the import is on the meeting list). */
const FIELDS: readonly { field: EditableField; label: string; hint?: string; wide?: boolean }[] = [
  { field: 'prefix', label: 'admin.draft.prefix', hint: 'admin.draft.hint.prefix' },
  { field: 'number', label: 'admin.draft.number' },
  { field: 'title', label: 'admin.draft.title', wide: true },
  { field: 'caseType', label: 'admin.draft.caseType' },
  { field: 'plannedStart', label: 'admin.draft.plannedStart', hint: 'admin.draft.hint.plannedStart' },
  { field: 'plannedEnd', label: 'admin.draft.plannedEnd', hint: 'admin.draft.hint.plannedEnd' },
]

/** The unsure note of a field; the parser's "plannedStart" note covers both times. */
const unsureField = (field: EditableField): DraftField | null =>
  field === 'prefix' ? null : field === 'plannedEnd' ? null : (field as DraftField)

/**
 * One sak in the import preview: its fields as labelled inputs, what the parser was unsure of and
 * what is wrong shown next to the field (and linked to it), and the buttons to merge it with the
 * next sak, split it and drop it.
 */
export function DraftItemEditor({
  item,
  index,
  isLast,
  problems,
  onEdit,
  onMerge,
  onSplit,
  onDrop,
}: {
  item: AgendaDraftItem
  index: number
  isLast: boolean
  problems: readonly DraftProblem[]
  onEdit: (field: EditableField, value: string) => void
  onMerge: () => void
  onSplit: () => void
  onDrop: () => void
}) {
  const t = useT()
  const name = [item.prefix, item.number].filter(Boolean).join(' ')
  const notes = (field: EditableField) => {
    const id = `import-item-${index}-${field}`
    const problem = problems.find((p) => p.field === field)
    const unsure = item.unsure.find((u) => u.field === unsureField(field))
    return {
      problem,
      unsure,
      describedBy: [problem ? `${id}-problem` : null, unsure ? `${id}-unsure` : null].filter(Boolean).join(' ') || undefined,
      render: (
        <>
          {unsure && (
            <p id={`${id}-unsure`} className="import-unsure">
              {t('admin.draft.unsure', { reason: unsure.reason })}
            </p>
          )}
          {problem && (
            <p id={`${id}-problem`} className="field-error">
              {problem.message}
            </p>
          )}
        </>
      ),
    }
  }
  const proposal = notes('proposal')
  return (
    <fieldset className={`import-item${item.unsure.length ? ' has-unsure' : ''}`}>
      <legend>
        {item.title ? t('admin.draft.legendTitled', { name, title: item.title }) : t('admin.draft.legend', { name })}
      </legend>
      <div className="import-item-grid">
        {FIELDS.map(({ field, label, hint, wide }) => {
          const id = `import-item-${index}-${field}`
          const n = notes(field)
          const value = (item[field] as string | null) ?? ''
          return (
            <div key={field} className={`field${wide ? ' wide' : ''}${n.unsure ? ' unsure' : ''}`}>
              <label htmlFor={id}>{t(label)}</label>
              <input
                id={id}
                type="text"
                value={value}
                list={field === 'caseType' ? 'import-case-types' : undefined}
                placeholder={hint ? t(hint) : undefined}
                aria-invalid={n.problem ? true : undefined}
                aria-describedby={n.describedBy}
                onChange={(e) => onEdit(field, e.target.value)}
              />
              {n.render}
            </div>
          )
        })}
        <div className={`field wide${proposal.unsure ? ' unsure' : ''}`}>
          <label htmlFor={`import-item-${index}-proposal`}>{t('admin.draft.proposal')}</label>
          <textarea
            id={`import-item-${index}-proposal`}
            rows={Math.min(8, Math.max(2, (item.proposal ?? '').split('\n').length + 1))}
            value={item.proposal ?? ''}
            aria-invalid={proposal.problem ? true : undefined}
            aria-describedby={proposal.describedBy}
            onChange={(e) => onEdit('proposal', e.target.value)}
          />
          {proposal.render}
        </div>
      </div>
      <div className="import-item-actions">
        {!isLast && (
          <button type="button" onClick={onMerge} aria-label={t('admin.draft.mergeLabel', { name })}>
            {t('admin.draft.merge')}
          </button>
        )}
        <button type="button" onClick={onSplit} aria-label={t('admin.draft.splitLabel', { name })}>
          {t('admin.draft.split')}
        </button>
        <button type="button" onClick={onDrop} aria-label={t('admin.draft.dropLabel', { name })}>
          {t('admin.draft.drop')}
        </button>
      </div>
    </fieldset>
  )
}
