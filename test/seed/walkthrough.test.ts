import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { sql } from 'kysely'
import { documentStorageFor } from '../../src/platform/documents/documents.service.js'
import type { Role } from '../../src/platform/policy/roles.js'
import { seedDemo } from '../../src/seed/demo.js'
import { createTestApp, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { wordText } from '../support/word.js'

/**
 * What a new user walks through in the demo: each demo account's EHC pages render from the seeded data, and show the
 * cases the seed made for them.
 */
describe(`the demo's EHC walk-through (${testEngine})`, () => {
  let t: TestApp
  const ids = {} as Record<
    'aisha' | 'zain' | 'jordan' | 'aishaCase' | 'zainCase' | 'jordanCase' | 'zainRefusal',
    string
  >
  let meetings: { id: string; status: string }[]
  let consultation: string
  let dataDir: string

  before(async () => {
    // The seeded plans' files are written under the data directory: a fresh one, not the checkout's.
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-walkthrough-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    await seedDemo(t.database.db, { documents: documentStorageFor(t.config) })
    const db = t.database.db
    const child = async (forename: string, surname: string) =>
      (
        await db
          .selectFrom('child')
          .select('id')
          .where('legal_forename', '=', forename)
          .where('legal_surname', '=', surname)
          .executeTakeFirstOrThrow()
      ).id
    const latestCase = async (childId: string) =>
      (
        await db
          .selectFrom('ehc_case')
          .select('id')
          .where('child_id', '=', childId)
          .orderBy('request_received', 'desc')
          .executeTakeFirstOrThrow()
      ).id
    ids.aisha = await child('Aisha', 'Ahmed')
    ids.zain = await child('Zain', 'Ahmed')
    ids.jordan = await child('Jordan', 'Lee')
    ids.aishaCase = await latestCase(ids.aisha)
    ids.zainCase = await latestCase(ids.zain)
    ids.jordanCase = await latestCase(ids.jordan)
    ids.zainRefusal = (
      await db
        .selectFrom('ehc_letter')
        .innerJoin('ehc_case', 'ehc_case.id', 'ehc_letter.case_id')
        .select('ehc_letter.id')
        .where('ehc_case.child_id', '=', ids.zain)
        .where('ehc_letter.kind', '=', 'decision_not_to_assess')
        .executeTakeFirstOrThrow()
    ).id
    meetings = await db.selectFrom('panel_meeting').select(['id', 'status']).orderBy('meets_on').execute()
    const school = await db
      .selectFrom('user_scope')
      .innerJoin('app_user', 'app_user.id', 'user_scope.user_id')
      .select('user_scope.ref_id')
      .where('app_user.role', '=', 'senco')
      .where('app_user.is_demo', '=', true)
      .executeTakeFirstOrThrow()
    consultation = (
      await db
        .selectFrom('ehc_consultation')
        .select('id')
        .where('setting_id', '=', school.ref_id)
        .where('replied_on', 'is', null)
        .executeTakeFirstOrThrow()
    ).id
  })
  after(async () => {
    await t?.close()
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true })
  })

  const walk = async (role: Role, pages: [string, RegExp][]) => {
    const { agent } = await t.signInAs(role)
    for (const [path, shows] of pages) {
      const page = await agent.get(path)
      assert.equal(page.status, 200, `${role} ${path}`)
      assert.match(page.text, shows, `${role} ${path}`)
    }
  }

  it('the caseworker: her caseload, the demo family’s cases, the panels', () =>
    walk('caseworker', [
      ['/cases', /Aisha Ahmed/],
      // Named once, with the job after a comma: the page puts a contributor in brackets after their service.
      [`/cases/${ids.aishaCase}`, /Educational psychology \(Dr Rhys Morgan, educational psychologist\)/],
      [`/cases/${ids.zainCase}`, /Final plan issued/],
      [`/cases/${ids.jordanCase}`, /Draft plan issued/],
      ['/panels', /Panel/],
      [`/panels/${meetings.find((m) => m.status === 'held')!.id}`, /Panel meeting/],
      [`/panels/${meetings.find((m) => m.status === 'planned')!.id}`, /Panel meeting/],
    ]))

  it('the team manager: the dashboard and the unallocated cases', () =>
    walk('team_manager', [
      ['/dashboard', /20 weeks/],
      ['/cases?view=unallocated', /Unallocated/],
    ]))

  it('the parent: Aisha’s request under way, and Zain’s refusal letter with its appeal date', () =>
    walk('parent', [
      ['/your-requests', /Aisha/],
      [`/your-requests/${ids.aishaCase}`, /Educational psychology \(Dr Rhys Morgan, educational psychologist\)/],
      [`/letters/${ids.zainRefusal}`, /appeal/i],
    ]))

  it('the young person: his draft plan, to read', async () => {
    await walk('young_person', [[`/your-requests/${ids.jordanCase}`, /draft/i]])
    const { agent } = await t.signInAs('young_person')
    const page = await agent.get(`/your-requests/${ids.jordanCase}`).expect(200)
    const link = page.text.match(
      /<ul class="govuk-list" id="plans">[\s\S]*?href="(\/documents\/[0-9a-f-]+)"[^>]*>([^<]+)/,
    )
    assert.ok(link, 'the draft plan is listed for him to read')
    assert.match(link[2]!, /draft EHC plan/i)
    const plan = wordText((await agent.get(link[1]!).buffer(true).responseType('blob').expect(200)).body)
    assert.equal(plan[0], 'DRAFT Education, Health and Care plan')
    assert.ok(plan.some((p) => p.startsWith('Child or young person: Jordan Lee')))
    assert.match(plan[plan.indexOf('Section I: Placement') + 1]!, /^Left blank in the draft/)
  })

  it('every draft and final plan the demo issued has its file, named on its step', async () => {
    const steps = await t.database.db
      .selectFrom('ehc_case_event')
      .select(sql<string | null>`details->>'planDocumentId'`.as('document'))
      .where('kind', 'in', ['issue_draft', 'issue_final'])
      .execute()
    assert.ok(steps.length > 0)
    assert.deepEqual(
      steps.filter((s) => s.document === null),
      [],
    )
    const storage = documentStorageFor(t.config)
    const documents = await t.database.db
      .selectFrom('document')
      .select(['id', 'storage_key', 'size_bytes'])
      .where('kind', '=', 'plan')
      .execute()
    assert.equal(documents.length, steps.length)
    for (const d of documents.slice(0, 20)) assert.equal((await storage.get(d.storage_key))?.length, d.size_bytes)
  })

  it('the SENCO: her pupils’ requests and the consultation awaiting her reply', () =>
    walk('senco', [
      ['/setting-requests', /Aisha Ahmed/],
      [`/consultations/${consultation}`, /Reply due by|reply/i],
    ]))

  it('the educational psychologist and the panel member: what they were asked to do', async () => {
    await walk('advice_giver', [['/advice', /Aisha Ahmed/]])
    // The member's latest meeting held (last week's); the papers of the first (8 weeks ago) are closed to them.
    await walk('panel_member', [[`/panels/${meetings.findLast((m) => m.status === 'held')!.id}`, /Panel meeting/]])
    const { agent } = await t.signInAs('panel_member')
    await agent.get(`/panels/${meetings.find((m) => m.status === 'held')!.id}`).expect(403)
  })
})
