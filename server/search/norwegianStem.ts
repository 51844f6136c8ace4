// The Snowball stemmer for Norwegian (bokmål), as published at snowballstem.org/algorithms/norwegian:
// PostgreSQL's 'norwegian' text search configuration uses the same algorithm, so SQLite (which
// has no Norwegian stemmer) and PostgreSQL reduce "vedtaket", "vedtakene" and "vedtak" alike.
// Deliberately conservative: only suffixes in R1 are removed, so short words stay as they are.

const VOWELS = new Set('aeiouyæåø')
const S_ENDINGS = new Set('bcdfghjlmnoprtvyz')

/** Step 1 suffixes that are deleted, longest first. */
const STEP1_DELETE = [
  'hetenes', 'hetene', 'hetens', 'heten', 'heter', 'endes', 'ande', 'ende', 'edes', 'enes',
  'ene', 'ane', 'ede', 'ens', 'ers', 'ets', 'het', 'ast', 'en', 'ar', 'er', 'as', 'es', 'et', 'a', 'e',
]
const STEP1_TO_ER = ['erte', 'ert']
const STEP3_DELETE = ['hetslov', 'eleg', 'elig', 'elov', 'slov', 'leg', 'eig', 'lig', 'els', 'lov', 'ig']

/** Start of region R1: after the first non-vowel that follows a vowel, but at least 3. */
function r1Start(word: string): number {
  for (let i = 1; i < word.length; i++) {
    if (!VOWELS.has(word[i]) && VOWELS.has(word[i - 1])) return Math.max(3, i + 1)
  }
  return word.length
}

const endsInR1 = (word: string, suffix: string, r1: number) => word.endsWith(suffix) && word.length - suffix.length >= r1

function step1(word: string, r1: number): string {
  // The longest matching suffix in R1 decides, whichever rule it belongs to.
  const candidates = [...STEP1_DELETE, ...STEP1_TO_ER, 's'].filter((s) => endsInR1(word, s, r1))
  if (candidates.length === 0) return word
  const suffix = candidates.reduce((a, b) => (b.length > a.length ? b : a))
  const stem = word.slice(0, word.length - suffix.length)
  if (STEP1_TO_ER.includes(suffix)) return `${stem}er`
  if (suffix !== 's') return stem
  const before = stem.at(-1) ?? ''
  // A valid s-ending: one of S_ENDINGS, or k not preceded by a vowel.
  if (S_ENDINGS.has(before) || (before === 'k' && stem.length >= 2 && !VOWELS.has(stem[stem.length - 2]))) return stem
  return word
}

/**
 * The stem of one lower-case word (letters and digits), e.g. "vedtaket" → "vedtak",
 * "sakene" → "sak". Words of digits or of fewer than 3 letters are returned unchanged.
 */
export function norwegianStem(word: string): string {
  if (word.length < 3 || /^\d+$/.test(word)) return word
  const r1 = r1Start(word)
  let w = step1(word, r1)
  if ((w.endsWith('dt') || w.endsWith('vt')) && w.length - 2 >= r1) w = w.slice(0, -1)
  const suffix = STEP3_DELETE.find((s) => endsInR1(w, s, r1))
  return suffix ? w.slice(0, w.length - suffix.length) : w
}
