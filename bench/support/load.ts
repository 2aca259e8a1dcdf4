import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { percentile } from './percentile.js'

export interface Load {
  url: string
  /** Paths with their query strings, taken in turn by whichever connection sends next; without them, `url` alone. */
  paths?: readonly string[]
  headers?: Record<string, string>
  connections: number
  seconds: number
}

export interface LoadResult {
  requestsPerSecond: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
}

/**
 * A closed loop (each connection sends its next request when the last is answered) with autocannon.
 * Every latency is kept, so p95 is exact (autocannon itself reports p90 and p97.5). Any non-2xx or error fails the run.
 */
export function runLoad({ url, paths, headers, connections, seconds }: Load): Promise<LoadResult> {
  if (paths?.length === 0) throw new Error('No paths to load')
  // One counter shared by all connections, so the mix is the same whatever the number of connections.
  let next = 0
  const requests = paths
    ? [
        {
          method: 'GET' as const,
          setupRequest: (request: object) => ({ ...request, path: paths[next++ % paths.length] }),
        },
      ]
    : undefined
  return new Promise((resolve, reject) => {
    const latencies: number[] = []
    const started = performance.now()
    const options = {
      url: paths ? `${url}${paths[0]}` : url,
      headers,
      connections,
      pipelining: 1,
      duration: seconds,
      requests,
    }
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error)
      const elapsedSeconds = (performance.now() - started) / 1000
      if (result.non2xx || result.errors || result.timeouts) {
        const counts = `${result.non2xx} non-2xx answers, ${result.errors} errors, ${result.timeouts} timeouts`
        return reject(new Error(`Load on ${url} failed: ${counts}`))
      }
      latencies.sort((a, b) => a - b)
      resolve({
        requestsPerSecond: latencies.length / elapsedSeconds,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        p99Ms: percentile(latencies, 99),
      })
    })
    instance.on('response', (_client, statusCode, _bytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime)
    })
  })
}
