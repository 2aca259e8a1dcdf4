import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import net from 'node:net'

/** A port free right now: the server reads PORT at start and cannot be asked which port it was given. */
export async function freePort(): Promise<number> {
  const server = net.createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}
