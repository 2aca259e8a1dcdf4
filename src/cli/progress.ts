import cliProgress from 'cli-progress'

/** A progress bar on an interactive terminal; occasional plain lines otherwise (CI logs, pipes). */
export function progressBar(label: string, total: number) {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | {eta}s left`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    )
    bar.start(total, 0)
    return { update: (n: number) => bar.update(n), stop: () => bar.stop() }
  }
  let lastShown = 0
  return {
    update(n: number) {
      if (n - lastShown >= Math.max(1, total / 10) || n === total) {
        lastShown = n
        process.stderr.write(`${label}: ${n}/${total}\n`)
      }
    },
    stop() {},
  }
}
