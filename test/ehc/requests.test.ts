import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { computeEhcDeadlines } from '../../src/ehc/clock.js'
import { createApiToken } from '../../src/platform/api/tokens.js'
import { todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { maxDocumentBytes } from '../../src/platform/documents/mediaTypes.js'
import { formatDate } from '../../src/platform/web/nunjucks.js'
import { createTestApp, csrfFrom, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'
import { eicar, type FakeClamd, startFakeClamd } from '../support/fakeClamd.js'

const pdf = (text = 'evidence') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
const today = todayInLondon()

/** The family's answers, a section a page. */
const familyAnswers = (settingId: string) => ({
  needs: {
    reasons: 'Finds reading very hard and is falling behind.\nAnxious about school.',
    supportTried: 'Reading support three times a week since September.',
  },
  'child-views': { childViews: 'Likes drawing. Finds noisy classrooms hard.' },
  'family-views': { familyViews: 'We want the right support in place before secondary school.' },
  setting: { settingChoice: settingId },
  consent: { consentToContact: 'yes', professionals: 'Dr Patel, community paediatrician' },
})

describe(`requests for an EHC needs assessment: families, SENCOs and the API (${testEngine})`, () => {
  let t: TestApp
  let clamd: FakeClamd
  let dataDir: string
  let parent: SignedInAgent
  let otherParent: SignedInAgent
  let senco: SignedInAgent
  let caseworker: SignedInAgent
  let school: string
  let otherSchool: string
  let maya: string // the parent's child, at school
  let leo: string // the parent's other child
  let stranger: string // someone else's child
  let pupil: string // at the SENCO's school
  let elsewhere: string // at another school

  const db = () => t.database.db
  const count = async (table: 'ehc_case' | 'ehc_request_draft' | 'document') =>
    Number(
      (
        await db()
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const storedFiles = async () => {
    const entries = await fs
      .readdir(path.join(dataDir, 'documents'), { recursive: true, withFileTypes: true })
      .catch(() => [])
    return entries.filter((e) => e.isFile()).length
  }
  const form = (a: SignedInAgent, url: string, body: Record<string, string>) =>
    a.agent
      .post(url)
      .type('form')
      .send({ _csrf: a.csrf, ...body })
  const upload = (a: SignedInAgent, url: string, file: Buffer, filename: string, contentType = 'application/pdf') =>
    a.agent.post(url).field('_csrf', a.csrf).attach('file', file, { filename, contentType })
  const draftIdOf = (location: string | undefined) => {
    const match = String(location).match(/^\/requests\/([0-9a-f-]{36})$/)
    assert.ok(match, `redirected to the draft: ${location}`)
    return match[1]!
  }
  const auditActions = async (recordId: string) =>
    (await db().selectFrom('audit_log').select('action').where('record_id', '=', recordId).orderBy('id').execute()).map(
      (r) => r.action,
    )

  /** Starts a request and answers every section (evidence optional); returns the draft's id. */
  async function writeRequest(a: SignedInAgent, childId: string, answers: Record<string, Record<string, string>>) {
    const started = await form(a, '/requests/new', { childId }).expect(303)
    const draftId = draftIdOf(started.headers.location)
    for (const [section, values] of Object.entries(answers)) {
      await form(a, `/requests/${draftId}/${section}`, { ...values, action: 'continue' }).expect(303)
    }
    return draftId
  }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-requests-'))
    clamd = await startFakeClamd()
    t = await createTestApp({ DATA_DIR: dataDir, CLAMAV_URL: clamd.url })
    parent = await t.signInAs('parent')
    senco = await t.signInAs('senco')
    caseworker = await t.signInAs('caseworker')
    const second = await db()
      .insertInto('app_user')
      .values({
        authority_id: t.authorityId,
        email: 'second.parent@example.com',
        display_name: 'Second Parent',
        role: 'parent',
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    otherParent = await t.signInAsUser(second.id)

    school = (await makeSetting(db(), t.authorityId, { name: 'Oak Tree Primary' })).id
    otherSchool = (await makeSetting(db(), t.authorityId, { name: 'Birch Primary' })).id
    await giveSencoSetting(db(), t.authorityId, senco.userId, school)
    senco = await (async () => {
      // The SENCO's settings are read at sign-in's next request; a fresh page gives a fresh token too.
      const home = await senco.agent.get('/').expect(200)
      return { ...senco, csrf: csrfFrom(home.text) }
    })()

    maya = (await makeChild(db(), t.authorityId, { legal_forename: 'Maya', date_of_birth: '2016-02-10' })).id
    await putOnRoll(db(), t.authorityId, maya, school)
    await linkParent(db(), t.authorityId, maya, parent.userId)
    leo = (await makeChild(db(), t.authorityId, { legal_forename: 'Leo' })).id
    await linkParent(db(), t.authorityId, leo, parent.userId)
    stranger = (await makeChild(db(), t.authorityId, { legal_forename: 'Stranger' })).id
    await linkParent(db(), t.authorityId, stranger, otherParent.userId)
    pupil = (await makeChild(db(), t.authorityId, { legal_forename: 'Priya' })).id
    await putOnRoll(db(), t.authorityId, pupil, school)
    elsewhere = (await makeChild(db(), t.authorityId, { legal_forename: 'Ezra' })).id
    await putOnRoll(db(), t.authorityId, elsewhere, otherSchool)
  })
  after(async () => {
    await t.close()
    await clamd.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('a parent writes a request, saves it, comes back, adds evidence and sends it: the clock starts today', async () => {
    const choose = await parent.agent.get('/requests/new').expect(200)
    assert.match(choose.text, new RegExp(`value="${maya}"`))
    assert.match(choose.text, new RegExp(`value="${leo}"`))
    assert.doesNotMatch(choose.text, new RegExp(stranger), 'only their own children are offered')

    const start = await parent.agent.get(`/requests/new?childId=${maya}`).expect(200)
    assert.match(start.text, /Before you start/)
    const started = await form(parent, '/requests/new', { childId: maya }).expect(303)
    const draftId = draftIdOf(started.headers.location)
    assert.deepEqual(await auditActions(draftId), ['ehc_request_draft.create'])

    // Half the first page, then "Save and come back later": kept, no error for the blank.
    const saved = await form(parent, `/requests/${draftId}/needs`, {
      reasons: 'Finds reading very hard',
      supportTried: '',
      action: 'later',
    }).expect(303)
    assert.equal(saved.headers.location, '/requests?saved=1')
    const list = await parent.agent.get('/requests?saved=1').expect(200)
    assert.match(list.text, /Your answers have been saved/)
    assert.match(list.text, new RegExp(`href="/requests/${draftId}"`))

    // Coming back: the answer is there; "Save and continue" now needs the whole page.
    const resumed = await parent.agent.get(`/requests/${draftId}/needs`).expect(200)
    assert.match(resumed.text, /Finds reading very hard<\/textarea>/)
    const incomplete = await form(parent, `/requests/${draftId}/needs`, {
      reasons: 'Finds reading very hard',
      supportTried: '',
      action: 'continue',
    }).expect(400)
    assert.match(incomplete.text, /There is a problem/)
    assert.match(incomplete.text, /href="#supportTried"/)
    const tooLong = await form(parent, `/requests/${draftId}/needs`, {
      reasons: 'x'.repeat(5001),
      action: 'later',
    }).expect(400)
    assert.match(tooLong.text, /5,000 characters or fewer/)

    const answers = familyAnswers(school)
    for (const [section, values] of Object.entries(answers)) {
      const res = await form(parent, `/requests/${draftId}/${section}`, { ...values, action: 'continue' }).expect(303)
      assert.ok(String(res.headers.location).startsWith(`/requests/${draftId}/`))
    }
    const taskList = await parent.agent.get(`/requests/${draftId}`).expect(200)
    assert.match(taskList.text, /You have completed 6 of 6 sections/)

    const added = await upload(
      parent,
      `/requests/${draftId}/evidence`,
      pdf('reading assessment'),
      'Reading assessment.pdf',
    )
    assert.equal(added.status, 303, added.text)
    const evidencePage = await parent.agent.get(`/requests/${draftId}/evidence`).expect(200)
    assert.match(evidencePage.text, /Reading assessment.pdf/)
    const draftBefore = await db()
      .selectFrom('ehc_request_draft')
      .selectAll()
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow()
    assert.equal(draftBefore.document_ids.length, 1)

    const check = await parent.agent.get(`/requests/${draftId}/check`).expect(200)
    assert.match(check.text, /Oak Tree Primary/)
    assert.match(check.text, /Finds reading very hard and is falling behind.<br/)
    const sent = await form(parent, `/requests/${draftId}/check`, {}).expect(303)
    assert.equal(sent.headers.location, `/requests/${draftId}/sent`)

    const c = await db().selectFrom('ehc_case').selectAll().where('child_id', '=', maya).executeTakeFirstOrThrow()
    assert.equal(c.status, 'received')
    assert.equal(c.requester_kind, 'parent')
    assert.equal(c.requester_user_id, parent.userId)
    assert.equal(c.received_via, 'portal')
    assert.equal(c.request_received, today)
    assert.equal(c.setting_id, school)
    assert.equal(c.reasons, answers.needs.reasons)
    assert.equal(c.family_views, answers['family-views'].familyViews)
    assert.deepEqual(c.request_details, {
      supportTried: answers.needs.supportTried,
      childViews: answers['child-views'].childViews,
      consentToContactProfessionals: true,
      professionals: 'Dr Patel, community paediatrician',
    })
    const draft = await db()
      .selectFrom('ehc_request_draft')
      .selectAll()
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow()
    assert.equal(draft.submitted_case_id, c.id)
    const evidence = await db()
      .selectFrom('document')
      .selectAll()
      .where('id', '=', draft.document_ids[0]!)
      .executeTakeFirstOrThrow()
    assert.equal(evidence.case_id, c.id, 'the evidence is now the case’s')
    assert.equal(evidence.scan_status, 'clean')
    const events = await db()
      .selectFrom('ehc_case_event')
      .selectAll()
      .where('case_id', '=', c.id)
      .where('kind', '=', 'request_received')
      .execute()
    assert.deepEqual(
      events.map((e) => [e.kind, e.occurred_on, (e.details as { documents: number }).documents]),
      [['request_received', today, 1]],
    )

    const confirmation = await parent.agent.get(`/requests/${draftId}/sent`).expect(200)
    assert.match(confirmation.text, new RegExp(`<strong id="reference">${c.reference}</strong>`))
    const decisionDue = computeEhcDeadlines({ requestReceived: today }).decisionToAssess
    assert.match(confirmation.text, new RegExp(`<strong id="decision-due">${formatDate(decisionDue)}</strong>`))

    // Sent is sent: the pages show the confirmation, and nothing more can be changed.
    const again = await parent.agent.get(`/requests/${draftId}/needs`).expect(303)
    assert.equal(again.headers.location, `/requests/${draftId}/sent`)
    await form(parent, `/requests/${draftId}/needs`, { ...answers.needs, action: 'continue' }).expect(409)
    await upload(parent, `/requests/${draftId}/evidence`, pdf(), 'late.pdf').expect(409)
    await form(parent, `/requests/${draftId}/check`, {}).expect(409)
    assert.equal(await count('ehc_case'), 1)

    const listed = await parent.agent.get('/requests').expect(200)
    assert.match(listed.text, new RegExp(`href="/your-requests/${c.id}">${c.reference}</a>`))

    const actions = await auditActions(draftId)
    assert.ok(actions.includes('ehc_request_draft.update'))
    assert.ok(actions.includes('ehc_request_draft.submit'))
    assert.ok((await auditActions(c.id)).includes('ehc_case.create'))
    assert.deepEqual(await auditActions(evidence.id), ['document.create'])
  })

  it('refuses a request for a child who is not theirs (404), and shows no one else’s draft', async () => {
    const before = await count('ehc_request_draft')
    await parent.agent.get(`/requests/new?childId=${stranger}`).expect(404)
    await form(parent, '/requests/new', { childId: stranger }).expect(404)
    await form(parent, '/requests/new', { childId: 'not-a-uuid' }).expect(404)
    await form(senco, '/requests/new', { childId: elsewhere }).expect(403)
    assert.equal(await count('ehc_request_draft'), before)

    const theirs = await writeRequest(otherParent, stranger, { needs: familyAnswers(school).needs })
    await parent.agent.get(`/requests/${theirs}`).expect(404)
    await parent.agent.get(`/requests/${theirs}/needs`).expect(404)
    await form(parent, `/requests/${theirs}/needs`, { reasons: 'changed', action: 'later' }).expect(404)
    await upload(parent, `/requests/${theirs}/evidence`, pdf(), 'x.pdf').expect(404)
    await form(parent, `/requests/${theirs}/check`, {}).expect(404)
    await caseworker.agent.get(`/requests/${theirs}`).expect(403)
    await senco.agent.get(`/requests/${theirs}`).expect(403)
    const listed = await parent.agent.get('/requests').expect(200)
    assert.doesNotMatch(listed.text, new RegExp(theirs))
    const draft = await db()
      .selectFrom('ehc_request_draft')
      .select('answers')
      .where('id', '=', theirs)
      .executeTakeFirstOrThrow()
    assert.equal((draft.answers as { reasons: string }).reasons, familyAnswers(school).needs.reasons)
  })

  it('refuses oversized, wrongly typed and infected files with a message on the page, and keeps nothing', async () => {
    const draftId = await writeRequest(parent, leo, {})
    const before = { rows: await count('document'), files: await storedFiles() }
    const tooBig = await upload(
      parent,
      `/requests/${draftId}/evidence`,
      Buffer.concat([pdf(), Buffer.alloc(maxDocumentBytes)]),
      'big.pdf',
    )
    assert.equal(tooBig.status, 400)
    assert.match(tooBig.text, /The selected file must be smaller than 10MB/)
    assert.match(tooBig.text, /href="#file"/)
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)])
    const renamed = await upload(parent, `/requests/${draftId}/evidence`, exe, 'report.pdf').expect(400)
    assert.match(renamed.text, /The selected file must be a PDF, Word/)
    const infected = await upload(
      parent,
      `/requests/${draftId}/evidence`,
      Buffer.from(eicar),
      'notes.txt',
      'text/plain',
    ).expect(400)
    assert.match(infected.text, /The selected file contains a virus/)
    const none = await parent.agent.post(`/requests/${draftId}/evidence`).field('_csrf', parent.csrf).expect(400)
    assert.match(none.text, /Select a file/)
    assert.equal(await count('document'), before.rows)
    assert.equal(await storedFiles(), before.files)
    const draft = await db()
      .selectFrom('ehc_request_draft')
      .select('document_ids')
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow()
    assert.deepEqual(draft.document_ids, [])
    // Without the form's token, an upload is refused before anything is read into the request.
    await parent.agent.post(`/requests/${draftId}/evidence`).attach('file', pdf(), 'x.pdf').expect(403)
    assert.equal(await count('document'), before.rows)
  })

  it('removes evidence from a draft, keeping nothing of it', async () => {
    const draftId = (
      await db().selectFrom('ehc_request_draft').select('id').where('child_id', '=', leo).executeTakeFirstOrThrow()
    ).id
    await upload(parent, `/requests/${draftId}/evidence`, pdf('to remove'), 'mistake.pdf').expect(303)
    const [documentId] = (
      await db()
        .selectFrom('ehc_request_draft')
        .select('document_ids')
        .where('id', '=', draftId)
        .executeTakeFirstOrThrow()
    ).document_ids
    assert.ok(documentId)
    const files = await storedFiles()
    // Only the draft's author can take it out.
    await form(otherParent, `/requests/${draftId}/evidence/${documentId}/remove`, {}).expect(404)
    await form(parent, `/requests/${draftId}/evidence/${documentId}/remove`, {}).expect(303)
    assert.equal(await storedFiles(), files - 1)
    assert.equal(
      await db().selectFrom('document').select('id').where('id', '=', documentId).executeTakeFirst(),
      undefined,
    )
    assert.deepEqual(await auditActions(documentId), ['document.create', 'document.delete'])
  })

  it('refuses a second request for a child with an open one, saying its reference, and keeps the draft', async () => {
    // Maya's request is open: starting another is refused at once, with its reference.
    const open = await db()
      .selectFrom('ehc_case')
      .select(['id', 'reference'])
      .where('child_id', '=', maya)
      .executeTakeFirstOrThrow()
    const shown = await parent.agent.get(`/requests/new?childId=${maya}`).expect(409)
    assert.match(shown.text, new RegExp(`<strong id="existing-reference">${open.reference}</strong>`))
    const started = await form(parent, '/requests/new', { childId: maya }).expect(409)
    assert.match(started.text, new RegExp(open.reference))

    // Leo's draft is complete when a caseworker enters a request for him from a letter: sending is then refused.
    const draftId = (
      await db().selectFrom('ehc_request_draft').select('id').where('child_id', '=', leo).executeTakeFirstOrThrow()
    ).id
    const answers: Record<string, Record<string, string>> = {
      ...familyAnswers(school),
      setting: { settingChoice: 'none' },
    }
    for (const [section, values] of Object.entries(answers)) {
      await form(parent, `/requests/${draftId}/${section}`, { ...values, action: 'continue' }).expect(303)
    }
    const byLetter = await makeCase(db(), t.authorityId, leo, { received_via: 'letter', reference: 'EHC-2026-LETTER' })
    const cases = await count('ehc_case')
    const refused = await form(parent, `/requests/${draftId}/check`, {}).expect(409)
    assert.match(refused.text, /EHC-2026-LETTER/)
    assert.equal(await count('ehc_case'), cases)
    const kept = await db()
      .selectFrom('ehc_request_draft')
      .selectAll()
      .where('id', '=', draftId)
      .executeTakeFirstOrThrow()
    assert.equal(kept.submitted_case_id, null, 'the draft is kept, not marked sent')
    assert.notEqual(byLetter.id, undefined)
  })

  it('a SENCO asks for a pupil at their school with the SEN Support evidence; not for another school’s', async () => {
    const choose = await senco.agent.get('/requests/new?q=Priya').expect(200)
    assert.match(choose.text, new RegExp(`value="${pupil}"`))
    const other = await senco.agent.get('/requests/new?q=Ezra').expect(200)
    assert.doesNotMatch(other.text, new RegExp(elsewhere))

    const draftId = await writeRequest(senco, pupil, {
      'setting-needs': { reasons: 'Significant speech and language needs; not progressing.' },
    })
    const bad = await form(senco, `/requests/${draftId}/sen-support`, {
      'senSupportSince-month': '13',
      'senSupportSince-year': '2024',
      planReviews: 'three',
      outcomes: '',
      supportInPlace: 'Daily small-group work',
      professionals: 'Speech and language therapist',
      action: 'continue',
    }).expect(400)
    assert.match(bad.text, /The month must be between 1 and 12/)
    assert.match(bad.text, /href="#planReviews"/)
    assert.match(bad.text, /href="#outcomes"/)
    const sencoAnswers: Record<string, Record<string, string>> = {
      'sen-support': {
        'senSupportSince-month': '9',
        'senSupportSince-year': '2024',
        planReviews: '3',
        outcomes: 'Targets for expressive language met in part.',
        supportInPlace: 'Daily small-group work with a teaching assistant.',
        professionals: 'Speech and language therapist',
      },
      views: { childViews: 'Wants friends to understand her.', familyViews: 'Parents support the request.' },
    }
    for (const [section, values] of Object.entries(sencoAnswers)) {
      await form(senco, `/requests/${draftId}/${section}`, { ...values, action: 'continue' }).expect(303)
    }
    const noConsent = await form(senco, `/requests/${draftId}/check`, {}).expect(400)
    assert.match(noConsent.text, new RegExp(`href="/requests/${draftId}/parent-consent"`))
    assert.equal(await count('ehc_case'), 2)
    await form(senco, `/requests/${draftId}/parent-consent`, { parentConsent: 'yes', action: 'continue' }).expect(303)
    const check = await senco.agent.get(`/requests/${draftId}/check`).expect(200)
    assert.match(check.text, /September 2024/)
    await form(senco, `/requests/${draftId}/check`, {}).expect(303)

    const c = await db().selectFrom('ehc_case').selectAll().where('child_id', '=', pupil).executeTakeFirstOrThrow()
    assert.equal(c.requester_kind, 'setting')
    assert.equal(c.received_via, 'setting_portal')
    assert.equal(c.requester_setting_id, school)
    assert.equal(c.setting_id, school)
    assert.equal(c.request_received, today)
    assert.deepEqual(c.request_details, {
      childViews: 'Wants friends to understand her.',
      senSupport: {
        since: '2024-09',
        planReviews: 3,
        outcomes: 'Targets for expressive language met in part.',
        supportInPlace: 'Daily small-group work with a teaching assistant.',
        professionals: 'Speech and language therapist',
      },
      parentConsentConfirmed: true,
    })
  })

  it('a young person asks for themselves, answering in their own words', async () => {
    const youngPerson = await t.signInAs('young_person')
    const self = await makeChild(db(), t.authorityId, {
      legal_forename: 'Sam',
      date_of_birth: '2008-04-01',
      young_person_user_id: youngPerson.userId,
    })
    const choose = await youngPerson.agent.get('/requests/new').expect(200)
    assert.match(choose.text, new RegExp(`value="${self.id}"`))
    await youngPerson.agent.get(`/requests/new?childId=${maya}`).expect(404)
    const draftId = await writeRequest(youngPerson, self.id, {
      needs: { reasons: 'I struggle with college work.', supportTried: 'A mentor once a week.' },
      'child-views': { childViews: 'I want to go to university.' },
      setting: { settingChoice: 'other', settingName: 'City College' },
      consent: { consentToContact: 'no' },
    })
    const needsPage = await youngPerson.agent.get(`/requests/${draftId}/needs`).expect(200)
    assert.match(needsPage.text, /What are your needs/)
    await youngPerson.agent.get(`/requests/${draftId}/family-views`).expect(404)
    await form(youngPerson, `/requests/${draftId}/check`, {}).expect(303)
    const c = await db().selectFrom('ehc_case').selectAll().where('child_id', '=', self.id).executeTakeFirstOrThrow()
    assert.equal(c.requester_kind, 'young_person')
    assert.equal(c.received_via, 'portal')
    assert.equal(c.setting_id, null)
    assert.deepEqual(c.request_details, {
      supportTried: 'A mentor once a week.',
      childViews: 'I want to go to university.',
      consentToContactProfessionals: false,
      settingName: 'City College',
    })
  })

  it('shows families and SENCOs the way in, and caseworkers their own', async () => {
    assert.match((await parent.agent.get('/').expect(200)).text, /href="\/requests"/)
    assert.match((await senco.agent.get('/').expect(200)).text, /href="\/requests"/)
    assert.doesNotMatch((await caseworker.agent.get('/').expect(200)).text, /href="\/requests"/)
    const staff = await caseworker.agent.get('/requests').expect(200)
    assert.match(staff.text, /href="\/cases\/new"/)
  })

  describe('the API', () => {
    const api = (a: SignedInAgent, body: object) =>
      a.agent.post('/api/v1/ehc/requests').set('x-csrf-token', a.csrf).send(body)
    let child: string

    before(async () => {
      child = (await makeChild(db(), t.authorityId, { legal_forename: 'Api' })).id
      await linkParent(db(), t.authorityId, child, parent.userId)
    })

    it('makes a request for the parent’s own child: 201 with the reference and the decision due date', async () => {
      const res = await api(parent, {
        childId: child,
        reasons: 'Needs help with reading',
        childViews: 'Likes maths',
      }).expect(201)
      assert.match(res.body.reference, /^EHC-\d{4}-\d{5}$/)
      assert.equal(res.body.status, 'received')
      assert.equal(res.body.requestReceived, today)
      assert.equal(res.body.decisionDue, computeEhcDeadlines({ requestReceived: today }).decisionToAssess)
      assert.equal(res.headers.location, `/api/v1/ehc/cases/${res.body.id}`)
      const c = await db().selectFrom('ehc_case').selectAll().where('id', '=', res.body.id).executeTakeFirstOrThrow()
      assert.equal(c.received_via, 'api')
      assert.equal(c.requester_kind, 'parent')
      assert.deepEqual(c.request_details, { childViews: 'Likes maths' })
      assert.ok((await auditActions(c.id)).includes('ehc_case.create'))
    })

    it('answers 409 for a duplicate, naming the open request, and creates nothing', async () => {
      const cases = await count('ehc_case')
      const res = await api(parent, { childId: child, reasons: 'Again' }).expect(409)
      assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
      const open = await db()
        .selectFrom('ehc_case')
        .select('reference')
        .where('child_id', '=', child)
        .executeTakeFirstOrThrow()
      assert.match(res.body.detail, new RegExp(open.reference))
      assert.equal(await count('ehc_case'), cases)
    })

    it('lets one of two requests sent at once through, and tells the other it is a duplicate', async () => {
      const twin = (await makeChild(db(), t.authorityId, { legal_forename: 'Twin' })).id
      await linkParent(db(), t.authorityId, twin, parent.userId)
      const results = await Promise.all([
        api(parent, { childId: twin, reasons: 'First' }),
        api(parent, { childId: twin, reasons: 'Second' }),
      ])
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409])
      const open = await db().selectFrom('ehc_case').select('reference').where('child_id', '=', twin).execute()
      assert.equal(open.length, 1)
      assert.match(results.find((r) => r.status === 409)!.body.detail, new RegExp(open[0]!.reference))
    })

    it('answers 400 naming each field at fault, and 404 for a child not theirs', async () => {
      const cases = await count('ehc_case')
      const missing = await api(parent, { childId: 'nope' }).expect(400)
      assert.deepEqual(missing.body.errors.map((e: { field: string }) => e.field).sort(), ['childId', 'reasons'])
      const staffOnly = await api(parent, { childId: leo, reasons: 'x', requestReceived: '2026-01-05' }).expect(400)
      assert.deepEqual(
        staffOnly.body.errors.map((e: { field: string }) => e.field),
        ['requestReceived'],
      )
      const unknown = await api(parent, { childId: leo, reasons: 'x', colour: 'blue' }).expect(400)
      assert.equal(unknown.body.errors[0].field, 'colour')
      await api(parent, { childId: stranger, reasons: 'x' }).expect(404)
      const sencoMissing = await api(senco, { childId: pupil, reasons: 'x' }).expect(400)
      assert.deepEqual(
        sencoMissing.body.errors.map((e: { field: string }) => e.field),
        ['senSupport', 'parentConsentConfirmed'],
      )
      await api(senco, {
        childId: elsewhere,
        reasons: 'x',
        senSupport: { since: '2024-09', planReviews: 1, outcomes: 'o', supportInPlace: 's', professionals: 'p' },
        parentConsentConfirmed: true,
      }).expect(403)
      assert.equal(await count('ehc_case'), cases)
    })

    it('lets staff enter a request received by letter with a bearer token, saying when and from whom', async () => {
      const token = (
        await createApiToken(db(), {
          authorityId: t.authorityId,
          name: 'mail room',
          role: 'caseworker',
          actsAsUserId: caseworker.userId,
        })
      ).token
      const child2 = (await makeChild(db(), t.authorityId, { legal_forename: 'Letter', date_of_birth: '2015-01-01' }))
        .id
      const call = (body: object) =>
        request(t.app).post('/api/v1/ehc/requests').set('authorization', `Bearer ${token}`).send(body)
      const incomplete = await call({ childId: child2, reasons: 'By letter' }).expect(400)
      assert.deepEqual(
        incomplete.body.errors.map((e: { field: string }) => e.field),
        ['requestReceived', 'receivedVia', 'requesterKind', 'requesterName'],
      )
      const future = await call({
        childId: child2,
        reasons: 'By letter',
        requestReceived: '2999-01-01',
        receivedVia: 'letter',
        requesterKind: 'parent',
        requesterName: 'Pat Letter',
      }).expect(400)
      assert.equal(future.body.errors[0].field, 'requestReceived')
      const res = await call({
        childId: child2,
        reasons: 'By letter',
        requestReceived: '2026-01-05',
        receivedVia: 'letter',
        requesterKind: 'parent',
        requesterName: 'Pat Letter',
      }).expect(201)
      assert.equal(res.body.requestReceived, '2026-01-05')
      assert.equal(res.body.decisionDue, '2026-02-16')
      const parentToken = (await createApiToken(db(), { authorityId: t.authorityId, name: 'app', role: 'parent' }))
        .token
      await request(t.app)
        .post('/api/v1/ehc/requests')
        .set('authorization', `Bearer ${parentToken}`)
        .send({ childId: child, reasons: 'x' })
        .expect(403)
      const financeToken = (
        await createApiToken(db(), { authorityId: t.authorityId, name: 'f', role: 'finance_officer' })
      ).token
      await request(t.app)
        .post('/api/v1/ehc/requests')
        .set('authorization', `Bearer ${financeToken}`)
        .send({ childId: child, reasons: 'x' })
        .expect(403)
    })

    it('is in the OpenAPI document with its permission, body and responses', async () => {
      const doc = await request(t.app).get('/api/openapi.json').expect(200)
      const op = doc.body.paths['/api/v1/ehc/requests']?.post
      assert.ok(op, 'POST /api/v1/ehc/requests is documented')
      assert.equal(op.description, 'Permission: ehc:request')
      assert.ok(op.requestBody.content['application/json'].schema.properties.reasons)
      assert.ok(op.responses['201'].content['application/json'].schema.properties.decisionDue)
    })
  })
})
