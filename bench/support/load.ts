import { performance } from 'node:perf_hooks'
import autocannon from 'autocannon'
import { percentile } from './percentile.js'

export interface Load {
  url: string
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
export function runLoad({ url, headers, connections, seconds }: Load): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = []
    const started = performance.now()
    const instance = autocannon({ url, headers, connections, pipelining: 1, duration: seconds }, (error, result) => {
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
