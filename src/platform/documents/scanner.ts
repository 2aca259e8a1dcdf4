import net from 'node:net'

/** What a virus scan found. `not_scanned` is an honest answer from a deployment without a scanner. */
export type ScanResult = { status: 'clean' } | { status: 'infected'; signature: string } | { status: 'not_scanned' }

/** The hook point every upload passes through before anything is stored. */
export interface VirusScanner {
  scan(bytes: Uint8Array): Promise<ScanResult>
}

/** The default: no scanner configured, so documents are stored marked `not_scanned` (and say so). */
export const noVirusScanner: VirusScanner = {
  scan: async () => ({ status: 'not_scanned' }),
}

/** The scanner could not give an answer: the upload is refused rather than stored unchecked. */
export class ScannerUnavailable extends Error {}

const chunkBytes = 64 * 1024

/**
 * ClamAV's daemon (clamd) over TCP with its INSTREAM command: the bytes go in length-prefixed chunks ending with a
 * zero length, and clamd answers `stream: OK` or `stream: <signature> FOUND`. Configured by CLAMAV_URL
 * (e.g. tcp://clamav:3310). clamd's StreamMaxLength must be at least the upload limit.
 */
export function clamdScanner(options: { host: string; port: number; timeoutMs?: number }): VirusScanner {
  return {
    scan: (bytes) =>
      new Promise<ScanResult>((resolve, reject) => {
        const socket = net.createConnection({ host: options.host, port: options.port })
        const replies: Buffer[] = []
        socket.setTimeout(options.timeoutMs ?? 30_000, () =>
          socket.destroy(new ScannerUnavailable('The virus scanner did not answer in time')),
        )
        socket.on('error', (error) =>
          reject(error instanceof ScannerUnavailable ? error : new ScannerUnavailable(error.message)),
        )
        socket.on('data', (data) => replies.push(data))
        socket.on('end', () => {
          const reply = Buffer.concat(replies).toString('utf8').replace(/\0/g, '').trim()
          const found = reply.match(/^stream: (.+) FOUND$/)
          if (reply === 'stream: OK') resolve({ status: 'clean' })
          else if (found?.[1]) resolve({ status: 'infected', signature: found[1] })
          else reject(new ScannerUnavailable(`The virus scanner answered: ${reply || 'nothing'}`))
        })
        socket.on('connect', () => {
          socket.write('zINSTREAM\0')
          for (let at = 0; at < bytes.length; at += chunkBytes) {
            const chunk = bytes.subarray(at, at + chunkBytes)
            const size = Buffer.alloc(4)
            size.writeUInt32BE(chunk.length)
            socket.write(size)
            socket.write(chunk)
          }
          // The zero-length chunk ends the stream; clamd answers and closes the connection.
          socket.write(Buffer.alloc(4))
        })
      }),
  }
}

/** The scanner a deployment's configuration asks for: clamd at CLAMAV_URL, or none. */
export function virusScannerFor(clamavUrl: string | undefined): VirusScanner {
  if (!clamavUrl) return noVirusScanner
  const url = new URL(clamavUrl)
  return clamdScanner({ host: url.hostname, port: Number(url.port || 3310) })
}
