import fs from 'node:fs'
import http from 'node:http'

/** The simplest code that does the same work: answer every request with fixed bytes (spawned by servers.ts). */
const body = process.env.BODY_FILE ? fs.readFileSync(process.env.BODY_FILE) : Buffer.from('{"status":"ok"}')
const headers = {
  'content-type': process.env.CONTENT_TYPE ?? 'application/json; charset=utf-8',
  'content-length': body.length,
}

http
  .createServer((_request, response) => {
    response.writeHead(200, headers)
    response.end(body)
  })
  .listen(Number(process.env.PORT))

process.on('SIGTERM', () => process.exit(0))
