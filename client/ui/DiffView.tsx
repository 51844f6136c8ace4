import type { DiffPart, MinutesDiff, SakDiff, SectionDiff } from '../../shared'
import { useT } from '../i18n'

// The readable diff between two versions of the minutes ("Vis endringer" in VersionsPanel),
// a chunk of its own: fetched the first time someone compares.

const STATUS_WORD = { added: 'editor.diff.status.added', removed: 'editor.diff.status.removed', changed: 'editor.diff.status.changed' } as const

/** One run of text; added and removed runs carry a visible sign and words for screen readers. */
function Part({ part }: { part: DiffPart }) {
  const t = useT()
  if (part.kind === 'same') return <span>{part.text}</span>
  const Tag = part.kind === 'added' ? 'ins' : 'del'
  return (
    <Tag className={`diff-${part.kind}`}>
      <span className="visually-hidden">{part.kind === 'added' ? t('editor.diff.addedOpen') : t('editor.diff.removedOpen')}</span>
      <span className="diff-sign" aria-hidden="true">
        {part.kind === 'added' ? '+' : '−'}
      </span>
      {part.text}
      <span className="visually-hidden">]</span>
    </Tag>
  )
}

function Section({ section }: { section: SectionDiff }) {
  const t = useT()
  return (
    <div className="diff-section">
      <h5>
        {section.label} <span className="diff-status">({t(STATUS_WORD[section.status])})</span>
      </h5>
      <p className="diff-text">
        {section.parts.map((part, i) => (
          <Part key={i} part={part} />
        ))}
      </p>
    </div>
  )
}

function SakEntry({ sak }: { sak: SakDiff }) {
  const t = useT()
  const what = sak.agendaItemId === null && sak.number !== null ? t('editor.diff.otherBusiness') : t('editor.diff.sak', { number: sak.number ?? '' })
  return (
    <li className={`diff-sak diff-sak-${sak.status}`}>
      <h4>
        {what.trim()} {sak.title} <span className="diff-status">({t(STATUS_WORD[sak.status])})</span>
      </h4>
      {sak.sections.map((s) => (
        <Section key={s.key} section={s} />
      ))}
    </li>
  )
}

/** The diff, readable per sak. */
export function DiffView({ diff }: { diff: MinutesDiff }) {
  const t = useT()
  if (diff.unchanged) return <p className="hint">{t('editor.diff.none')}</p>
  const groups = [
    { title: t('editor.diff.header'), sections: diff.header },
    { title: t('editor.diff.attendance'), sections: diff.attendance },
  ].filter((g) => g.sections.length > 0)
  return (
    <div className="diff-view">
      <p className="diff-legend">
        <ins className="diff-added">
          <span className="diff-sign" aria-hidden="true">+</span>
          {t('editor.diff.status.added')}
        </ins>{' '}
        <del className="diff-removed">
          <span className="diff-sign" aria-hidden="true">−</span>
          {t('editor.diff.status.removed')}
        </del>
      </p>
      {groups.map((g) => (
        <section key={g.title} aria-label={g.title}>
          <h4>{g.title}</h4>
          {g.sections.map((s) => (
            <Section key={s.key} section={s} />
          ))}
        </section>
      ))}
      {diff.saker.length > 0 && (
        <ol className="diff-saker" aria-label={t('editor.diff.changedSaker')}>
          {diff.saker.map((sak, i) => (
            <SakEntry key={sak.agendaItemId ?? `${sak.number}-${i}`} sak={sak} />
          ))}
        </ol>
      )}
    </div>
  )
}
