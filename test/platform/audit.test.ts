import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { appendAuditEntry } from '../../src/platform/audit/audit.repository.js'
import { verifyAuditLog } from '../../src/platform/audit/audit.service.js'
import { hashEntry } from '../../src/platform/audit/chain.js'
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

  it('reports the first broken link when someone with database access alters an entry', async () => {
    const target = await t.database.db
      .selectFrom('audit_log')
      .select(['seq', 'chain'])
      .where('action', '=', 'two')
      .executeTakeFirstOrThrow()
    // Only a superuser bypassing the triggers can do this; verification must still catch it.
    await t.database.db.connection().execute(async (conn) => {
      await sql`set session_replication_role = replica`.execute(conn)
      await sql`update audit_log set reason = 'tampered' where seq = ${target.seq} and chain = ${target.chain} and authority_id = ${t.authorityId}`.execute(
        conn,
      )
      await sql`set session_replication_role = origin`.execute(conn)
    })
    const [verdict] = await verifyAuditLog(t.database.db, { authorityId: t.authorityId })
    assert.equal(verdict?.verdict.ok, false)
    assert.equal(!verdict?.verdict.ok && verdict?.verdict.brokenAt, Number(target.seq))
    assert.equal(!verdict?.verdict.ok && verdict?.verdict.chain, target.chain)
  })
})
