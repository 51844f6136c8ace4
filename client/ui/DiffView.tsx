import type { DiffPart, MinutesDiff, SakDiff, SectionDiff } from '../../shared'

// The readable diff between two versions of the minutes ("Vis endringer" in VersionsPanel),
// a chunk of its own: fetched the first time someone compares.

const STATUS_WORD = { added: 'lagt til', removed: 'fjernet', changed: 'endret' } as const

/** One run of text; added and removed runs carry a visible sign and words for screen readers. */
function Part({ part }: { part: DiffPart }) {
  if (part.kind === 'same') return <span>{part.text}</span>
  const Tag = part.kind === 'added' ? 'ins' : 'del'
  return (
    <Tag className={`diff-${part.kind}`}>
      <span className="visually-hidden">{part.kind === 'added' ? '[lagt til: ' : '[fjernet: '}</span>
      <span className="diff-sign" aria-hidden="true">
        {part.kind === 'added' ? '+' : '−'}
      </span>
      {part.text}
      <span className="visually-hidden">]</span>
    </Tag>
  )
}

function Section({ section }: { section: SectionDiff }) {
  return (
    <div className="diff-section">
      <h5>
        {section.label} <span className="diff-status">({STATUS_WORD[section.status]})</span>
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
  const what = sak.agendaItemId === null && sak.number !== null ? 'Eventuelt' : `Sak ${sak.number ?? ''}`
  return (
    <li className={`diff-sak diff-sak-${sak.status}`}>
      <h4>
        {what.trim()} {sak.title} <span className="diff-status">({STATUS_WORD[sak.status]})</span>
      </h4>
      {sak.sections.map((s) => (
        <Section key={s.key} section={s} />
      ))}
    </li>
  )
}

/** The diff, readable per sak. */
export function DiffView({ diff }: { diff: MinutesDiff }) {
  if (diff.unchanged) return <p className="hint">Ingen forskjeller.</p>
  const groups = [
    { title: 'Toppteksten', sections: diff.header },
    { title: 'Medlemmer', sections: diff.attendance },
  ].filter((g) => g.sections.length > 0)
  return (
    <div className="diff-view">
      <p className="diff-legend">
        <ins className="diff-added">
          <span className="diff-sign" aria-hidden="true">+</span>lagt til
        </ins>{' '}
        <del className="diff-removed">
          <span className="diff-sign" aria-hidden="true">−</span>fjernet
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
        <ol className="diff-saker" aria-label="Endrede saker">
          {diff.saker.map((sak, i) => (
            <SakEntry key={sak.agendaItemId ?? `${sak.number}-${i}`} sak={sak} />
          ))}
        </ol>
      )}
    </div>
  )
}
