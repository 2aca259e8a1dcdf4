import http from 'node:http'
import pg from 'pg'
import { rawSearch } from './searchSql.js'

/**
 * The limit for the search benchmark (spawned by search.bench.ts): a bare node:http server running the search as raw
 * SQL through pg against the same database, answering JSON. No session, policy, validation or audit entry.
 */
const authorityId = process.env.AUTHORITY_ID!
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 })

http
  .createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end('{"status":"ok"}')
      return
    }
    const { text, values } = rawSearch(authorityId, url.searchParams.get('q') ?? '')
    pool.query(text, values).then(
      ({ rows }) => {
        const body = JSON.stringify({ more: rows.length > 50, children: rows.slice(0, 50) })
        response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
        response.end(body)
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' })
        response.end(String(error))
      },
    )
  })
  .listen(Number(process.env.PORT))

process.on('SIGTERM', () => {
  void pool.end().finally(() => process.exit(0))
})
