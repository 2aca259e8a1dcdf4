import { execFileSync } from 'node:child_process'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { repoRoot } from './paths.js'

/** One measured figure (DESIGN.md section 7); limit is the same work done by the simplest code, in the same run. */
export interface Figure {
  figure: string
  value: number
  unit: string
  target: number | null
  limit: number | null
}

export interface BenchmarkResult {
  name: string
  commit: string
  date: string
  database: string
  scale: string
  figures: Figure[]
}

export const resultsDir = path.join(repoRoot, 'bench', 'results')

/** Units where less is better: a target in them is a ceiling, in any other a floor. */
const lowerIsBetter = new Set(['ms', 's', '×', 'MB'])

export function isTargetMet(figure: Figure): boolean | undefined {
  if (figure.target === null) return undefined
  return lowerIsBetter.has(figure.unit) ? figure.value < figure.target : figure.value > figure.target
}

export function formatTarget(figure: Figure): string {
  if (figure.target === null) return ''
  return `${lowerIsBetter.has(figure.unit) ? '<' : '>'} ${figure.target}`
}

export function round(value: number, decimals: number): number {
  const scale = 10 ** decimals
  return Math.round(value * scale) / scale
}

export function currentCommit(): string {
  return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim()
}

export async function writeResult(result: BenchmarkResult): Promise<string> {
  await mkdir(resultsDir, { recursive: true })
  const file = path.join(resultsDir, `${result.name}.json`)
  await writeFile(file, `${JSON.stringify(result, null, 2)}\n`)
  return file
}

/** The latest result of every benchmark, including those not run this time. */
export async function readResults(): Promise<BenchmarkResult[]> {
  const files = (await readdir(resultsDir).catch(() => [])).filter((f) => f.endsWith('.json')).sort()
  return Promise.all(
    files.map(async (f) => JSON.parse(await readFile(path.join(resultsDir, f), 'utf8')) as BenchmarkResult),
  )
}
