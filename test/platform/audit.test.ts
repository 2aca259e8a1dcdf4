import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { appendAuditEntry } from '../../src/platform/audit/audit.repository.js'
import { verifyAuditLog } from '../../src/platform/audit/audit.service.js'
import { hashEntry } from '../../src/platform/audit/chain.js'
import { auditRead } from '../../src/platform/audit/readAudit.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'

describe(`the audit log in the database (${testEngine})`, () => {
  let t: TestApp
  before(async () => {
    t = await createTestApp()
  })
  after(() => t.close())

  const append = (action: string, details: Record<string, unknown> = {}) =>
    t.database.db.transaction().execute((trx) =>
      appendAuditEntry(trx, {
        authorityId: t.authorityId,
        actorUserId: null,
        actorLabel: 'test',
        action,
        details,
        reason: 'testing',
      }),
    )

  /** A statement run as a superuser bypassing the log's triggers could: verification must still catch what it does. */
  const asSuperuser = (statement: ReturnType<typeof sql>) =>
    t.database.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn)
      try {
        await statement.execute(conn)
      } finally {
        await sql`set session_replication_role = origin`.execute(conn)
      }
    })

  it('chains entries and verifies them', async () => {
    await append('one', { z: 1, a: { c: [1, 2], b: 'x' } })
    await append('two')
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, true)
    assert.ok(verdict?.verdict.checked && verdict.verdict.checked >= 2)
  })

  it('hashes in the database exactly as the verifier does, whatever the characters', async () => {
    const { prevHash, hash, ...content } = await append('Zoë’s record — read 🙂', {
      note: 'line\nbreak "quoted" \\ \t',
    })
    assert.equal(hash, hashEntry(prevHash, content))
  })

  it('appends on its own, outside a transaction, and keeps the chain unbroken under concurrent readers', async () => {
    const entries = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        appendAuditEntry(t.database.db, {
          authorityId: t.authorityId,
          actorUserId: null,
          actorLabel: 'test',
          action: `read-${i}`,
        }),
      ),
    )
    assert.equal(new Set(entries.map((e) => `${e.chain}:${e.seq}`)).size, 20)
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, true, JSON.stringify(verdict))
  })

  describe('reads audited together (readAudit.ts)', () => {
    const read = (action: string, authorityId = t.authorityId) =>
      auditRead(t.database.db, {
        authorityId,
        actorUserId: null,
        actorLabel: 'test',
        action,
        reason: 'Zoë’s "page" \\ 🙂',
        details: { view: 'mine', ids: ['b', 'a'], nested: { z: null, a: [1, 'two'] } },
      })

    it('appends every read, those arriving together in one statement, and the chains verify', async () => {
      const entries = await Promise.all(Array.from({ length: 30 }, (_, i) => read(`read-together-${i}`)))
      assert.equal(new Set(entries.map((e) => `${e.chain}:${e.seq}`)).size, 30)
      // The first went alone; the rest arrived while it was being appended, so went together: one chain, in turn.
      const together = entries.slice(1)
      assert.deepEqual([...new Set(together.map((e) => e.chain))], [together[0]!.chain])
      assert.deepEqual(
        together.map((e) => e.seq),
        together.map((_, i) => together[0]!.seq + i),
      )
      for (const { prevHash, hash, ...content } of entries) assert.equal(hash, hashEntry(prevHash, content))
      const stored = await t.database.db
        .selectFrom('audit_log')
        .select(['action', 'details', 'reason', 'seq', 'chain'])
        .where('action', 'like', 'read-together-%')
        .execute()
      assert.equal(stored.length, 30)
      const fifth = stored.find((s) => s.action === 'read-together-4')
      assert.deepEqual(fifth?.details, { view: 'mine', ids: ['b', 'a'], nested: { z: null, a: [1, 'two'] } })
      assert.equal(fifth?.reason, 'Zoë’s "page" \\ 🙂')
      assert.equal(`${fifth?.chain}:${fifth?.seq}`, `${entries[4]?.chain}:${entries[4]?.seq}`)
      const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
      assert.equal(verdict?.verdict.ok, true, JSON.stringify(verdict))
    })

    it('fails every read of a batch that cannot be appended, shows none of them, and appends the next', async () => {
      const first = read('read-before-failure')
      // These two arrive while the first is being appended, so go together; no such authority: the batch fails.
      const failing = read('read-failing', '00000000-0000-4000-8000-000000000000')
      const alongside = read('read-alongside-failure')
      await first
      await assert.rejects(failing)
      await assert.rejects(alongside)
      await read('read-after-failure')
      const actions = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('action', 'in', ['read-before-failure', 'read-failing', 'read-alongside-failure', 'read-after-failure'])
        .execute()
      assert.deepEqual(actions.map((a) => a.action).sort(), ['read-after-failure', 'read-before-failure'])
    })
  })

  it('appends without reading the log, so an append costs the same however long the log has grown', async () => {
    // Reading the chain's head out of audit_log was planned once per connection: planned while the log was short (a
    // new authority), it went on scanning the whole log, under the chain's lock, as the log grew.
    await t.database.db.transaction().execute(async (trx) => {
      // This transaction's reads of the log so far; the count may start with reads not yet reported from before it.
      const readsOfLog = async () => {
        const { rows } = await sql<{ reads: string }>`
          select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) as reads
          from pg_stat_xact_user_tables where relname = 'audit_log'`.execute(trx)
        return Number(rows[0]?.reads ?? 0)
      }
      await sql`analyze audit_log`.execute(trx)
      const before = await readsOfLog()
      for (let i = 0; i < 12; i++) {
        await appendAuditEntry(trx, { authorityId: t.authorityId, actorUserId: null, actorLabel: 'test', action: 'x' })
      }
      assert.equal((await readsOfLog()) - before, 0)
    })
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, true, JSON.stringify(verdict))
  })

  it('refuses updates, deletes and truncation through the database', async () => {
    await assert.rejects(sql`update audit_log set action = 'forged'`.execute(t.database.db), /append-only/)
    await assert.rejects(sql`delete from audit_log`.execute(t.database.db), /append-only/)
    await assert.rejects(sql`truncate audit_log`.execute(t.database.db), /append-only/)
  })

  it('rolls the entry back with the change when the transaction fails', async () => {
    const before = await t.database.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    await assert.rejects(
      t.database.db.transaction().execute(async (trx) => {
        await appendAuditEntry(trx, {
          authorityId: t.authorityId,
          actorUserId: null,
          actorLabel: 'test',
          action: 'doomed',
        })
        throw new Error('the change failed')
      }),
    )
    const after = await t.database.db
      .selectFrom('audit_log')
      .select(({ fn }) => fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    assert.equal(String(after.n), String(before.n))
  })

  it('keeps one unbroken chain when many writers append at once', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => append(`concurrent-${i}`)))
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, true, JSON.stringify(verdict))
  })

  it('reports entries removed from the end of a chain, whose links before them are all intact', async () => {
    const last = await append('the last word')
    const where = sql`authority_id = ${t.authorityId} and chain = ${last.chain} and seq = ${last.seq}`
    const [row] = (await sql<Record<string, unknown>>`select * from audit_log where ${where}`.execute(t.database.db))
      .rows
    await asSuperuser(sql`delete from audit_log where ${where}`)
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, false)
    assert.equal(!verdict?.verdict.ok && verdict?.verdict.chain, last.chain)
    assert.equal(!verdict?.verdict.ok && verdict?.verdict.brokenAt, last.seq)
    assert.match(!verdict?.verdict.ok ? verdict!.verdict.problem : '', /missing/)
    // Put back, so that the chain is whole for the next check.
    const { id: _id, ...entry } = row!
    await t.database.db
      .insertInto('audit_log')
      .values(entry as never)
      .execute()
    const [restored] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(restored?.verdict.ok, true, JSON.stringify(restored))
  })

  it('reports the first broken link when someone with database access alters an entry', async () => {
    const target = await t.database.db
      .selectFrom('audit_log')
      .select(['seq', 'chain'])
      .where('action', '=', 'two')
      .executeTakeFirstOrThrow()
    await asSuperuser(
      sql`update audit_log set reason = 'tampered' where seq = ${target.seq} and chain = ${target.chain} and authority_id = ${t.authorityId}`,
    )
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, false)
    assert.equal(!verdict?.verdict.ok && verdict?.verdict.brokenAt, Number(target.seq))
    assert.equal(!verdict?.verdict.ok && verdict?.verdict.chain, target.chain)
  })
})
