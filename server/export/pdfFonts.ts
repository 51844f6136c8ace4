import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

/**
 * The PDF's fonts: Noto Sans (SIL Open Font License 1.1) from `@expo-google-fonts/noto-sans`, as
 * TrueType files that pdfkit embeds as subsets (PDF/A needs every font embedded). Noto Sans holds
 * Norwegian and North, Lule and South Sámi letters (Á á Č č Đ đ Ŋ ŋ Š š Ŧ ŧ Ž ž Ï ï Æ Ø Å), Latin,
 * Greek and Cyrillic; anything none of the four faces holds is printed as "?".
 */
const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  italic: '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
} as const

export type FontFace = keyof typeof FONT_FILES

/** The part of fontkit (pdfkit's font engine) used here: which code points a font maps. */
interface FontkitModule {
  create(buffer: Buffer): { readonly characterSet: readonly number[] }
}

const require = createRequire(import.meta.url)

interface LoadedFonts {
  readonly paths: Readonly<Record<FontFace, string>>
  readonly files: Readonly<Record<FontFace, Buffer>>
  /** Code points every face has a glyph for. */
  readonly covered: ReadonlySet<number>
}

let loaded: LoadedFonts | null = null

/** The four faces' bytes and their common coverage, read once per process. Throws if the package is missing. */
export function pdfFonts(): LoadedFonts {
  if (loaded) return loaded
  const paths = Object.fromEntries(Object.entries(FONT_FILES).map(([face, path]) => [face, require.resolve(path)])) as Record<FontFace, string>
  const files = Object.fromEntries(Object.entries(paths).map(([face, path]) => [face, readFileSync(path)])) as Record<FontFace, Buffer>
  const fontkit = require('fontkit') as FontkitModule
  const sets = Object.values(files).map((bytes) => new Set(fontkit.create(bytes).characterSet))
  const covered = new Set([...sets[0]].filter((cp) => sets.every((set) => set.has(cp))))
  loaded = { paths, files, covered }
  return loaded
}

/**
 * Text as the PDF prints it: tabs as spaces, control and zero-width characters dropped, and a
 * character no face holds (emoji, CJK, ...) as "?" rather than an empty box. "\n" is kept.
 */
export function printable(text: string): string {
  const { covered } = pdfFonts()
  let out = ''
  for (const ch of text) {
    const code = ch.codePointAt(0)!
    if (ch === '\n') out += ch
    else if (ch === '\t') out += ' '
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || (code >= 0x200b && code <= 0x200f) || code === 0xfeff) continue
    else if (covered.has(code)) out += ch
    else if (code === 0x2011 || code === 0x2010) out += '-'
    else if (code === 0x202f || code === 0x2009 || code === 0x200a) out += ' '
    else out += '?'
  }
  return out
}

/**
 * A value for the PDF's document information and XMP metadata: one line, printable. pdfkit
 * writes these into the XMP packet without escaping, so `<` and `>` are dropped and `&` becomes
 * "og" there and in the Info dictionary alike (PDF/A wants the two to agree).
 */
export function metadataText(text: string): string {
  return printable(text)
    .replace(/\s+/g, ' ')
    .replace(/\s*&\s*/g, ' og ')
    .replace(/[<>]/g, '')
    .trim()
}
