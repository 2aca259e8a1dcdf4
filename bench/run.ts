import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { runCleanups } from './support/cleanup.js'
import { type Benchmark, Recorder } from './support/recorder.js'
import { currentCommit, readResults, writeResult } from './support/results.js'
import { markdownTable, textTable } from './support/tables.js'

/** `npm run bench` runs every bench/*.bench.ts; `npm run bench -- NAME…` runs those named. */
async function main() {
  const benchmarks = await loadBenchmarks()
  const names = process.argv.slice(2)
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n))
  if (unknown.length) {
    console.error(`No benchmark named ${unknown.join(', ')}. There are: ${benchmarks.map((b) => b.name).join(', ')}`)
    process.exit(2)
  }
  const chosen = names.length ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks
  const commit = currentCommit()
  const started = performance.now()
  for (const benchmark of chosen) {
    console.log(`\n${benchmark.name}`)
    const recorder = new Recorder()
    try {
      const date = new Date().toISOString()
      const { database, scale } = await benchmark.run(recorder)
      const file = await writeResult({ name: benchmark.name, commit, date, database, scale, figures: recorder.figures })
      console.log(`\n${textTable(recorder.figures)}\n  written to ${path.relative(process.cwd(), file)}`)
    } catch (error) {
      console.error(`\n${benchmark.name} failed:`, error)
      process.exitCode = 1
    } finally {
      await runCleanups()
    }
  }
  console.log(`\nLatest figures (for the README):\n\n${markdownTable(await readResults())}`)
  console.log(`\nBenchmarks took ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

async function loadBenchmarks(): Promise<Benchmark[]> {
  const files = (await readdir(import.meta.dirname)).filter((f) => f.endsWith('.bench.ts')).sort()
  return Promise.all(
    files.map(async (f) => {
      const module = (await import(pathToFileURL(path.join(import.meta.dirname, f)).href)) as { default: Benchmark }
      return module.default
    }),
  )
}

// Interrupted: stop the servers and remove the scratch data before going.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`)
    void runCleanups().finally(() => process.exit(130))
  })
}

await main()
