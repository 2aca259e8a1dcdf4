import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { addDays, addMonths, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { maxDocumentBytes } from '../../src/platform/documents/mediaTypes.js'
import { formatDate } from '../../src/platform/web/nunjucks.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeCase, makeChild } from '../support/factories.js'

const pdf = (text = 'letter') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
const today = todayInLondon()

describe(`a caseworker enters a request received by letter, email or phone (${testEngine})`, () => {
  let t: TestApp
  let dataDir: string
  let caseworker: SignedInAgent
  let parent: SignedInAgent
  let senco: SignedInAgent
  let child: { id: string; name: string }

  const db = () => t.database.db
  const count = async (table: 'ehc_case' | 'document') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const storedFiles = async () =>
    (
      await fs.readdir(path.join(dataDir, 'documents'), { recursive: true, withFileTypes: true }).catch(() => [])
    ).filter((e) => e.isFile()).length
  const dateBoxes = (iso: string) => {
    const [year, month, day] = iso.split('-')
    return { 'requestReceived-day': day!, 'requestReceived-month': month!, 'requestReceived-year': year! }
  }
  const entry = (childId: string, overrides: Record<string, string> = {}) => ({
    childId,
    ...dateBoxes(addDays(today, -3)),
    receivedVia: 'letter',
    requesterKind: 'parent',
    requesterName: 'Jo Bloggs',
    reasons: 'Letter from the family: not progressing despite SEN Support.',
    familyViews: '',
    ...overrides,
  })
  /** The form as a browser sends it: multipart, the token first, the file (if any) last. */
  const post = (values: Record<string, string>, file?: { bytes: Buffer; filename: string }) => {
    let req = caseworker.agent.post('/cases/new').field('_csrf', caseworker.csrf)
    for (const [name, value] of Object.entries(values)) req = req.field(name, value)
    return file ? req.attach('file', file.bytes, { filename: file.filename, contentType: 'application/pdf' }) : req
  }
  const nothingCreated = async (before: { cases: number; documents: number; files: number }) => {
    assert.equal(await count('ehc_case'), before.cases, 'no case')
    assert.equal(await count('document'), before.documents, 'no document')
    assert.equal(await storedFiles(), before.files, 'no file')
  }
  const snapshot = async () => ({
    cases: await count('ehc_case'),
    documents: await count('document'),
    files: await storedFiles(),
  })

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-entry-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    caseworker = await t.signInAs('caseworker')
    parent = await t.signInAs('parent')
    senco = await t.signInAs('senco')
    const made = await makeChild(db(), t.authorityId, {
      legal_forename: 'Kofi',
      legal_surname: 'Mensah',
      date_of_birth: '2019-06-15',
    })
    child = { id: made.id, name: 'Kofi Mensah' }
  })
  after(async () => {
    await t.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('is the caseworkers’ and managers’ page only', async () => {
    await parent.agent.get('/cases/new').expect(403)
    await senco.agent.get(`/cases/new?childId=${child.id}`).expect(403)
    await parent.agent
      .post('/cases/new')
      .type('form')
      .send({ _csrf: parent.csrf, ...entry(child.id) })
      .expect(403)
    const manager = await t.signInAs('team_manager')
    await manager.agent.get(`/cases/new?childId=${child.id}`).expect(200)
  })

  it('finds the child by searching, or takes them from the link', async () => {
    const search = await caseworker.agent.get('/cases/new?q=Mensah').expect(200)
    assert.match(search.text, new RegExp(`href="/cases/new\\?childId=${child.id}"`))
    const page = await caseworker.agent.get(`/cases/new?childId=${child.id}`).expect(200)
    assert.match(page.text, /Kofi Mensah/)
    assert.match(page.text, /enctype="multipart\/form-data"/)
    assert.doesNotMatch(page.text, /There is already an open request/)
  })

  it('refuses a date in the future, a date before the child was born and missing answers; nothing is created', async () => {
    const before = await snapshot()
    const future = await post(entry(child.id, dateBoxes(addDays(today, 1))), {
      bytes: pdf(),
      filename: 'letter.pdf',
    }).expect(400)
    assert.match(future.text, /The date the request was received cannot be in the future/)
    assert.match(future.text, /href="#requestReceived"/)
    assert.match(future.text, /value="Jo Bloggs"/, 'what was typed is kept')
    const unborn = await post(entry(child.id, dateBoxes('2019-06-14'))).expect(400)
    assert.match(unborn.text, /cannot be before the child was born/)
    const notADate = await post(
      entry(child.id, { 'requestReceived-day': '31', 'requestReceived-month': '2', 'requestReceived-year': '2026' }),
    ).expect(400)
    assert.match(notADate.text, /must be a real date/)
    const empty = await post({ childId: child.id }).expect(400)
    for (const field of ['requestReceived', 'receivedVia', 'requesterKind', 'requesterName', 'reasons']) {
      assert.match(empty.text, new RegExp(`href="#${field}"`), `an error for ${field}`)
    }
    await nothingCreated(before)
  })

  it('refuses evidence that is too big or not a document, and keeps nothing, the request included', async () => {
    const before = await snapshot()
    const big = await post(entry(child.id), {
      bytes: Buffer.concat([pdf(), Buffer.alloc(maxDocumentBytes)]),
      filename: 'big.pdf',
    }).expect(400)
    assert.match(big.text, /The selected file must be smaller than 10MB/)
    assert.match(big.text, /value="Jo Bloggs"/, 'the fields before the file were read')
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)])
    const wrong = await post(entry(child.id), { bytes: exe, filename: 'letter.pdf' }).expect(400)
    assert.match(wrong.text, /The selected file must be a PDF, Word/)
    await nothingCreated(before)
  })

  it('enters the request: the clock starts on the day it was received, with its evidence, then shows the case', async () => {
    const received = addDays(today, -3)
    const res = await post(entry(child.id, { familyViews: 'They want a specialist setting.' }), {
      bytes: pdf('the letter'),
      filename: 'Letter from Jo.pdf',
    }).expect(303)
    const c = await db().selectFrom('ehc_case').selectAll().where('child_id', '=', child.id).executeTakeFirstOrThrow()
    assert.equal(res.headers.location, `/cases/${c.id}`)
    assert.equal(c.request_received, received)
    assert.equal(c.received_via, 'letter')
    assert.equal(c.requester_kind, 'parent')
    assert.equal(c.requester_name, 'Jo Bloggs')
    assert.equal(c.requester_user_id, null)
    assert.equal(c.caseworker_user_id, caseworker.userId, 'entered by a caseworker, it is on their caseload')
    assert.equal(c.family_views, 'They want a specialist setting.')
    const evidence = await db().selectFrom('document').selectAll().where('case_id', '=', c.id).execute()
    assert.deepEqual(
      evidence.map((d) => [d.filename, d.kind, d.child_id, d.scan_status]),
      [['Letter from Jo.pdf', 'evidence', child.id, 'not_scanned']],
    )
    const event = await db()
      .selectFrom('ehc_case_event')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('kind', '=', 'request_received')
      .executeTakeFirstOrThrow()
    assert.equal(event.occurred_on, received)
    assert.deepEqual(event.details, { via: 'letter', requester: 'parent', documents: 1 })
    const audit = await db().selectFrom('audit_log').select('action').where('child_id', '=', child.id).execute()
    const actions = audit.map((a) => a.action)
    assert.ok(actions.includes('ehc_case.create'))
    assert.ok(actions.includes('document.create'))
    // The evidence is now the case's: readable by staff.
    await caseworker.agent.get(`/documents/${evidence[0]!.id}`).expect(200)
  })

  it('shows the open request instead of the form, and refuses a second (409), creating nothing', async () => {
    const open = await db()
      .selectFrom('ehc_case')
      .select(['id', 'reference'])
      .where('child_id', '=', child.id)
      .executeTakeFirstOrThrow()
    const page = await caseworker.agent.get(`/cases/new?childId=${child.id}`).expect(200)
    assert.match(
      page.text,
      new RegExp(`<a class="govuk-link" id="existing-case" href="/cases/${open.id}">${open.reference}</a>`),
    )
    assert.doesNotMatch(page.text, /Enter request\s*<\/button>/)
    const before = await snapshot()
    const again = await post(entry(child.id), { bytes: pdf('again'), filename: 'again.pdf' }).expect(409)
    assert.match(again.text, new RegExp(open.reference))
    await nothingCreated(before)
  })

  it('warns, without refusing, of a request for the child that closed less than 6 months ago', async () => {
    const refusedOn = addMonths(today, -2)
    const recent = await makeChild(db(), t.authorityId, { legal_forename: 'Recent' })
    const closed = await makeCase(db(), t.authorityId, recent.id, {
      status: 'not_assessed',
      decision: 'not_assess',
      decision_on: refusedOn,
      closed_on: refusedOn,
      request_received: addMonths(today, -4),
    })
    const page = await caseworker.agent.get(`/cases/new?childId=${recent.id}`).expect(200)
    assert.match(page.text, /closed less than 6 months ago/)
    assert.match(page.text, new RegExp(`${closed.reference}</a>, not assessed on ${formatDate(refusedOn)}`))
    assert.match(page.text, /Enter request\s*<\/button>/)
    await post(entry(recent.id)).expect(303)

    const longAgo = await makeChild(db(), t.authorityId, { legal_forename: 'Longago' })
    const old = addMonths(today, -7)
    await makeCase(db(), t.authorityId, longAgo.id, {
      status: 'not_assessed',
      decision: 'not_assess',
      decision_on: old,
      closed_on: old,
      request_received: addMonths(today, -9),
    })
    const oldPage = await caseworker.agent.get(`/cases/new?childId=${longAgo.id}`).expect(200)
    assert.doesNotMatch(oldPage.text, /closed less than 6 months ago/)
  })

  it('takes the form without a file, as a plain form too', async () => {
    const plain = await makeChild(db(), t.authorityId, { legal_forename: 'Plain' })
    const res = await caseworker.agent
      .post('/cases/new')
      .type('form')
      .send({
        _csrf: caseworker.csrf,
        ...entry(plain.id, { receivedVia: 'phone', requesterKind: 'professional', requesterName: 'Dr Green, GP' }),
      })
      .expect(303)
    const c = await db().selectFrom('ehc_case').selectAll().where('child_id', '=', plain.id).executeTakeFirstOrThrow()
    assert.equal(res.headers.location, `/cases/${c.id}`)
    assert.equal(c.received_via, 'phone')
    assert.equal(c.requester_kind, 'professional')
  })
})
