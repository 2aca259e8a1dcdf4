import fs from 'node:fs'
import { type Command, InvalidArgumentError } from 'commander'
import { findAuthority, withDatabase } from '../cli/context.js'
import { progressBar } from '../cli/progress.js'
import { decodeWindows1252 } from '../platform/csv.js'
import { AppError } from '../platform/errors.js'
import type { Actor } from '../platform/policy/policy.js'
import { type ImportReport, importSettings } from './import.service.js'
import { isProvision, type Provision, provisionNames, provisions } from './provision.js'
import { largestPageSize } from './schemas.js'
import { findSettings } from './settings.service.js'

type Encoding = 'utf-8' | 'windows-1252'

/**
 * GIAS publishes its downloads in Windows-1252; a file saved again from a spreadsheet is often UTF-8. One pass over
 * the file tells which (it is UTF-8 only if every byte sequence is) and counts its lines for the progress bar.
 */
async function inspectFile(file: string): Promise<{ encoding: Encoding; lines: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let utf8 = true
  let lines = 0
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++
    if (utf8) {
      try {
        decoder.decode(chunk, { stream: true })
      } catch {
        utf8 = false
      }
    }
  }
  return { encoding: utf8 ? 'utf-8' : 'windows-1252', lines }
}

async function* readText(file: string, encoding: Encoding): AsyncGenerator<string> {
  const utf8 = new TextDecoder('utf-8')
  for await (const chunk of fs.createReadStream(file) as AsyncIterable<Buffer>) {
    yield encoding === 'utf-8' ? utf8.decode(chunk, { stream: true }) : decodeWindows1252(chunk)
  }
  const rest = utf8.decode()
  if (rest) yield rest
}

/** The operator at the command line acts with an administrator's rights in the authority they name. */
const operator = (authorityId: string): Actor => ({
  userId: undefined,
  authorityId,
  role: 'administrator',
  settingIds: [],
  teamIds: [],
})

/** Long lists of added and changed settings are cut short; refused rows are always listed in full, to be fixed. */
const listedAtMost = 50

function printReport(report: ImportReport) {
  const { rowsRead, added, changed, unchanged, rejected } = report
  console.log(
    `${rowsRead} ${rowsRead === 1 ? 'row' : 'rows'} read: ${added.length} added, ${changed.length} changed, ${unchanged} unchanged, ${rejected.length} rejected`,
  )
  if (added.length === 0 && changed.length === 0) console.log('Nothing changed: the directory already matches the file')
  const list = <T>(title: string, rows: T[], line: (row: T) => string, limit = Number.POSITIVE_INFINITY) => {
    if (rows.length === 0) return
    console.log(`\n${title}:`)
    for (const row of rows.slice(0, limit)) console.log(`  ${line(row)}`)
    if (rows.length > limit) console.log(`  … and ${rows.length - limit} more`)
  }
  list('Rejected', rejected, (r) => {
    const who = [r.urn ? `URN ${r.urn}` : undefined, r.name ?? undefined].filter(Boolean).join(' ')
    return `line ${r.line}${who ? ` (${who})` : ''}: ${r.reasons.map((p) => p.message).join('; ')}`
  })
  list('Changed', changed, (c) => `line ${c.line}: URN ${c.urn} ${c.name}: ${c.fields.join(', ')}`, listedAtMost)
  list('Added', added, (a) => `line ${a.line}: URN ${a.urn} ${a.name}`, listedAtMost)
}

const parseProvision = (value: string): Provision => {
  if (!isProvision(value)) throw new InvalidArgumentError(`must be one of: ${provisions.join(', ')}`)
  return value
}

/** `ascend settings …`: the directory of settings from the command line. */
export function registerDirectoryCommands(program: Command) {
  const settings = program.command('settings').description('the directory of settings (schools, colleges, providers)')

  settings
    .command('import')
    .description('import a GIAS establishment CSV (edubasealldata) into an authority’s directory')
    .argument('<file>', 'the CSV file as downloaded from GIAS (Windows-1252) or saved again as UTF-8')
    .option('--authority <code>', 'DfE local authority number, e.g. 330')
    .addHelpText(
      'after',
      `
Adds settings with new URNs, updates those whose details changed, leaves the rest alone,
and lists every rejected row with its line number and reasons. Importing the same file
again changes nothing. Rows are saved in batches of 500, one transaction each.

Exit status:
  0  the file was read, even if some rows were rejected (they are listed)
  1  nothing could be read (no such file, not a GIAS CSV), or the import was interrupted
     (rows saved before the interruption are reported and stay saved)`,
    )
    .action(async (file: string, options: { authority?: string }) => {
      const stat = fs.statSync(file, { throwIfNoEntry: false })
      if (!stat?.isFile()) throw new AppError(404, 'Not found', `No such file: ${file}`)
      const { encoding, lines } = await inspectFile(file)
      await withDatabase(async (database) => {
        const authority = await findAuthority(database, options.authority)
        const bar = progressBar('Importing', Math.max(1, lines - 1))
        try {
          const report = await importSettings(
            database.db,
            { authorityId: authority.id, userId: null, label: 'cli' },
            readText(file, encoding),
            { onProgress: ({ rowsRead }) => bar.update(Math.min(rowsRead, Math.max(1, lines - 1))) },
          )
          bar.stop()
          console.log(`Imported ${file} into the directory of authority ${authority.code}`)
          printReport(report)
        } catch (error) {
          bar.stop()
          // An Invalid file names its fault in its field errors: say that, not the generic message.
          if (error instanceof AppError && error.fieldErrors.length)
            throw new AppError(error.status, error.title, error.fieldErrors.map((e) => e.message).join('; '))
          throw error
        }
      })
    })

  settings
    .command('list')
    .description('list the settings in an authority’s directory (open ones, by name)')
    .option('--provision <provision>', `one of: ${provisions.join(', ')}`, parseProvision)
    .option('--authority <code>', 'DfE local authority number, e.g. 330')
    .action(async (options: { provision?: Provision; authority?: string }) => {
      await withDatabase(async (database) => {
        const authority = await findAuthority(database, options.authority)
        let total = 0
        for (let page = 1; ; page++) {
          const list = await findSettings(database.db, operator(authority.id), {
            provision: options.provision,
            includeClosed: false,
            page,
            pageSize: largestPageSize,
          })
          total = list.total
          for (const s of list.settings) {
            console.log([s.urn ?? '', s.name, provisionNames[s.provision], s.phase ?? '', s.locality ?? ''].join('\t'))
          }
          if (page * list.pageSize >= list.total) break
        }
        console.log(`${total} ${total === 1 ? 'setting' : 'settings'}`)
      })
    })
}
