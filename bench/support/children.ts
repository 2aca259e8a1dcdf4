import { type ChildProcess, spawn } from 'node:child_process'
import http from 'node:http'
import { performance } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { deferCleanup } from './cleanup.js'
import { repoRoot } from './paths.js'

const running = new Set<ChildProcess>()
// The last resort if the runner dies before its cleanups: no server outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/** A server in its own process, so that the load generator does not share its event loop. */
export interface ChildServer {
  url: string
  /** performance.now() just before the spawn. */
  spawnedAt: number
  hasExited(): boolean
  /** The last few kilobytes it printed, for error messages. */
  output(): string
  /** SIGTERM (the app closes its database), then SIGKILL after 10 s. */
  stop(): Promise<void>
}

export function spawnServer(script: string, env: NodeJS.ProcessEnv, port: number): ChildServer {
  const spawnedAt = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let output = ''
  const keep = (chunk: Buffer | string) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let exited = false
  const exit = new Promise<void>((resolve) => {
    const done = () => {
      exited = true
      running.delete(child)
      resolve()
    }
    child.once('exit', done)
    child.once('error', (error) => {
      keep(String(error))
      done()
    })
  })
  const server: ChildServer = {
    url: `http://127.0.0.1:${port}`,
    spawnedAt,
    hasExited: () => exited,
    output: () => output,
    async stop() {
      if (exited) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await exit
      clearTimeout(timer)
    },
  }
  deferCleanup(() => server.stop())
  return server
}

/** Polls /health until it answers 200; returns the milliseconds from spawn to that answer. */
export async function waitForHealth(server: ChildServer, timeoutMs = 60_000): Promise<number> {
  const deadline = performance.now() + timeoutMs
  while (performance.now() < deadline) {
    if (server.hasExited()) throw new Error(`${server.url} exited before answering /health:\n${server.output()}`)
    const answeredAt = await healthy(`${server.url}/health`)
    if (answeredAt !== undefined) return answeredAt - server.spawnedAt
    await sleep(20)
  }
  throw new Error(`${server.url}/health did not answer 200 within ${timeoutMs / 1000} s:\n${server.output()}`)
}

/** The time a 200 arrived, or undefined (refused, another status, or no answer within 2 s). */
function healthy(url: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = http.get(url, { agent: false, timeout: 2000 }, (response) => {
      const at = performance.now()
      response.resume()
      resolve(response.statusCode === 200 ? at : undefined)
    })
    request.on('error', () => resolve(undefined))
    request.on('timeout', () => request.destroy())
  })
}
