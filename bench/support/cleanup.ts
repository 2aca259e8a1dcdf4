import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'

type Cleanup = () => Promise<void> | void

/** What a benchmark leaves behind (servers, data dirs, databases), undone last-made first: a server stops before its data goes. */
const cleanups: Cleanup[] = []

export function deferCleanup(cleanup: Cleanup): void {
  cleanups.push(cleanup)
}

export async function runCleanups(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
    try {
      await cleanup()
    } catch (error) {
      console.error('Cleanup failed:', error)
    }
  }
}

/** A fresh directory under the system's temporary folder, removed at cleanup. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  deferCleanup(() => rm(dir, { recursive: true, force: true }))
  return dir
}
