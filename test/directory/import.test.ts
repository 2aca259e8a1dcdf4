import assert from 'node:assert/strict'
import fs from 'node:fs'
import { after, before, beforeEach, describe, it } from 'node:test'
import { ImportInterrupted, type ImportProgress, importSettings } from '../../src/directory/import.service.js'
import type { AuditActor } from '../../src/platform/auth/users.service.js'
import { decodeWindows1252, readCsvRecords } from '../../src/platform/csv.js'
import type { Database } from '../../src/platform/db/database.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeAuthority } from './testAuthority.js'

const fixturePath = (name: string) => new URL(`fixtures/${name}`, import.meta.url)
const fixture = (name: string) => fs.readFileSync(fixturePath(name), 'utf8')

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = []
  for await (const item of items) all.push(item)
  return all
}

/** The text in chunks of a few bytes, as a slow stream delivers it, splitting rows and quoted fields anywhere. */
async function* trickle(text: string, size = 7): AsyncGenerator<string> {
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size)
}

describe('reading CSV records', () => {
  it('gives each record the line it starts on, through quotes, line breaks and a byte order mark', async () => {
    const records = await collect(
      readCsvRecords('\ufeffa,b\r\n1,"two, with comma"\r\n\r\n3,"four\nlines\nlong"\r\n5,"say ""hi"""\r\n'),
    )
    assert.deepEqual(records, [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'two, with comma'] },
      { line: 4, fields: ['3', 'four\nlines\nlong'] },
      { line: 7, fields: ['5', 'say "hi"'] },
    ])
  })

  it('reads a stream the same as a string', async () => {
    const text = fixture('gias-mixed.csv')
    assert.deepEqual(await collect(readCsvRecords(trickle(text))), await collect(readCsvRecords(text)))
  })

  it('reads a stray quote inside a field as written, as spreadsheets do', async () => {
    const records = await collect(readCsvRecords('a,b\n1,St "Bede"s\n'))
    assert.deepEqual(records[1], { line: 2, fields: ['1', 'St "Bede"s'] })
  })

  it('reports a quoted field that is never closed as unreadable, after the rows read before it', async () => {
    const records = await collect(readCsvRecords('a,b\n1,2\n3,"x\n4,5\n'))
    assert.deepEqual(records.slice(0, 2), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ])
    assert.equal(records.length, 3)
    assert.match((records[2] as { unreadable: string }).unreadable, /never closed/)
  })

  it('decodes Windows-1252, the encoding of GIAS downloads', () => {
    assert.equal(
      decodeWindows1252(Buffer.from([0x53, 0x74, 0x20, 0x42, 0x92, 0x73, 0x20, 0x96, 0x20, 0xe9, 0x80])),
      'St B’s – é€',
    )
  })
})

describe(`importing GIAS settings (${testEngine})`, () => {
  let database: Database
  let actor: AuditActor
  before(async () => {
    database = await createTestDatabase()
    actor = { authorityId: await makeAuthority(database.db), userId: null, label: 'test' }
  })
  after(() => database.close())
  beforeEach(async () => {
    await database.db.deleteFrom('setting').where('authority_id', '=', actor.authorityId).execute()
  })

  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('setting')
          .select(({ fn }) => fn.countAll().as('n'))
          .where('authority_id', '=', actor.authorityId)
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('saves in batches, reporting progress after each one', async () => {
    const progress: ImportProgress[] = []
    const report = await importSettings(database.db, actor, trickle(fixture('gias-settings.csv')), {
      batchSize: 3,
      onProgress: (p) => progress.push(p),
    })
    assert.equal(report.added.length, 8)
    assert.deepEqual(
      progress.map((p) => p.saved),
      [3, 6, 8],
    )
    assert.equal(progress.at(-1)?.rowsRead, 8)
  })

  it('keeps the batches saved before a failure, reports them, and audits the interrupted import', async () => {
    const lines = fixture('gias-settings.csv').split('\r\n')
    let twoBatchesSaved: () => void = () => {}
    const saved = new Promise<void>((resolve) => {
      twoBatchesSaved = resolve
    })
    // The source fails once two batches are saved, with the fifth row read and in the batch in hand.
    async function* failingAfterTwoBatches() {
      for (const line of lines.slice(0, 6)) yield `${line}\r\n`
      await saved
      throw new Error('the network share went away')
    }
    const error = await importSettings(database.db, actor, failingAfterTwoBatches(), {
      batchSize: 2,
      onProgress: (p) => p.saved === 4 && twoBatchesSaved(),
    }).catch((e) => e)
    assert.ok(error instanceof ImportInterrupted, String(error))
    assert.match(error.message, /the network share went away/)
    assert.equal(error.report.added.length, 4, 'two full batches were saved; the fifth row was in the batch in hand')
    assert.equal(await count(), 4)
    const audit = await database.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'settings.imported')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    assert.equal(audit.details.interrupted, true)
    assert.equal(audit.details.added, 4)

    const rerun = await importSettings(database.db, actor, fixture('gias-settings.csv'))
    assert.deepEqual([rerun.added.length, rerun.unchanged], [4, 4], 'importing again finishes the job')
  })

  it('lets two imports of the same file run at once without adding any setting twice', async () => {
    const text = fixture('gias-settings.csv')
    const [a, b] = await Promise.all([
      importSettings(database.db, actor, text, { batchSize: 2 }),
      importSettings(database.db, actor, text, { batchSize: 2 }),
    ])
    assert.equal(a.added.length + b.added.length, 8)
    assert.equal(a.unchanged + b.unchanged, 8)
    assert.equal(await count(), 8)
  })

  it('reads a Windows-1252 file decoded by the caller, keeping its curly apostrophe', async () => {
    const bytes = fs.readFileSync(fixturePath('gias-windows-1252.csv'))
    const report = await importSettings(database.db, actor, decodeWindows1252(bytes))
    assert.equal(report.added[0]?.name, 'St Bride’s Catholic Primary School')
  })

  it('refuses an empty file and one without the GIAS columns, saving nothing', async () => {
    await assert.rejects(importSettings(database.db, actor, ''), /problem/)
    await assert.rejects(
      importSettings(database.db, actor, trickle('URN,Name\n1,A\n')),
      (
        error: Error & {
          fieldErrors: { message: string }[]
        },
      ) => {
        assert.match(error.fieldErrors[0]!.message, /no EstablishmentName, TypeOfEstablishment \(name\)/)
        return true
      },
    )
    assert.equal(await count(), 0)
  })
})
