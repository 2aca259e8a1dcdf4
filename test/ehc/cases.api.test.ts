import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import {
  draftAnswered,
  linkParent,
  makeCase,
  makeChild,
  makeConsultation,
  makeSetting,
  makeTeam,
  putInTeam,
} from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)

describe(`EHC case API (${testEngine})`, () => {
  let t: TestApp
  const as: Record<string, SignedInAgent> = {}
  let north: string
  let south: string
  let parentsChild: string

  async function newCase(overrides: Record<string, unknown> = {}, childId?: string) {
    const child = childId ?? (await makeChild(t.database.db, t.authorityId)).id
    return makeCase(t.database.db, t.authorityId, child, {
      team_id: north,
      caseworker_user_id: as.caseworker!.userId,
      request_received: daysAgo(20),
      ...overrides,
    })
  }

  const get = (who: SignedInAgent, path: string) => who.agent.get(`/api/v1${path}`)
  const post = (who: SignedInAgent, path: string, body: unknown) =>
    who.agent
      .post(`/api/v1${path}`)
      .set('x-csrf-token', who.csrf)
      .send(body as object)
  const caseRow = (id: string) =>
    t.database.db.selectFrom('ehc_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

  let dataDir = ''

  before(async () => {
    // The plans issued through the API are kept as documents: in a folder of this test's own.
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-cases-api-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    for (const role of ['caseworker', 'team_manager', 'parent', 'senco', 'advice_giver', 'finance_officer']) {
      as[role] = await t.signInAs(role as never)
    }
    const db = t.database.db
    north = (await makeTeam(db, t.authorityId, { name: 'North' })).id
    south = (await makeTeam(db, t.authorityId, { name: 'South' })).id
    await putInTeam(db, t.authorityId, as.caseworker!.userId, north)
    await putInTeam(db, t.authorityId, as.team_manager!.userId, north)
    parentsChild = (await makeChild(db, t.authorityId, { legal_forename: 'Leo', legal_surname: 'Parentson' })).id
    await linkParent(db, t.authorityId, parentsChild, as.parent!.userId)
  })
  after(async () => {
    await t?.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  describe('GET /api/v1/ehc/cases', () => {
    let overdue: string
    let onTrack: string
    before(async () => {
      onTrack = (await newCase({ request_received: daysAgo(3) })).id
      overdue = (await newCase({ request_received: daysAgo(45) })).id
      await newCase({ team_id: south, caseworker_user_id: null })
    })

    it('answers my caseload most urgent first, with status, risk, next due and counts', async () => {
      const res = await get(as.caseworker!, '/ehc/cases').expect(200)
      assert.equal(res.body.view, 'mine')
      const ids = res.body.cases.map((c: { id: string }) => c.id)
      assert.ok(ids.indexOf(overdue) < ids.indexOf(onTrack))
      const row = res.body.cases.find((c: { id: string }) => c.id === overdue)
      assert.equal(row.risk, 'overdue')
      assert.equal(row.status, 'received')
      assert.equal(row.statusName, 'Request received')
      assert.equal(row.weekNow, 6)
      assert.deepEqual(row.nextDue, {
        step: 'decisionToAssess',
        label: 'Decision whether to assess',
        due: addDays(daysAgo(45), 42),
      })
      assert.equal(row.caseworker.id, as.caseworker!.userId)
      assert.ok(res.body.riskCounts.overdue >= 1)
      const filtered = await get(as.caseworker!, '/ehc/cases?risk=overdue').expect(200)
      assert.ok(filtered.body.cases.every((c: { risk: string }) => c.risk === 'overdue'))
    })

    it('answers 400 naming the filter at fault', async () => {
      const res = await get(as.caseworker!, '/ehc/cases?status=lost&receivedFrom=2026-02-30').expect(400)
      const fields = res.body.errors.map((e: { field: string }) => e.field).sort()
      assert.deepEqual(fields, ['receivedFrom', 'status'])
    })

    it('is refused to roles without caseloads, and the unallocated view to caseworkers', async () => {
      for (const role of ['parent', 'senco', 'advice_giver', 'finance_officer']) {
        const res = await get(as[role]!, '/ehc/cases').expect(403)
        assert.equal(res.body.status, 403)
      }
      await get(as.caseworker!, '/ehc/cases?view=unallocated').expect(403)
      const managers = await get(as.team_manager!, '/ehc/cases?view=unallocated').expect(200)
      assert.ok(managers.body.cases.every((c: { caseworker: unknown }) => c.caseworker === null))
    })
  })

  describe('GET /api/v1/ehc/cases/:id and its events', () => {
    it('answers the case with every due date and step, and audits the read', async () => {
      const c = await newCase({
        request_received: daysAgo(50),
        status: 'considering',
        family_views_invited_on: daysAgo(40),
      })
      const res = await get(as.caseworker!, `/ehc/cases/${c.id}`).expect(200)
      assert.equal(res.body.reference, c.reference)
      assert.equal(res.body.deadlines.decisionToAssess, addDays(daysAgo(50), 42))
      assert.equal(res.body.deadlines.finalPlan, addDays(daysAgo(50), 140))
      const decision = res.body.steps.find((s: { step: string }) => s.step === 'decisionToAssess')
      assert.deepEqual(
        [decision.status, decision.statutory, decision.source],
        ['overdue', true, 'SEND Regs 2014 reg 5(1)'],
      )
      assert.equal(res.body.risk, 'overdue')
      assert.ok(res.body.reasons[0].startsWith('Decision whether to assess is late'))
      const audit = await t.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('record_id', '=', c.id)
        .where('action', '=', 'ehc_case.read')
        .execute()
      assert.equal(audit.length, 1)
    })

    it('refuses a case to those who may not read it: 404 for families, 403 for staff', async () => {
      const c = await newCase()
      await get(as.parent!, `/ehc/cases/${c.id}`).expect(404)
      await get(as.senco!, `/ehc/cases/${c.id}`).expect(403)
      await get(as.advice_giver!, `/ehc/cases/${c.id}`).expect(403)
      await get(as.finance_officer!, `/ehc/cases/${c.id}/events`).expect(403)
      await get(as.caseworker!, '/ehc/cases/00000000-0000-4000-8000-000000000000').expect(404)
      const bad = await get(as.caseworker!, '/ehc/cases/not-an-id').expect(400)
      assert.equal(bad.body.errors[0].field, 'id')
    })

    it('answers the timeline newest first; a parent sees the changes of status only', async () => {
      const c = await newCase({}, parentsChild)
      await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'invite_views',
        on: today,
        expectedVersion: 1,
      }).expect(200)
      await as
        .caseworker!.agent.post(`/cases/${c.id}/notes`)
        .type('form')
        .send({ _csrf: as.caseworker!.csrf, note: 'Internal: checked the file' })
        .expect(303)
      const staff = await get(as.caseworker!, `/ehc/cases/${c.id}/events`).expect(200)
      assert.deepEqual(
        staff.body.events.map((e: { kind: string }) => e.kind),
        ['note', 'invite_views'],
      )
      assert.equal(staff.body.events[1].actor, 'Priya Shah')
      const family = await get(as.parent!, `/ehc/cases/${c.id}/events`).expect(200)
      assert.deepEqual(
        family.body.events.map((e: { kind: string }) => e.kind),
        ['invite_views'],
      )
      // The parent's own case reads through the API too (the same dates the caseworker sees).
      const theirs = await get(as.parent!, `/ehc/cases/${c.id}`).expect(200)
      assert.equal(theirs.body.status, 'considering')
    })
  })

  describe('POST /api/v1/ehc/cases/:id/transitions', () => {
    it('records an allowed step and answers the case at its new version', async () => {
      const c = await newCase()
      const res = await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'invite_views',
        on: daysAgo(1),
        expectedVersion: 1,
      }).expect(200)
      assert.deepEqual([res.body.status, res.body.version], ['considering', 2])
    })

    it('answers 409 naming why an illegal step, a panel decision or a stale version is refused; nothing changes', async () => {
      const c = await newCase()
      const illegal = await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'issue_final',
        on: today,
        expectedVersion: 1,
      }).expect(409)
      assert.match(illegal.body.detail, /Final plan issued cannot be recorded on a case that is request received/)
      const panel = await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'decide_not_to_assess',
        on: today,
        expectedVersion: 1,
        reason: 'Needs met at SEN Support',
      }).expect(409)
      assert.match(panel.body.detail, /panel decision/)
      const stale = await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'invite_views',
        on: today,
        expectedVersion: 7,
      }).expect(409)
      assert.match(stale.body.detail, /Someone else changed this case/)
      const row = await caseRow(c.id)
      assert.deepEqual([row.status, row.version], ['received', 1])
    })

    it('answers 400 naming the field for a date in the future, an unknown step or a missing version', async () => {
      const c = await newCase()
      const future = await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'invite_views',
        on: addDays(today, 1),
        expectedVersion: 1,
      }).expect(400)
      assert.deepEqual(future.body.errors, [{ field: 'on', message: 'The date cannot be in the future' }])
      const unknown = await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'celebrate',
        on: today,
      }).expect(400)
      assert.deepEqual(unknown.body.errors.map((e: { field: string }) => e.field).sort(), [
        'expectedVersion',
        'transition',
      ])
      assert.equal((await caseRow(c.id)).version, 1)
    })

    it('lets one of two concurrent callers win and tells the other the case changed', async () => {
      const c = await newCase()
      const body = { transition: 'invite_views', on: today, expectedVersion: 1 }
      const [a, b] = await Promise.all([
        post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, body),
        post(as.team_manager!, `/ehc/cases/${c.id}/transitions`, body),
      ])
      assert.deepEqual([a.status, b.status].sort(), [200, 409])
      assert.match((a.status === 409 ? a : b).body.detail, /Someone else changed this case/)
      const events = await t.database.db
        .selectFrom('ehc_case_event')
        .select('kind')
        .where('case_id', '=', c.id)
        .where('kind', '=', 'invite_views')
        .execute()
      assert.equal(events.length, 1)
    })

    it('issues the final plan with the plan itself, base64-encoded, and refuses it without one or with a file it cannot take', async () => {
      const school = await makeSetting(t.database.db, t.authorityId, { name: 'Rowan School' })
      const child = await makeChild(t.database.db, t.authorityId, { legal_forename: 'Leo' })
      await linkParent(t.database.db, t.authorityId, child.id, as.parent!.userId)
      const c = await newCase(draftAnswered(), child.id)
      await makeConsultation(t.database.db, t.authorityId, c.id, school.id)
      const step = (plan?: unknown) =>
        post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
          transition: 'issue_final',
          on: today,
          expectedVersion: 1,
          namedSettingId: school.id,
          ...(plan === undefined ? {} : { plan }),
        })
      const documents = () => t.database.db.selectFrom('document').selectAll().where('case_id', '=', c.id).execute()

      const none = await step().expect(400)
      assert.deepEqual(none.body.errors, [
        { field: 'plan', message: 'Send the final plan: its filename and its content, base64-encoded' },
      ])
      const notBase64 = await step({ filename: 'plan.pdf', content: 'not base64!' }).expect(400)
      assert.equal(notBase64.body.errors[0].field, 'plan.content')
      const program = await step({
        filename: 'plan.pdf',
        content: Buffer.from('MZ\x90\x00 not a plan').toString('base64'),
      })
      assert.equal(program.status, 400)
      assert.equal(program.body.errors[0].field, 'plan')
      assert.deepEqual([(await caseRow(c.id)).status, (await documents()).length], ['draft_issued', 0])

      // A plan of 300kB: more than any other JSON body may carry (100kb), well within a document's 10MB.
      const pdf = Buffer.concat([
        Buffer.from('%PDF-1.4\n'),
        Buffer.alloc(300 * 1024, 0x20),
        Buffer.from('\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
      ])
      const issued = await step({ filename: 'Leo final EHC plan.pdf', content: pdf.toString('base64') }).expect(200)
      assert.equal(issued.body.status, 'final_issued')
      const [kept] = await documents()
      assert.deepEqual([kept?.kind, kept?.filename, kept?.size_bytes], ['plan', 'Leo final EHC plan.pdf', pdf.length])
      // The family reads it.
      const read = await as.parent!.agent.get(`/documents/${kept!.id}`).buffer(true).expect(200)
      assert.equal(Buffer.compare(read.body as Buffer, pdf), 0)

      // Someone who may not take the step is refused by permission, the large body unread.
      const senco = await post(as.senco!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'issue_final',
        plan: { filename: 'x.pdf', content: pdf.toString('base64') },
      })
      assert.equal(senco.status, 403)

      // Only this call takes a body that large.
      const large = await post(as.caseworker!, `/ehc/cases/${c.id}/exceptions`, {
        reason: 'away-from-area',
        startsOn: today,
        note: 'x'.repeat(200 * 1024),
      })
      assert.equal(large.status, 413)
    })

    it('refuses a caseworker outside the case’s team, and changes nothing', async () => {
      const c = await newCase({ team_id: south, caseworker_user_id: null })
      await post(as.caseworker!, `/ehc/cases/${c.id}/transitions`, {
        transition: 'invite_views',
        on: today,
        expectedVersion: 1,
      }).expect(403)
      await post(as.caseworker!, `/ehc/cases/${c.id}/exceptions`, {
        reason: 'away-from-area',
        startsOn: today,
      }).expect(403)
      assert.equal((await caseRow(c.id)).version, 1)
    })
  })

  describe('exceptions and allocation', () => {
    it('records an exception, which then marks the case', async () => {
      const c = await newCase({ request_received: daysAgo(30) })
      const res = await post(as.caseworker!, `/ehc/cases/${c.id}/exceptions`, {
        reason: 'away-from-area',
        startsOn: daysAgo(10),
        note: 'Family abroad for six weeks',
      }).expect(201)
      assert.deepEqual([res.body.reason, res.body.startsOn, res.body.endsOn], ['away-from-area', daysAgo(10), null])
      const detail = await get(as.caseworker!, `/ehc/cases/${c.id}`).expect(200)
      assert.equal(detail.body.exceptionApplies, true)
      assert.equal(detail.body.exceptions.length, 1)
      const bad = await post(as.caseworker!, `/ehc/cases/${c.id}/exceptions`, {
        reason: 'holiday',
        startsOn: addDays(today, 2),
      }).expect(400)
      assert.deepEqual(
        bad.body.errors.map((e: { field: string }) => e.field),
        ['reason'],
      )
    })

    it('allocates a case (team managers only)', async () => {
      const c = await newCase({ caseworker_user_id: null, team_id: south })
      await post(as.caseworker!, `/ehc/cases/${c.id}/allocation`, {
        caseworkerUserId: as.caseworker!.userId,
        expectedVersion: 1,
      }).expect(403)
      const res = await post(as.team_manager!, `/ehc/cases/${c.id}/allocation`, {
        caseworkerUserId: as.caseworker!.userId,
        expectedVersion: 1,
        reason: 'Knows the family',
      }).expect(200)
      assert.deepEqual([res.body.caseworker.id, res.body.team.id, res.body.version], [as.caseworker!.userId, north, 2])
    })
  })

  it('describes every operation in the OpenAPI document', async () => {
    const res = (await as.caseworker!.agent.get('/api/openapi.json').expect(200)).body
    for (const path of [
      '/api/v1/ehc/cases',
      '/api/v1/ehc/cases/{id}',
      '/api/v1/ehc/cases/{id}/events',
      '/api/v1/ehc/cases/{id}/transitions',
      '/api/v1/ehc/cases/{id}/exceptions',
      '/api/v1/ehc/cases/{id}/allocation',
    ]) {
      assert.ok(res.paths[path], `${path} is documented`)
    }
    assert.equal(res.paths['/api/v1/ehc/cases/{id}/transitions'].post.description, 'Permission: ehc:manage')
  })
})
