import fs from 'node:fs'
import path from 'node:path'

/**
 * PGlite's data directory belongs to one process at a time: two writers would corrupt it.
 * The lock is a file created exclusively, naming its holder; a lock whose process has died is taken over.
 */
export interface DataDirLock {
  release(): void
}

interface Holder {
  pid: number
  command: string
  since: string
}

export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    super(
      `The database in ${dataDir} is in use by another process (pid ${holder.pid}: ${holder.command}, since ${holder.since}). ` +
        'Stop that process first, or use PostgreSQL (DATABASE_URL) to share one database between processes.',
    )
    this.name = 'DataDirLocked'
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readHolder(file: string): Holder | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Holder
  } catch {
    return undefined
  }
}

export function lockDataDir(dataDir: string, command = process.argv.slice(1).join(' ')): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true })
  const file = path.join(dataDir, 'ascend.lock')
  const me: Holder = { pid: process.pid, command: command || 'node', since: new Date().toISOString() }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        if (readHolder(file)?.pid === process.pid) fs.rmSync(file, { force: true })
      }
      process.once('exit', release)
      return { release }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = readHolder(file)
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataDirLocked(dataDir, holder)
      // The holder died without releasing it (or the file is half-written by a crash): take it over.
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock ${dataDir}`)
}
