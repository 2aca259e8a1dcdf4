import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { childSearch, type SearchTerms, searchChildren } from '../../src/people/children.repository.js'
import type { Database } from '../../src/platform/db/database.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestDatabase, testEngine } from '../support/database.js'
import { makeChild } from '../support/factories.js'

/**
 * The indexes through which a plan reads the child table, each with the name range as its condition; a read of the table
 * by any other way (the whole table, or all an authority's children) fails.
 */
function childScans(plan: string): string[] {
  const lines = plan.split('\n')
  assert.ok(!lines.some((l) => /Seq Scan on child /.test(l)), plan)
  const scans: string[] = []
  lines.forEach((line, i) => {
    const index = /(?:Index Scan using (\w+) on child |Bitmap Index Scan on (child_(?!setting)\w+))/.exec(line)
    if (!index) return
    const condition = lines.slice(i + 1).find((l) => l.includes('Index Cond:')) ?? ''
    assert.match(condition, /lower\(legal_(sur|fore)name\) ~>=~ \$\d+\) AND \(lower\(legal_(sur|fore)name\) ~<~/, plan)
    scans.push(index[1] ?? index[2]!)
  })
  return [...new Set(scans)].sort()
}

describe(`the search for a child by name (${testEngine})`, () => {
  let database: Database
  let authorityId: string
  const everyone = () => ({ kind: 'authority' as const, authorityId })

  before(async () => {
    database = await createTestDatabase()
    ;({ authorityId } = await seedDemo(database.db, { accountsOnly: true }))
    const names = [
      ['Zainab', 'Hussain'],
      ['Zara', 'Hussey'],
      ['Hutton', 'Ali'],
      ['Zoë', 'Brown'],
      ['Zoe', 'Black'],
      ['Ann', 'Hus_ley'],
      ['Ann', 'Husk%in'],
      ['Sam', 'Zz\u{10FFFF}x'],
    ]
    for (const [legal_forename, legal_surname] of names)
      await makeChild(database.db, authorityId, { legal_forename, legal_surname, upn: null })
    // Enough children that the planner weighs its indexes as it would for an authority's thousands.
    await sql`
      insert into child (authority_id, legal_forename, legal_surname, date_of_birth, sex, home_postcode, primary_need)
      select ${authorityId}::uuid, 'Pupil', 'Roll' || n, date '2015-09-01' + n % 700, 'M', 'B1 1AA', 'SLCN'
      from generate_series(1, 3000) n`.execute(database.db)
    await sql`analyze child`.execute(database.db)
  })
  after(() => database.close())

  // Sorted here: the order of Hus_ley and Hussain is the database's collation's.
  const found = async (terms: SearchTerms) =>
    (await searchChildren(database.db, everyone(), terms, 51))
      .map((c) => `${c.legal_forename} ${c.legal_surname}`)
      .sort()

  it('finds the names that begin with what was typed, and only those', async () => {
    assert.deepEqual(await found({ names: ['hus'] }), ['Ann Hus_ley', 'Ann Husk%in', 'Zainab Hussain', 'Zara Hussey'])
    assert.deepEqual(await found({ names: ['hut'] }), ['Hutton Ali'])
    assert.deepEqual(await found({ names: ['zo'] }), ['Zoe Black', 'Zoë Brown'])
    assert.deepEqual(await found({ names: ['zoë'] }), ['Zoë Brown'])
    assert.deepEqual(await found({ names: ['zara', 'hus'] }), ['Zara Hussey'])
    assert.deepEqual(await found({ names: ['hus', 'zara'] }), ['Zara Hussey'])
  })

  it('takes % and _ as themselves, not as patterns', async () => {
    assert.deepEqual(await found({ names: ['hus_'] }), ['Ann Hus_ley'])
    assert.deepEqual(await found({ names: ['husk%'] }), ['Ann Husk%in'])
    assert.deepEqual(await found({ names: ['hu%'] }), [])
  })

  it('finds a name whose prefix ends in the last character there is', async () => {
    assert.deepEqual(await found({ names: ['zz\u{10FFFF}'] }), ['Sam Zz\u{10FFFF}x'])
  })

  /**
   * PostgreSQL keeps one generic plan for a prepared statement once it costs no more than planning each call
   * (src/platform/db/preparedStatements.ts). A prefix sent as a `like` parameter reaches no index in that plan, and the
   * search then read every child of the authority (at England scale the caseworker search fell from 540 to 154 answers a
   * second). The prefix is also sent as the range of names it begins, which the name indexes answer in any plan.
   */
  it('reaches the name indexes in the plan PostgreSQL keeps for a prepared search', async () => {
    for (const names of [['col'], ['zara', 'hus']]) {
      const query = childSearch(database.db, everyone(), { names }, 51).compile()
      const literal = (v: unknown) => (typeof v === 'number' ? String(v) : `'${String(v).replaceAll("'", "''")}'`)
      const plan = await database.db.transaction().execute(async (trx) => {
        await sql`set local plan_cache_mode = force_generic_plan`.execute(trx)
        await sql.raw(`prepare child_search as ${query.sql}`).execute(trx)
        const { rows } = await sql
          .raw<{ 'QUERY PLAN': string }>(`explain execute child_search(${query.parameters.map(literal).join(', ')})`)
          .execute(trx)
        await sql`deallocate child_search`.execute(trx)
        return rows.map((r) => r['QUERY PLAN']).join('\n')
      })
      const scans = childScans(plan)
      if (names.length === 1) assert.deepEqual(scans, ['child_forename_idx', 'child_surname_idx'], plan)
      else assert.ok(scans.length, plan)
    }
  })
})
