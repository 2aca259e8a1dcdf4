import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import type { LoadResult } from './load.js'
import { percentile } from './percentile.js'

export interface MixedLoad {
  /** The server, e.g. http://127.0.0.1:1234 */
  baseUrl: string
  /** Paths with their query strings, taken in turn by whichever connection sends next. */
  paths: readonly string[]
  headers?: Record<string, string>
  connections: number
  seconds: number
}

/**
 * runLoad (load.ts) over a rotation of paths: the same closed loop, every latency kept, any non-2xx or error fails
 * the run. One counter is shared by all connections, so the mix is the same whatever the number of connections.
 */
export function runMixedLoad({ baseUrl, paths, headers, connections, seconds }: MixedLoad): Promise<LoadResult> {
  if (paths.length === 0) throw new Error('No paths to load')
  let next = 0
  return new Promise((resolve, reject) => {
    const latencies: number[] = []
    const started = performance.now()
    const instance = autocannon(
      {
        url: `${baseUrl}${paths[0]}`,
        headers,
        connections,
        pipelining: 1,
        duration: seconds,
        requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
      },
      (error, result) => {
        if (error) return reject(error)
        const elapsedSeconds = (performance.now() - started) / 1000
        if (result.non2xx || result.errors || result.timeouts) {
          const counts = `${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`
          return reject(new Error(`Load on ${baseUrl} failed: ${counts}`))
        }
        latencies.sort((a, b) => a - b)
        resolve({
          requestsPerSecond: latencies.length / elapsedSeconds,
          p50Ms: percentile(latencies, 50),
          p95Ms: percentile(latencies, 95),
          p99Ms: percentile(latencies, 99),
        })
      },
    )
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  })
}
