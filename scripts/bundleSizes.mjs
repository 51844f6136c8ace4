// node scripts/bundleSizes.mjs (after `npm run build:client`): JS gzip per route, summed over the
// static import closure of the entry chunk and the route's lazy chunks in dist/client/assets.
import fs from 'node:fs'; import zlib from 'node:zlib'; import path from 'node:path'
const dir = 'dist/client/assets'
const gz = (f) => zlib.gzipSync(fs.readFileSync(path.join(dir, f))).length
const deps = (f) => [...fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/(?:import|from)\s*"\.\/([^"]+\.js)"/g)].map((m) => m[1])
const closure = (roots) => { const seen = new Set(); const go = (f) => { if (seen.has(f)) return; seen.add(f); deps(f).forEach(go) }; roots.forEach(go); return seen }
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'))
const find = (p) => files.find((f) => f.startsWith(p + '-'))
const entry = find('index')
// The words of the first render: one language's `common` catalogue (the largest of the three, to
// count the worst case), fetched before the first render (client/i18n).
const common = files.filter((f) => f.startsWith('common-')).sort((a, b) => gz(b) - gz(a))[0]
const kb = (set) => ([...set].reduce((a, f) => a + gz(f), 0) / 1024).toFixed(1)
const WRITER_TOOLS = ['AttendanceDialog', 'TimelineDialog', 'HistoryDialog', 'PropertiesPanel', 'CloseMeetingDialog', 'VersionForms']
const ROUTES = [
  // The light reader (ReaderView): no editor, no ProseMirror.
  ['/m/<id> reader (medlem, observatør), first render', ['EditorPage']],
  // After the first paint the editor (MeetingView) is fetched and takes over.
  ['/m/<id> reader, once the editor has taken over', ['EditorPage', 'MeetingView']],
  ['/m/<id> writer (+ tools)', ['EditorPage', 'MeetingView', ...WRITER_TOOLS]],
  ['/ meeting list', ['MeetingListPage']],
  ['/verify', ['VerifyPage']],
]
for (const [route, lazy] of ROUTES) {
  const set = closure([entry, ...(common ? [common] : []), ...lazy.map(find)])
  console.log(`${route}: ${kb(set)} KB gzip JS (${[...set].length} files)`)
}
console.log('entry alone', kb(closure([entry])))
