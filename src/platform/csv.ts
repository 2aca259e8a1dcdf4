import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type CsvError, parse } from 'csv-parse'

/** CSV text: all of it, or a stream of text chunks (a file read as it goes). */
export type CsvInput = string | AsyncIterable<string>

/** One record of the file and the line it starts on, or a stretch the parser could not read and why. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; unreadable: string }

// A GIAS row is a few kilobytes; a record far larger means a quote was never closed and the rest of the file is in it.
const largestRecordChars = 1_000_000

function describe(error: CsvError | undefined): string {
  switch (error?.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
    case 'CSV_MAX_RECORD_SIZE':
      return 'A quoted field is never closed, so the file could not be read from the last row read to here'
    default:
      return error?.message ?? 'The row could not be read as CSV'
  }
}

/**
 * Reads CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF, a byte order mark) as
 * records with their line numbers. A malformed record does not stop the file: it comes out as `unreadable`, and
 * reading goes on with the next line the parser can make sense of.
 */
export async function* readCsvRecords(input: CsvInput): AsyncGenerator<CsvRecord> {
  const unreadable: CsvRecord[] = []
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: largestRecordChars,
    on_skip: (error) => {
      unreadable.push({ line: Number(error?.lines ?? 0), unreadable: describe(error) })
    },
  })
  const feeding =
    typeof input === 'string'
      ? Promise.resolve(parser.end(input))
      : pipeline(Readable.from(input, { objectMode: false }), parser)
  // A failure of the source also destroys the parser, so it surfaces in the loop below; this only keeps it handled.
  feeding.catch(() => {})
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // The parser counts the line a record ends on; a record with line breaks inside its quotes began earlier.
    const breaks = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0)
    const line = info.lines - breaks
    // Errors are heard as the parser reads ahead: each comes out in its place in the file.
    while (unreadable.length && unreadable[0]!.line < line) yield unreadable.shift()!
    yield { line, fields: record }
  }
  await feeding
  while (unreadable.length) yield unreadable.shift()!
}

/**
 * Windows-1252 text, the encoding of GIAS downloads. Node 20's TextDecoder('windows-1252') decodes bytes 0x80 to 0x9F
 * as ISO-8859-1 control characters, losing the curly apostrophes, quotes and dashes in establishment names, so those
 * 27 bytes are mapped here (WHATWG Encoding Standard, index windows-1252). A single-byte encoding: chunks decode alone.
 */
const windows1252High = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'

export function decodeWindows1252(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => windows1252High[c.charCodeAt(0) - 0x80] ?? c)
}
