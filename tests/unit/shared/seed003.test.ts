import { readFileSync } from 'node:fs'
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import type { Node as PMNode } from '@tiptap/pm/model'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { MINUTES_FRAGMENT, minutesSchema } from '../../../shared'
import { seed003 } from '../../fixtures/seed003'

/** The seed as extracted from the published PDF (a copy of /work/shared/seeds/003_cd0fd5ddac1ed21a.txt). */
const source = readFileSync(new URL('../../fixtures/seed003.source.txt', import.meta.url), 'utf8')
const sourceLines = source.split('\n')

const normalise = (s: string): string => s.replace(/\s+/g, ' ').trim()
/** A source line without its bullet ("•" or "- "), whitespace normalised. */
const unbullet = (line: string): string => normalise(line).replace(/^(•|- )\s*/, '')

/** Lines of the sak blocks: everything after the "Sak Tema" table head (the agenda table precedes it). */
const sakLines = sourceLines.slice(sourceLines.findIndex((l) => normalise(l) === 'Sak Tema') + 1)
/** The lines of one sak block in the source, from its heading up to the next sak's heading. */
function sakSection(number: string): string[] {
  const start = sakLines.findIndex((l) => normalise(l).startsWith(`${number} `))
  const end = sakLines.findIndex((l, i) => i > start && /^\d{2}\/23 /.test(normalise(l)))
  return sakLines.slice(start, end === -1 ? undefined : end)
}

const SECTION_LABELS: Record<string, string> = {
  memberInputs: 'Innspill:',
  actionItems: 'Aksjonspunkter:',
  decision: 'Vedtak:',
}

/** An agenda block as the printed referat reads it: "22/23 Title", text, "Innspill:", ..., "Vedtak:", ... */
function printed(block: PMNode): string {
  const parts: string[] = []
  block.forEach((section) => {
    if (section.type.name === 'agendaTitle') parts.push(`${block.attrs.number} ${section.textContent}`)
    else {
      if (SECTION_LABELS[section.type.name]) parts.push(SECTION_LABELS[section.type.name])
      section.descendants((node) => {
        if (node.isTextblock) {
          parts.push(node.textContent)
          return false
        }
        return true
      })
    }
  })
  return normalise(parts.join(' '))
}

function parsed(): PMNode {
  return minutesSchema.nodeFromJSON(seed003)
}

const agendaBlocks = (doc: PMNode): PMNode[] =>
  doc.children.filter((n) => n.type.name === 'agendaItem' || n.type.name === 'otherBusiness')
const block = (doc: PMNode, number: string): PMNode => {
  const found = agendaBlocks(doc).find((n) => n.attrs.number === number)
  if (!found) throw new Error(`no sak ${number}`)
  return found
}
const childrenOfType = (node: PMNode, type: string): PMNode[] => {
  const out: PMNode[] = []
  node.descendants((n) => {
    if (n.type.name === type) out.push(n)
  })
  return out
}
const attendanceGroup = (doc: PMNode, group: string): readonly PMNode[] =>
  childrenOfType(doc.child(1), group)[0]!.children

describe('seed 003 (Nasjonalt e-helseråd, møte 3/2023) in the minutes schema', () => {
  it('is a valid minutes document', () => {
    expect(() => parsed().check()).not.toThrow()
  })

  it('round-trips through Yjs unchanged, the way the app stores it', () => {
    const doc = new Y.Doc()
    prosemirrorJSONToYXmlFragment(minutesSchema, seed003, doc.getXmlFragment(MINUTES_FRAGMENT))
    const update = Y.encodeStateAsUpdate(doc)

    const fresh = new Y.Doc()
    Y.applyUpdate(fresh, update)
    const back = yXmlFragmentToProseMirrorRootNode(fresh.getXmlFragment(MINUTES_FRAGMENT), minutesSchema)

    expect(() => back.check()).not.toThrow()
    expect(back.toJSON()).toEqual(parsed().toJSON())
  })

  it('has the header of the source', () => {
    const header = parsed().child(0)
    expect(header.children.map((f) => [f.type.name, f.textContent])).toEqual([
      ['organ', 'Nasjonalt e-helseråd'],
      ['meetingTitle', 'Referat fra møte i Nasjonalt e-helseråd'],
      ['meetingNumber', '3/2023'],
      ['meetingDate', '4. oktober 2023'],
      ['meetingTime', 'Kl. 09.00 – 15.00'],
      ['meetingPlace', 'Scandic Grand Tromsø'],
    ])
    for (const [label, value] of [['Møte', '3/2023'], ['Dato', '4. oktober 2023'], ['Tid', 'Kl. 09.00 – 15.00'], ['Sted', 'Scandic Grand Tromsø']]) {
      expect(sourceLines.map(normalise)).toContain(`${label} ${value}`)
    }
  })

  it('has the complete attendance: present (two digitally), absent, substitutes and secretariat', () => {
    const doc = parsed()
    const present = attendanceGroup(doc, 'presentList')
    expect(present).toHaveLength(16)
    expect(present.filter((a) => a.attrs.remote).map((a) => a.textContent)).toEqual([
      'Wenche P. Dehli (Trondheim kommune)',
      'Frode Danielsen (Digitaliseringsdirektoratet)',
    ])
    expect(attendanceGroup(doc, 'absentList').map((a) => a.textContent)).toEqual([
      'Svein Lyngroth (Oslo kommune)',
      'Mina Gerhardsen (Nasjonalforeningen for folkehelsen)',
      'Lill Sverresdatter Larsen (Norsk Sykepleierforbund)',
    ])
    expect(attendanceGroup(doc, 'substituteList').map((a) => [a.textContent, a.attrs.substituteFor])).toEqual([
      ['Kai Øivind Brenden, Norsk Sykepleierforbund', 'Lill Sverresdatter Larsen'],
      ['Solveig Tesdal, Oslo kommune', 'Svein Lyngroth'],
    ])
    // The source's substitute lines read "<name>, <organisation>, for <member>".
    const attendanceText = normalise(sourceLines.slice(0, sourceLines.findIndex((l) => l.includes('Sak Agenda'))).join(' '))
    for (const a of attendanceGroup(doc, 'substituteList')) {
      expect(attendanceText).toContain(`${a.textContent}, for ${a.attrs.substituteFor}`)
    }
    expect(attendanceGroup(doc, 'secretariatList').map((a) => a.textContent.replace(/ \(.*\)$/, ''))).toEqual([
      'Lucie Aunan',
      'Siv Ingebrigtsen',
      'Norunn Saure',
      'Vibeke Jonassen Wang',
    ])
    // Every attendee's name and organisation is in the source's attendance part.
    for (const group of ['presentList', 'absentList', 'secretariatList']) {
      for (const a of attendanceGroup(doc, group)) {
        const [, name, org] = /^(.*) \((.*)\)$/.exec(a.textContent)!
        expect(attendanceText).toContain(name)
        expect(attendanceText).toContain(org)
      }
    }
  })

  it('has the eleven saker 17/23 … 27/23 in agenda order with the sakstype of the agenda table', () => {
    const blocks = agendaBlocks(parsed())
    expect(blocks.map((b) => [b.type.name, b.attrs.number, b.attrs.caseType ?? null])).toEqual([
      ['agendaItem', '17/23', 'Godkjenning'],
      ['agendaItem', '18/23', 'Godkjenning'],
      ['agendaItem', '19/23', 'Orientering'],
      ['agendaItem', '20/23', 'Anbefaling'],
      ['agendaItem', '21/23', 'Orientering'],
      ['agendaItem', '22/23', 'Drøfting'],
      ['agendaItem', '23/23', 'Drøfting'],
      ['agendaItem', '24/23', 'Drøfting'],
      ['agendaItem', '25/23', 'Drøfting'],
      ['agendaItem', '26/23', 'Drøfting'],
      ['otherBusiness', '27/23', null],
    ])
    // The agenda table of the source, joined across its broken row: "<number> <title> <sakstype>".
    const table = normalise(sourceLines.slice(sourceLines.findIndex((l) => l.includes('Sak Agenda')), sourceLines.findIndex((l) => normalise(l) === 'Sak Tema')).join(' '))
    for (const b of blocks) {
      const title = b.child(0).textContent
      expect(table).toContain(normalise(`${b.attrs.number} ${title} ${b.attrs.caseType ?? ''}`))
      expect(b.attrs.id).toMatch(/^[A-Za-z0-9_-]{16}$/)
    }
    expect(new Set(blocks.map((b) => b.attrs.id)).size).toBe(blocks.length)
  })

  it('has the exact vedtak of 22/23, both sentences', () => {
    const decision = childrenOfType(block(parsed(), '22/23'), 'decision')[0]!
    expect(decision.childCount).toBe(1)
    expect(decision.textContent).toBe(
      'Nasjonalt e-helseråd oppfordrer Helse- og omsorgsdepartementet til å igangsette et arbeid for ' +
        'regelverksutvikling for å bidra til gjennomføringskraft og effekt for tjenestene av ' +
        'digitaliseringsarbeidet i helse- og omsorgssektoren. Regelverket må tilrettelegge for ' +
        'nødvendig, robust og effektiv informasjonsdeling i helse- og omsorgssektoren.',
    )
    const section = sakSection('22/23').map(normalise)
    const vedtak = normalise(section.slice(section.indexOf('Vedtak:') + 1).join(' '))
    expect(decision.textContent).toBe(vedtak)
  })

  it('has every innspill of 22/23 as the source lists them', () => {
    const bullets = sakSection('22/23').filter((l) => normalise(l).startsWith('•'))
    expect(bullets).toHaveLength(14)
    const inputs = childrenOfType(block(parsed(), '22/23'), 'memberInput')
    expect(inputs).toHaveLength(bullets.length)
    inputs.forEach((input, i) => expect(input.textContent.startsWith(unbullet(bullets[i]!))).toBe(true))
  })

  it('has every line of the source sak 22/23 in its text', () => {
    const text = printed(block(parsed(), '22/23'))
    const lines = sakSection('22/23').map(unbullet).filter(Boolean)
    expect(lines.length).toBeGreaterThan(30)
    for (const line of lines) expect(text).toContain(line)
  })

  it('has every line of every sak block of the source, in order', () => {
    const text = agendaBlocks(parsed()).map(printed).join(' ')
    // The link to the previous minutes is extracted after 18/23's vedtak; the fixture keeps it in the
    // narrative (it is not part of the decision), so it is only checked to be there.
    const moved = ['https://www.ehelse.no/r%C3%A5d-og-utvalg/nasjonalt%20e-helser%C3%A5d#23.06.2023']
    for (const line of moved) expect(printed(block(parsed(), '18/23'))).toContain(line)
    let from = 0
    for (const line of sakLines.map(unbullet).filter((l) => l && !moved.includes(l))) {
      const at = text.indexOf(line, from)
      expect(at, `"${line}" not found after position ${from}`).toBeGreaterThanOrEqual(0)
      from = at
    }
  })

  it('has exactly the words of the source sak blocks, nothing lost and nothing invented', () => {
    const words = (s: string) => (s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).sort()
    const docWords = words(agendaBlocks(parsed()).map(printed).join(' '))
    expect(docWords).toEqual(words(sakLines.join(' ')))
  })
})
