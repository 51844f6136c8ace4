// cluster: the several-node figure (issue 14). Two of our nodes on one PostgreSQL and one Redis
// (the test's own redis-server, a fresh schema dropped afterwards); one writer on node A and N
// viewers, first on node A too (the one-node figure, on the same storage) and then on node B (each
// keystroke is stored by A, relayed through Redis, and sent out by B). The ratio of the two p99s is
// what crossing nodes costs. Needs PostgreSQL (TEST_DATABASE_URL) and redis-server; fails without.
import crypto from 'node:crypto'
import { CLUSTER_DATABASE_URL, CLUSTER_TOKEN_SECRET, dropSchema, requirePostgres, startTestRedis } from '../tests/helpers'
import { measureFanout } from './fanout'
import { r2, startOurs, type BenchServer } from './harness'

export interface ClusterOptions {
  n: number
  durationS: number
  intervalMs: number
}

type Measured = Awaited<ReturnType<typeof measureFanout>>
const p99Of = (m: Measured): number | null => (m.result.latency_ms as { p99?: number } | undefined)?.p99 ?? null

export async function runCluster(o: ClusterOptions): Promise<{ result: Record<string, unknown>; summary: string[] }> {
  const admin = await requirePostgres()
  await admin.end().catch(() => undefined)
  const redis = await startTestRedis()
  const suffix = crypto.randomBytes(4).toString('hex')
  const schema = `referat_bench_${suffix}`
  const env = (nodeId: string) => ({
    DATABASE_URL: CLUSTER_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: redis.url,
    REDIS_PREFIX: `referat-bench-${suffix}`,
    NODE_ID: nodeId,
    TOKEN_SECRET: CLUSTER_TOKEN_SECRET,
  })
  const nodes: BenchServer[] = []
  try {
    nodes.push(await startOurs({ env: env('node-a') }))
    nodes.push(await startOurs({ env: env('node-b') }))
    const [a, b] = nodes
    // A short pass first, discarded: neither measured case pays for the nodes' warm-up (JIT, pools).
    await measureFanout(a, { ...o, n: Math.min(o.n, 20), durationS: 2 }, b)
    const same = await measureFanout(a, o, a)
    const cross = await measureFanout(a, o, b)
    const sameP99 = p99Of(same)
    const crossP99 = p99Of(cross)
    const ratio = sameP99 && crossP99 ? r2(crossP99 / sameP99) : null
    return {
      result: {
        n: o.n,
        duration_s: o.durationS,
        interval_ms: o.intervalMs,
        one_node: same.result,
        cross_node: cross.result,
        cross_over_one_node_p99: ratio,
        // Every keystroke must reach every viewer in both cases: the run's correctness.
        lost: Number(same.result.lost ?? 0) + Number(cross.result.lost ?? 0),
      },
      summary: [
        `one node (writer and ${o.n} viewers on A, PostgreSQL + Redis):`,
        ...same.summary.map((l) => `  ${l}`),
        `across nodes (writer on A, ${o.n} viewers on B):`,
        ...cross.summary.map((l) => `  ${l}`),
        `cross-node keystroke->viewer p99 / one-node p99 = ${crossP99}/${sameP99} = ${ratio}x (goal <= 1.5)`,
      ],
    }
  } finally {
    for (const node of nodes) await node.stop()
    await redis.kill().catch(() => undefined)
    await dropSchema(schema).catch(() => undefined)
  }
}
