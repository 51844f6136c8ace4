// npx tsx bench/report.ts FILE.jsonl [...]: markdown tables from `npm run bench -- --out FILE`
// JSON lines (one per scenario, N/M and pass, holding each target's result and the ratios
// ours/ref). Each cell is the median over the passes, with [min–max] when they differ (the format
// of /work/shared/bench/report.mjs). Lines of the older format (one target per line) are skipped.
import fs from 'node:fs'

type Row = Record<string, unknown>
const rows: Row[] = process.argv
  .slice(2)
  .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Row))
  .filter((r) => r.ours !== undefined || r.ref !== undefined)

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

/**
 * One table per scenario: a row per parameter value (N, M, …), and for each figure three columns:
 * ours, ref and ours/ref (the ratio computed per pass, then its median).
 */
function table(title: string, groups: { label: string; rows: Row[] }[], figures: [string, string, string | null][]): void {
  groups = groups.filter((g) => g.rows.length)
  if (!groups.length) return
  console.log(`\n### ${title}\n`)
  const head = ['', 'passes', ...figures.flatMap(([name, , ratio]) => (ratio ? [`${name} ours`, 'ref', 'ratio'] : [`${name} ours`, 'ref']))]
  console.log(`| ${head.join(' | ')} |`)
  console.log(`|${head.map(() => '---').join('|')}|`)
  for (const g of groups) {
    const cells = figures.flatMap(([, p, ratio]) => {
      const c = [cell(g.rows, `ours.${p}`), cell(g.rows, `ref.${p}`)]
      if (ratio) c.push(cell(g.rows, `ratio.${ratio}`))
      return c
    })
    console.log(`| ${[g.label, g.rows.length, ...cells].join(' | ')} |`)
  }
}

const of = (scenario: string) => rows.filter((r) => r.scenario === scenario)
const groupBy = (rs: Row[], key: string, label: (v: unknown) => string) =>
  [...new Set(rs.map((r) => r[key] as number))].sort((a, b) => a - b).map((v) => ({ label: label(v), rows: rs.filter((r) => r[key] === v) }))

const fanout = groupBy(of('fanout'), 'n', (v) => `N=${String(v)}`)
table('fanout: keystroke → viewer latency (ms)', fanout, [
  ['p50', 'latency_ms.p50', 'p50'],
  ['p95', 'latency_ms.p95', 'p95'],
  ['p99', 'latency_ms.p99', 'p99'],
  ['max', 'latency_ms.max', 'max'],
])
table('fanout: delivery', fanout, [
  ['lost', 'lost', null],
  ['out of order', 'out_of_order', null],
  ['dup', 'duplicates', null],
  ['reconnects', 'reconnects', null],
  ['connect all s', 'connect_s', null],
])
table('fanout: server resources', fanout, [
  ['CPU s (window)', 'server.cpu_s_window', 'cpu_s'],
  ['CPU µs per delivery', 'server.cpu_us_per_delivery', 'cpu_per_delivery'],
  ['peak RSS MiB', 'server.peak_rss_mib', 'peak_rss'],
  ['loop delay p99 ms', 'server.eventloop_delay_ms.p99_ms', 'loop_delay_p99'],
  ['loop delay max ms', 'server.eventloop_delay_ms.max_ms', null],
])
table('fanout: load process and machine', fanout, [
  ['load CPU s', 'load.cpu_s_window', null],
  ['load loop delay p99 ms', 'load.eventloop_delay_p99_ms', null],
  ['other processes CPU s', 'machine.other_cpu_s', null],
])

const upload = groupBy(of('upload'), 'txns', (v) => `${String(v)} txns`)
table('upload: the trace, one update per trace transaction', upload, [
  ['server has all s', 'until_server_has_all_s', 'until_server_has_all'],
  ['sent s', 'sent_s', null],
  ['server CPU s', 'server.cpu_s', 'cpu_s'],
  ['peak RSS MiB', 'server.peak_rss_mib', 'peak_rss'],
  ['loop delay p99 ms', 'server.eventloop_delay_ms.p99_ms', 'loop_delay_p99'],
])

const cold = groupBy(of('coldload'), 'txns', (v) => `${String(v)} txns`)
table('coldload: fresh client connect→synced (ms, median of each pass)', cold, [
  ['in memory', 'memory_connect_to_synced_ms.median', 'memory_median'],
  ['fastest', 'memory_connect_to_synced_ms.min', null],
  ['slowest', 'memory_connect_to_synced_ms.max', null],
  ['first after restart', 'restart_connect_to_synced_ms.median', 'restart_vs_ref_memory'],
  ['identical loads', 'loads_correct', null],
  ['loads', 'loads', null],
])
table('coldload: sizes and floor', cold, [
  ['state B', 'state_bytes', 'state_bytes'],
  ['floor decode ms', 'floor.decode_ms', null],
  ['floor encode ms', 'floor.encode_ms', null],
  ['RSS with doc MiB', 'server.loaded_rss_mib', null],
])

const rooms = groupBy(of('rooms'), 'm', (v) => `M=${String(v)}`)
table('rooms: latency (ms) and delivery', rooms, [
  ['p50', 'latency_ms.p50', 'p50'],
  ['p99', 'latency_ms.p99', 'p99'],
  ['max', 'latency_ms.max', 'max'],
  ['lost', 'lost', null],
  ['reconnects', 'reconnects', null],
])
table('rooms: server memory', rooms, [
  ['idle RSS MiB', 'server.idle_rss_mib', 'idle_rss'],
  ['KiB per meeting', 'server.rss_per_meeting_kib', 'rss_per_meeting'],
  ['KiB per meeting before typing', 'server.rss_per_meeting_connected_kib', 'rss_per_meeting_connected'],
  ['after all left − idle MiB', 'server.left_minus_idle_mib', 'left_minus_idle'],
  ['peak RSS MiB', 'server.peak_rss_mib', null],
])
table('rooms: server CPU', rooms, [
  ['CPU s (window)', 'server.cpu_s_window', 'cpu_s'],
  ['loop delay p99 ms', 'server.eventloop_delay_ms.p99_ms', 'loop_delay_p99'],
  ['other processes CPU s', 'machine.other_cpu_s', null],
])

for (const r of rows) {
  for (const t of ['ours', 'ref', 'bare']) {
    const e = get(r, `${t}.error`)
    if (e) console.log(`\nerror in ${r.scenario as string} pass ${String(r.pass)} (${t}): ${String(e)}`)
  }
}
