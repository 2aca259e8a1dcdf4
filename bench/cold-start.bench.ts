import { type ChildServer, waitForHealth } from './support/children.js'
import { makeTempDir } from './support/cleanup.js'
import { median } from './support/percentile.js'
import type { Benchmark, Recorder } from './support/recorder.js'
import { round } from './support/results.js'
import { pgliteVersion, spawnApp, spawnBareServer } from './support/servers.js'

/** Target: a first start on an empty data dir (PGlite initdb, migrations, demo seed) answers within 10 s. */
const coldTargetSeconds = 10
const runs = 3

const coldStart: Benchmark = {
  name: 'cold-start',
  async run(recorder) {
    const cold: number[] = []
    const warm: number[] = []
    for (let i = 1; i <= runs; i++) {
      const dataDir = await makeTempDir('ascend-bench-')
      const database = { engine: 'pglite', dataDir } as const
      cold.push(await timeStart(recorder, `cold start ${i}/${runs}, empty data dir`, () => spawnApp(database)))
      warm.push(await timeStart(recorder, `warm start ${i}/${runs}, same data dir`, () => spawnApp(database)))
    }
    const bare: number[] = []
    for (let i = 1; i <= runs; i++) {
      bare.push(await timeStart(recorder, `bare node:http start ${i}/${runs}`, () => spawnBareServer()))
    }

    const s = (ms: number) => round(ms / 1000, 2)
    const name = 'spawn to first /health 200'
    recorder.figure({
      figure: `cold start (empty PGlite data dir), ${name}, min of ${runs}`,
      value: s(Math.min(...cold)),
      unit: 's',
      target: null,
      limit: s(Math.min(...bare)),
    })
    recorder.figure({
      figure: `cold start (empty PGlite data dir), ${name}, median of ${runs}`,
      value: s(median(cold)),
      unit: 's',
      target: coldTargetSeconds,
      limit: s(median(bare)),
    })
    recorder.figure({
      figure: `warm start (second start, same data dir), ${name}, median of ${runs}`,
      value: s(median(warm)),
      unit: 's',
      target: null,
      limit: s(median(bare)),
    })
    return { database: `PGlite ${pgliteVersion()}`, scale: 'demo' }
  },
}
export default coldStart

/** Milliseconds from spawn to the first /health 200; the server is stopped (cleanly) before the next start. */
async function timeStart(recorder: Recorder, label: string, spawn: () => Promise<ChildServer>): Promise<number> {
  const ms = await recorder.task(label, async () => {
    const server = await spawn()
    try {
      return await waitForHealth(server)
    } finally {
      await server.stop()
    }
  })
  recorder.note(`  ${(ms / 1000).toFixed(2)} s to /health`)
  return ms
}
