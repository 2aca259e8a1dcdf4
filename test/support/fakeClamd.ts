import type { AddressInfo } from 'node:net'
import net from 'node:net'

/** The EICAR test string: every virus scanner reports it, and it harms nothing. */
export const eicar = 'X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'

export interface FakeClamd {
  url: string
  /** How many streams it has scanned. */
  scans(): number
  close(): Promise<void>
}

/**
 * A stand-in for ClamAV's daemon speaking its INSTREAM protocol: it reports the EICAR string as found, anything else
 * as OK, and `answer` (when given) instead of either, to act out a broken scanner.
 */
export async function startFakeClamd(options: { answer?: string } = {}): Promise<FakeClamd> {
  let scans = 0
  const server = net.createServer((socket) => {
    let buffer = Buffer.alloc(0)
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data])
      const command = 'zINSTREAM\0'
      if (buffer.length < command.length) return
      if (buffer.subarray(0, command.length).toString() !== command) return socket.end('UNKNOWN COMMAND\0')
      const chunks: Buffer[] = []
      let at = command.length
      while (at + 4 <= buffer.length) {
        const size = buffer.readUInt32BE(at)
        if (size === 0) {
          scans++
          const stream = Buffer.concat(chunks).toString('latin1')
          const reply = options.answer ?? (stream.includes(eicar) ? 'stream: Eicar-Test-Signature FOUND' : 'stream: OK')
          socket.end(`${reply}\0`)
          return
        }
        if (at + 4 + size > buffer.length) return
        chunks.push(buffer.subarray(at + 4, at + 4 + size))
        at += 4 + size
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `tcp://127.0.0.1:${port}`,
    scans: () => scans,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
      }),
  }
}
