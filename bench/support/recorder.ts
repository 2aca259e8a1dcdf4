import { performance } from 'node:perf_hooks'
import type { Figure } from './results.js'
import { formatTarget } from './results.js'

/** What a benchmark's run says about itself, for the results file. */
export interface RunDescription {
  database: string
  scale: string
}

export interface Benchmark {
  name: string
  run(recorder: Recorder): Promise<RunDescription>
}

/** Collects a benchmark's figures and shows its progress as it goes. */
export class Recorder {
  readonly figures: Figure[] = []

  figure(figure: Figure): void {
    this.figures.push(figure)
    const target = figure.target === null ? '' : `, target ${formatTarget(figure)}`
    const limit = figure.limit === null ? '' : `, limit ${figure.limit}`
    this.note(`→ ${figure.figure}: ${figure.value} ${figure.unit}${target}${limit}`)
  }

  note(text: string): void {
    console.log(`  ${text}`)
  }

  /** Runs long work under a label, with a ticking clock on a terminal. */
  async task<T>(label: string, work: () => Promise<T>): Promise<T> {
    const started = performance.now()
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`
    const tty = process.stdout.isTTY
    if (tty) process.stdout.write(`  ${label} …`)
    else console.log(`  ${label} …`)
    const clock = tty ? setInterval(() => process.stdout.write(`\r  ${label} … ${elapsed()}`), 500) : undefined
    try {
      const result = await work()
      if (tty) process.stdout.write(`\r  ${label} … ${elapsed()}\n`)
      else console.log(`  ${label}: done in ${elapsed()}`)
      return result
    } catch (error) {
      if (tty) process.stdout.write(`\r  ${label} … failed after ${elapsed()}\n`)
      throw error
    } finally {
      clearInterval(clock)
    }
  }
}
