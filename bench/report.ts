// npx tsx bench/report.ts FILE.jsonl [...]: markdown tables from `npm run bench -- --out FILE`
// JSON lines. Each cell is the median over the runs, with [min–max] when they differ (the same
// format as /work/shared/bench/report.mjs).
import fs from 'node:fs'

type Row = Record<string, unknown>
const rows: Row[] = process.argv
  .slice(2)
  .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row))

const get = (o: unknown, p: string): unknown =>
  p.split('.').reduce<unknown>((a, k) => (a == null ? a : (a as Record<string, unknown>)[k]), o)
const med = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const fmtWith = (ints: boolean) => (v: number) =>
  ints || Math.abs(v) >= 100 ? String(Math.round(v)) : Math.abs(v) < 1 ? v.toFixed(2) : v.toFixed(1)

function cell(rs: Row[], p: string): string {
  const xs = rs.map((r) => get(r, p)).filter((v): v is number => typeof v === 'number')
  if (!xs.length) return '–'
  const fmt = fmtWith(xs.every(Number.isInteger))
  if (xs.length === 1 || Math.min(...xs) === Math.max(...xs)) return fmt(xs[0])
  return `${fmt(med(xs))} [${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))}]`
}

function table(title: string, groups: { label: string; rows: Row[] }[], cols: [string, string][]): void {
  groups = groups.filter((g) => g.rows.length)
  if (!groups.length) return
  console.log(`\n### ${title}\n`)
  const head = ['', 'runs', ...cols.map((c) => c[0])]
  console.log(`| ${head.join(' | ')} |`)
  console.log(`|${head.map(() => '---').join('|')}|`)
  for (const g of groups) console.log(`| ${[g.label, g.rows.length, ...cols.map((c) => cell(g.rows, c[1]))].join(' | ')} |`)
}

const ok = (scenario: string) => rows.filter((r) => r.scenario === scenario && !r.error)
const fanout = ok('fanout')
const fanoutGroups = [...new Set(fanout.map((r) => `${r.n as number}|${r.target as string}`))]
  .map((k) => k.split('|'))
  .sort((a, b) => Number(a[0]) - Number(b[0]) || a[1].localeCompare(b[1]))
  .map(([n, t]) => ({ label: `N=${n}, ${t === 'ours' ? 'ours' : 'bare relay'}`, rows: fanout.filter((r) => String(r.n) === n && r.target === t) }))

table('fanout latency (ms)', fanoutGroups, [
  ['p50', 'latency_ms.p50'],
  ['p95', 'latency_ms.p95'],
  ['p99', 'latency_ms.p99'],
  ['max', 'latency_ms.max'],
  ['first viewer p50', 'first_viewer_ms.p50'],
  ['last viewer p99', 'last_viewer_ms.p99'],
  ['lost', 'lost'],
  ['out of order', 'out_of_order'],
  ['dup', 'duplicates'],
  ['reconnects', 'reconnects'],
])
table('fanout resources', fanoutGroups, [
  ['server peak RSS MiB', 'server.peak_rss_mib'],
  ['server idle RSS MiB', 'server.idle_rss_mib'],
  ['server CPU s', 'server.cpu_s_window'],
  ['load process CPU s', 'load.cpu_s_window'],
  ['load loop delay p99 ms', 'load.eventloop_delay_p99_ms'],
  ['other processes CPU s', 'machine.other_cpu_s'],
  ['connect all s', 'connect_s'],
])
const ratio = ok('ratio')
table('ours / bare relay, same run', [{ label: `N=${(ratio[0]?.n as number) ?? '?'}`, rows: ratio }], [
  ['p50 ours ms', 'ours.p50'],
  ['p50 bare ms', 'bare.p50'],
  ['p50 ratio', 'ours_over_bare.p50'],
  ['p99 ours ms', 'ours.p99'],
  ['p99 bare ms', 'bare.p99'],
  ['p99 ratio', 'ours_over_bare.p99'],
  ['CPU ours s', 'ours.cpu_s'],
  ['CPU bare s', 'bare.cpu_s'],
  ['CPU ratio', 'ours_over_bare.cpu'],
  ['peak RSS ratio', 'ours_over_bare.peak_rss'],
])
const cold = ok('coldload')
table('coldload: fresh client connect→synced (ms, median of each run)', [{ label: 'seed003', rows: cold }], [
  ['in memory', 'memory_connect_to_synced_ms.median'],
  ['first after restart', 'restart_connect_to_synced_ms.median'],
  ['room unloaded, warm process', 'unloaded_connect_to_synced_ms.median'],
  ['fastest in memory', 'memory_connect_to_synced_ms.min'],
  ['slowest in memory', 'memory_connect_to_synced_ms.max'],
  ['identical loads', 'loads_correct'],
  ['server start s', 'server.start_s.median'],
])
table('coldload: sizes', [{ label: 'seed003', rows: cold }], [
  ['text chars', 'document.text_chars'],
  ['nodes', 'document.nodes'],
  ['upload update B', 'document.upload_update_bytes'],
  ['state B (loaded)', 'state_bytes'],
  ['state B (fresh doc)', 'floor.state_bytes'],
  ['stored live: updates', 'stored.live.updates'],
  ['stored live B', 'stored.live.update_bytes'],
  ['stored after shutdown: snapshot B', 'stored.after_shutdown.snapshot_bytes'],
  ['SQLite file B', 'stored.after_shutdown.file_bytes'],
  ['server RSS with doc MiB', 'server.loaded_rss_mib'],
])
table('coldload: in-process breakdown (ms; cold = first call, warm = median of calls 11–20)', [{ label: 'seed003', rows: cold }], [
  ['read rows cold', 'storage_breakdown_in_process.read_rows_ms.cold'],
  ['loadDocument cold', 'storage_breakdown_in_process.load_document_ms.cold'],
  ['loadDocument warm', 'storage_breakdown_in_process.load_document_ms.warm'],
  ['encode state warm', 'storage_breakdown_in_process.encode_state_ms.warm'],
  ['client apply warm', 'storage_breakdown_in_process.client_apply_ms.warm'],
  ['append back to back', 'storage_breakdown_in_process.append_back_to_back_ms.warm'],
  ['append every 50 ms', 'storage_breakdown_in_process.append_every_50ms_ms.warm'],
])
for (const r of rows.filter((x) => x.error)) console.log(`\nerror in ${r.scenario as string}: ${r.error as string}`)
