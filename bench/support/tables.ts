import { type BenchmarkResult, type Figure, formatTarget, isTargetMet } from './results.js'

function metLabel(figure: Figure): string {
  const met = isTargetMet(figure)
  if (met === undefined) return ''
  return met ? 'met' : 'MISSED'
}

/** An aligned plain-text table of one benchmark's figures, for the terminal. */
export function textTable(figures: Figure[]): string {
  const rows = [
    ['figure', 'value', 'unit', 'target', 'limit', ''],
    ...figures.map((f) => [f.figure, String(f.value), f.unit, formatTarget(f), String(f.limit ?? ''), metLabel(f)]),
  ]
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  const numeric = [false, true, false, false, true, false]
  return rows
    .map((row) =>
      row
        .map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .map((line) => `  ${line}`)
    .join('\n')
}

/** The README's table of the latest figures against their targets. */
export function markdownTable(results: BenchmarkResult[]): string {
  const lines = [
    '| benchmark | figure | value | unit | target | limit |',
    '| --- | --- | ---: | --- | --- | ---: |',
    ...results.flatMap((r) =>
      r.figures.map(
        (f) => `| ${r.name} | ${f.figure} | ${f.value} | ${f.unit} | ${formatTarget(f)} | ${f.limit ?? ''} |`,
      ),
    ),
  ]
  const runs = results.map((r) => `${r.name}: ${r.commit}, ${r.date.slice(0, 10)}, ${r.database}, scale ${r.scale}`)
  return [...lines, '', ...runs.map((run) => `- ${run}`)].join('\n')
}
