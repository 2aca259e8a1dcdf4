import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)
const parts = (prefix: string, iso: string) => {
  const [y, m, d] = iso.split('-')
  return { [`${prefix}-day`]: d, [`${prefix}-month`]: m, [`${prefix}-year`]: y }
}

/** A small but real PDF: its bytes start with the PDF signature. */
const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
)

describe(`advice: requests, the contributor's view, submission and receipt (${testEngine})`, () => {
  let t: TestApp
  let dataDir: string
  let caseworker: SignedInAgent
  let manager: SignedInAgent
  let ep: SignedInAgent
  let otherEp: SignedInAgent
  let senco: SignedInAgent
  let parent: SignedInAgent
  let childId: string
  let caseId: string
  let settingId: string

  const db = () => t.database.db
  const form = (a: SignedInAgent, url: string, body: Record<string, unknown>) =>
    a.agent
      .post(url)
      .type('form')
      .send({ _csrf: a.csrf, ...body })
  const api = (a: SignedInAgent, url: string, body: object) => a.agent.post(url).set('x-csrf-token', a.csrf).send(body)

  const adviceRows = (id = caseId) =>
    db().selectFrom('advice_request').selectAll().where('case_id', '=', id).orderBy('created_at').execute()
  const events = (kind: string, id = caseId) =>
    db().selectFrom('ehc_case_event').selectAll().where('case_id', '=', id).where('kind', '=', kind).execute()
  const notificationsTo = (userId: string) =>
    db().selectFrom('notification').selectAll().where('recipient_user_id', '=', userId).orderBy('created_at').execute()
  const audits = (action: string) =>
    db().selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('occurred_at').execute()

  async function assessingCase(overrides: Record<string, unknown> = {}) {
    const child = await makeChild(db(), t.authorityId, { legal_forename: 'Maya', legal_surname: 'Advice' })
    await putOnRoll(db(), t.authorityId, child.id, settingId)
    return makeCase(db(), t.authorityId, child.id, {
      status: 'assessing',
      request_received: daysAgo(60),
      decision_on: daysAgo(20),
      decision: 'assess',
      caseworker_user_id: caseworker.userId,
      ...overrides,
    })
  }

  async function askEp(id: string, contributorUserId = ep.userId) {
    const res = await api(caseworker, `/api/v1/ehc/cases/${id}/advice-requests`, {
      requests: [{ service: 'educational_psychology', contributorUserId, questions: 'Cognition and learning' }],
    }).expect(201)
    return res.body.adviceRequests[0].id as string
  }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-advice-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    caseworker = await t.signInAs('caseworker')
    manager = await t.signInAs('team_manager')
    ep = await t.signInAs('advice_giver')
    senco = await t.signInAs('senco')
    parent = await t.signInAs('parent')
    const other = await db()
      .insertInto('app_user')
      .values({
        authority_id: t.authorityId,
        email: 'other.ep@demo.ascend.invalid',
        display_name: 'Dr Other Psychologist',
        role: 'advice_giver',
        password_hash: null,
        is_demo: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    otherEp = await t.signInAsUser(other.id)
    settingId = (await makeSetting(db(), t.authorityId, { name: 'Oakfield Primary' })).id
    await giveSencoSetting(db(), t.authorityId, senco.userId, settingId)
    const c = await assessingCase()
    caseId = c.id
    childId = c.child_id
    await db()
      .insertInto('document')
      .values({
        authority_id: t.authorityId,
        child_id: childId,
        case_id: caseId,
        kind: 'evidence',
        filename: 'school-report.pdf',
        media_type: 'application/pdf',
        size_bytes: 2048,
        sha256: 'a'.repeat(64),
        storage_key: randomBytes(16).toString('hex'),
        scan_status: 'clean',
      })
      .execute()
  })
  after(async () => {
    await t.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('offers the usual services and the people who may be asked, but not preparing for adulthood before year 9', async () => {
    const page = await caseworker.agent.get(`/cases/${caseId}/advice-requests/new`).expect(200)
    for (const name of ['Educational psychology', 'Health', 'Social care', 'Education setting']) {
      assert.match(page.text, new RegExp(name))
    }
    assert.doesNotMatch(page.text, /Preparing for adulthood/)
    assert.match(page.text, /Dr Rhys Morgan/)
    assert.match(page.text, /Helen Carter, SENCO at Oakfield Primary/)
    assert.match(page.text, new RegExp(`name="requestedOn-year"[^>]*value="${today.slice(0, 4)}"`))
  })

  it('asks one service for advice: due in 6 weeks, on the timeline, and the contributor is emailed', async () => {
    const res = await form(caseworker, `/cases/${caseId}/advice-requests`, {
      ...parts('requestedOn', daysAgo(3)),
      services: 'educational_psychology',
      'contributor-educational_psychology': ep.userId,
      'questions-educational_psychology': 'Her reading and working memory',
    }).expect(303)
    assert.equal(res.headers.location, `/cases/${caseId}`)
    const [row] = await adviceRows()
    assert.ok(row)
    assert.equal(row.service, 'educational_psychology')
    assert.equal(row.contributor_user_id, ep.userId)
    assert.equal(row.requested_on, daysAgo(3))
    assert.equal(row.due_on, addDays(daysAgo(3), 42))
    assert.equal(row.questions, 'Her reading and working memory')
    const [event] = await events('advice_requested')
    assert.equal(event?.occurred_on, daysAgo(3))
    assert.equal(((event?.details ?? {}) as { adviceRequestId: string }).adviceRequestId, row.id)
    const [mail] = await notificationsTo(ep.userId)
    assert.ok(mail)
    assert.equal(mail.channel, 'email')
    assert.equal(mail.to_address, 'advice.giver@demo.ascend.invalid')
    assert.equal(mail.child_id, childId)
    assert.match(mail.body, /Her reading and working memory/)
    assert.match(mail.body, new RegExp(`/advice/${row.id}`))
    assert.match(mail.body, /Maya Advice/)
    assert.ok((await audits('ehc_case.advice_requested')).some((a) => a.record_id === caseId))
  })

  it('asks several services at once: a named person without an account, the setting’s SENCO, another advice giver', async () => {
    await form(caseworker, `/cases/${caseId}/advice-requests`, {
      ...parts('requestedOn', today),
      services: ['health', 'social_care', 'setting'],
      'contributor-health': 'named',
      'contributorName-health': 'Dr Nia Patel, community paediatrician',
      'contributorEmail-health': 'nia.patel@nhs.example',
      'contributor-social_care': otherEp.userId,
      'contributor-setting': senco.userId,
    }).expect(303)
    const rows = await adviceRows()
    assert.deepEqual(
      rows.map((r) => r.service),
      ['educational_psychology', 'health', 'social_care', 'setting'],
    )
    const health = rows.find((r) => r.service === 'health')!
    assert.equal(health.contributor_user_id, null)
    assert.equal(health.contributor_email, 'nia.patel@nhs.example')
    const mail = await db()
      .selectFrom('notification')
      .selectAll()
      .where('to_address', '=', 'nia.patel@nhs.example')
      .executeTakeFirstOrThrow()
    assert.match(mail.body, /Send your advice by email to Priya Shah/)
    assert.equal(rows.find((r) => r.service === 'setting')!.contributor_user_id, senco.userId)
    assert.equal((await events('advice_requested')).length, 4)
  })

  it('refuses bad requests with a reason and changes nothing', async () => {
    const before = (await adviceRows()).length
    const future = await form(caseworker, `/cases/${caseId}/advice-requests`, {
      ...parts('requestedOn', addDays(today, 1)),
      services: 'other',
      'contributor-other': ep.userId,
    }).expect(400)
    assert.match(future.text, /cannot be in the future/)
    assert.match(future.text, /href="#requestedOn"/)
    const beforeDecision = await api(caseworker, `/api/v1/ehc/cases/${caseId}/advice-requests`, {
      requestedOn: daysAgo(30),
      requests: [{ service: 'other', contributorUserId: ep.userId }],
    }).expect(400)
    assert.equal(beforeDecision.body.errors[0].field, 'requestedOn')
    assert.match(beforeDecision.body.errors[0].message, /before the decision to assess/)
    const nobody = await form(caseworker, `/cases/${caseId}/advice-requests`, {
      ...parts('requestedOn', today),
      services: 'other',
    }).expect(400)
    assert.match(nobody.text, /Choose who you are asking for other advice/)
    const noEmail = await form(caseworker, `/cases/${caseId}/advice-requests`, {
      ...parts('requestedOn', today),
      services: 'other',
      'contributor-other': 'named',
      'contributorName-other': 'Someone',
    }).expect(400)
    assert.match(noEmail.text, /Enter their email address/)
    const none = await form(caseworker, `/cases/${caseId}/advice-requests`, parts('requestedOn', today)).expect(400)
    assert.match(none.text, /Choose at least one service/)
    const again = await api(caseworker, `/api/v1/ehc/cases/${caseId}/advice-requests`, {
      requests: [{ service: 'educational_psychology', contributorUserId: ep.userId }],
    }).expect(400)
    assert.match(again.body.errors[0].message, /already awaited from Dr Rhys Morgan/)
    const pfa = await api(caseworker, `/api/v1/ehc/cases/${caseId}/advice-requests`, {
      requests: [{ service: 'preparing_for_adulthood', contributorUserId: ep.userId }],
    }).expect(400)
    assert.match(pfa.body.errors[0].message, /from year 9/)
    const parentAsked = await api(caseworker, `/api/v1/ehc/cases/${caseId}/advice-requests`, {
      requests: [{ service: 'health', contributorUserId: parent.userId }],
    }).expect(400)
    assert.equal(parentAsked.body.errors[0].field, 'requests.0.contributorUserId')
    assert.equal((await adviceRows()).length, before)
  })

  it('refuses advice requests on a case that is not being assessed, and to people who may not manage the case', async () => {
    const received = await assessingCase({ status: 'received', decision_on: null, decision: null })
    const res = await api(caseworker, `/api/v1/ehc/cases/${received.id}/advice-requests`, {
      requests: [{ service: 'educational_psychology', contributorUserId: ep.userId }],
    }).expect(409)
    assert.match(res.body.detail, /only be asked for while the case is being assessed/)
    const page = await form(caseworker, `/cases/${received.id}/advice-requests`, {
      ...parts('requestedOn', today),
      services: 'educational_psychology',
      'contributor-educational_psychology': ep.userId,
    }).expect(400)
    assert.match(page.text, /being assessed/)
    await api(ep, `/api/v1/ehc/cases/${caseId}/advice-requests`, {
      requests: [{ service: 'other', contributorUserId: ep.userId }],
    }).expect(403)
    await api(parent, `/api/v1/ehc/cases/${caseId}/advice-requests`, {
      requests: [{ service: 'other', contributorUserId: ep.userId }],
    }).expect(403)
    assert.equal((await adviceRows(received.id)).length, 0)
  })

  it('shows a contributor only the requests sent to them', async () => {
    const mine = await ep.agent.get('/advice').expect(200)
    assert.match(mine.text, /Your requests for advice/)
    assert.match(mine.text, /Maya Advice/)
    assert.match(mine.text, /Educational psychology/)
    assert.match(mine.text, /Due in 39 days/)
    assert.doesNotMatch(mine.text, /Social care/)
    const json = await ep.agent.get('/api/v1/ehc/advice').expect(200)
    assert.deepEqual(
      json.body.adviceRequests.map((r: { service: string }) => r.service),
      ['educational_psychology'],
    )
    const theirs = await senco.agent.get('/api/v1/ehc/advice').expect(200)
    assert.deepEqual(
      theirs.body.adviceRequests.map((r: { service: string }) => r.service),
      ['setting'],
    )
  })

  it('shows the request, the child and the evidence to the person asked, with the form to give advice', async () => {
    const [row] = await adviceRows()
    const page = await ep.agent.get(`/advice/${row!.id}`).expect(200)
    assert.match(page.text, /Maya Advice/)
    assert.match(page.text, /Oakfield Primary/)
    assert.match(page.text, /Her reading and working memory/)
    assert.match(page.text, /href="\/documents\/[0-9a-f-]{36}">school-report.pdf/)
    assert.match(page.text, /Give your advice/)
    assert.match(page.text, /enctype="multipart\/form-data"/)
    const read = (await audits('advice_request.read')).filter((a) => a.record_id === row!.id)
    assert.equal(read.at(-1)?.actor_user_id, ep.userId)
    assert.equal(read.at(-1)?.child_id, childId)
  })

  it('refuses another advice giver: an empty list, 403 on the page and on submitting, and nothing changes', async () => {
    const [row] = await adviceRows()
    const list = await otherEp.agent.get('/api/v1/ehc/advice').expect(200)
    assert.deepEqual(
      list.body.adviceRequests.map((r: { service: string }) => r.service),
      ['social_care'],
    )
    assert.doesNotMatch((await otherEp.agent.get('/advice').expect(200)).text, /Educational psychology/)
    await otherEp.agent.get(`/advice/${row!.id}`).expect(403)
    await otherEp.agent.get(`/api/v1/ehc/advice/${row!.id}`).expect(403)
    await form(otherEp, `/advice/${row!.id}`, { needsEducation: 'Not mine to give', provision: 'None' }).expect(403)
    await api(otherEp, `/api/v1/ehc/advice/${row!.id}`, {
      needs: { education: 'Not mine' },
      provision: 'None',
    }).expect(403)
    await form(otherEp, `/advice/${row!.id}/receipt`, parts('receivedOn', today)).expect(403)
    const after = await db()
      .selectFrom('advice_request')
      .selectAll()
      .where('id', '=', row!.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.received_on, null)
    assert.equal(after.version, row!.version)
    assert.equal((await events('advice_received')).length, 0)
    // Not the other advice giver's to read, and the parent's role does not read advice at all.
    await parent.agent.get(`/advice/${row!.id}`).expect(403)
    await parent.agent.get('/advice').expect(403)
  })

  it('refuses advice without the child’s needs or the provision, naming the field', async () => {
    const [row] = await adviceRows()
    const res = await form(ep, `/advice/${row!.id}`, { outcomes: 'Reads fluently' }).expect(400)
    assert.match(res.text, /href="#needs-education"/)
    assert.match(res.text, /Describe the provision you recommend/)
    assert.match(res.text, /Reads fluently/)
    const json = await api(ep, `/api/v1/ehc/advice/${row!.id}`, { needs: {}, provision: 'x' }).expect(400)
    assert.equal(json.body.errors[0].field, 'needs.education')
    assert.equal((await adviceRows())[0]!.received_on, null)
  })

  it('takes the advice with a PDF attached: received today, on the timeline, audited, the caseworker told', async () => {
    const [row] = await adviceRows()
    await ep.agent
      .post(`/advice/${row!.id}`)
      .field('_csrf', ep.csrf)
      .field('needsEducation', 'Working memory well below age expectations')
      .field('outcomes', 'Reads at age-related expectations by the end of key stage 2')
      .field('provision', 'Daily precision teaching, 20 minutes, by a trained teaching assistant')
      .attach('attachment', pdf, { filename: 'EP report.pdf', contentType: 'application/pdf' })
      .expect(303)
    const after = (await adviceRows())[0]!
    assert.equal(after.received_on, today)
    assert.deepEqual((after.advice as { needs: object }).needs, {
      education: 'Working memory well below age expectations',
    })
    const document = await db()
      .selectFrom('document')
      .selectAll()
      .where('id', '=', after.document_id!)
      .executeTakeFirstOrThrow()
    assert.equal(document.kind, 'advice')
    assert.equal(document.case_id, caseId)
    assert.equal(document.media_type, 'application/pdf')
    const [event] = await events('advice_received')
    assert.equal(((event?.details ?? {}) as { onTime: boolean }).onTime, true)
    assert.equal(event?.actor_user_id, ep.userId)
    const told = await notificationsTo(caseworker.userId)
    assert.ok(told.some((n) => n.template_key === 'ehc.advice-received' && n.body.includes(`/advice/${row!.id}`)))
    assert.ok((await audits('ehc_case.advice_received')).some((a) => a.actor_user_id === ep.userId))
    const page = await ep.agent.get(`/advice/${row!.id}`).expect(200)
    assert.match(page.text, /Advice received on/)
    assert.match(page.text, /Daily precision teaching/)
    assert.doesNotMatch(page.text, /Give your advice/)
    // The advice giver downloads their own report.
    const download = await ep.agent.get(`/documents/${after.document_id}`).expect(200)
    assert.equal(download.headers['content-type'], 'application/pdf')
  })

  it('refuses a second submission, saying when the advice was received', async () => {
    const [row] = await adviceRows()
    const res = await form(ep, `/advice/${row!.id}`, { needsEducation: 'Again', provision: 'Again' }).expect(409)
    assert.match(res.text, /Advice was already received on/)
    const json = await api(ep, `/api/v1/ehc/advice/${row!.id}`, {
      needs: { education: 'Again' },
      provision: 'x',
    }).expect(409)
    assert.match(json.body.detail, /already received on/)
    assert.equal((await events('advice_received')).length, 1)
  })

  it('lets the caseworker record advice that came on paper, with a date that is not in the future nor before the request', async () => {
    const health = (await adviceRows()).find((r) => r.service === 'health')!
    const future = await form(
      caseworker,
      `/advice/${health.id}/receipt`,
      parts('receivedOn', addDays(today, 1)),
    ).expect(400)
    assert.match(future.text, /cannot be in the future/)
    const early = await form(caseworker, `/advice/${health.id}/receipt`, parts('receivedOn', daysAgo(1))).expect(400)
    assert.match(early.text, /cannot be before it was asked for/)
    // The contributor is not the one to record receipt, and the caseworker does not give others' advice.
    const setting = (await adviceRows()).find((r) => r.service === 'setting')!
    await form(senco, `/advice/${setting.id}/receipt`, parts('receivedOn', today)).expect(403)
    await api(caseworker, `/api/v1/ehc/advice/${setting.id}`, { needs: { education: 'x' }, provision: 'y' }).expect(403)
    await form(caseworker, `/advice/${health.id}/receipt`, {
      ...parts('receivedOn', today),
      needsHealth: 'Asthma, managed with an inhaler',
    }).expect(303)
    const after = await db()
      .selectFrom('advice_request')
      .selectAll()
      .where('id', '=', health.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.received_on, today)
    assert.equal((after.advice as { needs: { health: string } }).needs.health, 'Asthma, managed with an inhaler')
    const event = (await events('advice_received')).find(
      (e) => (e.details as { adviceRequestId: string }).adviceRequestId === health.id,
    )
    assert.equal(((event?.details ?? {}) as { onBehalf: boolean }).onBehalf, true)
    assert.equal(event?.actor_user_id, caseworker.userId)
  })

  it('the SENCO gives the setting’s advice through the API, with the school’s report', async () => {
    const setting = (await adviceRows()).find((r) => r.service === 'setting')!
    const advice = {
      needs: { education: 'Needs adult support to start tasks' },
      outcomes: 'Starts tasks independently',
      provision: 'Visual timetable and a now-and-next board',
    }
    // A report the service cannot take is refused, naming it, and nothing is recorded.
    const program = await api(senco, `/api/v1/ehc/advice/${setting.id}`, {
      ...advice,
      attachment: { filename: 'report.pdf', content: Buffer.from('MZ\x90\x00 a program').toString('base64') },
    }).expect(400)
    assert.equal(program.body.errors[0].field, 'attachment')
    const notBase64 = await api(senco, `/api/v1/ehc/advice/${setting.id}`, {
      ...advice,
      attachment: { filename: 'report.pdf', content: 'not base64!' },
    }).expect(400)
    assert.equal(notBase64.body.errors[0].field, 'attachment.content')
    assert.equal(
      (
        await db()
          .selectFrom('advice_request')
          .select('received_on')
          .where('id', '=', setting.id)
          .executeTakeFirstOrThrow()
      ).received_on,
      null,
    )

    // A report of 200kB: more than any JSON body without a document may carry.
    const report = Buffer.concat([
      Buffer.from('%PDF-1.4\n'),
      Buffer.alloc(200 * 1024, 0x20),
      Buffer.from('\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    ])
    const res = await api(senco, `/api/v1/ehc/advice/${setting.id}`, {
      ...advice,
      attachment: { filename: 'Year 4 SEN support review.pdf', content: report.toString('base64') },
    }).expect(200)
    assert.equal(res.body.receivedOn, today)
    const after = await db()
      .selectFrom('advice_request')
      .select('document_id')
      .where('id', '=', setting.id)
      .executeTakeFirstOrThrow()
    assert.ok(after.document_id)
    const kept = await senco.agent.get(`/documents/${after.document_id}`).buffer(true).expect(200)
    assert.equal(Buffer.compare(kept.body as Buffer, report), 0)
    const detail = await senco.agent.get(`/api/v1/ehc/advice/${setting.id}`).expect(200)
    assert.equal(detail.body.status, 'received')
    assert.equal(detail.body.advice.provision, 'Visual timetable and a now-and-next board')
    assert.equal(detail.body.evidence[0].filename, 'school-report.pdf')
  })

  it('cancels a request with a reason: the contributor is told, no longer sees the child, and cannot submit', async () => {
    const social = (await adviceRows()).find((r) => r.service === 'social_care')!
    const noReason = await form(caseworker, `/advice/${social.id}/cancel`, { reason: '' }).expect(400)
    assert.match(noReason.text, /Give the reason for cancelling/)
    await form(otherEp, `/advice/${social.id}/cancel`, { reason: 'Mine to cancel?' }).expect(403)
    await form(caseworker, `/advice/${social.id}/cancel`, {
      reason: 'The family already has a social worker’s report',
    }).expect(303)
    const after = await db()
      .selectFrom('advice_request')
      .selectAll()
      .where('id', '=', social.id)
      .executeTakeFirstOrThrow()
    assert.equal(after.cancelled_on, today)
    const [event] = await events('advice_cancelled')
    assert.equal(event?.reason, 'The family already has a social worker’s report')
    assert.ok((await notificationsTo(otherEp.userId)).some((n) => n.template_key === 'ehc.advice-cancelled'))
    const list = await otherEp.agent.get('/api/v1/ehc/advice').expect(200)
    assert.equal(list.body.adviceRequests.length, 0)
    const page = await otherEp.agent.get(`/advice/${social.id}`).expect(200)
    assert.match(page.text, /was cancelled on/)
    assert.doesNotMatch(page.text, /Maya Advice/)
    const submit = await api(otherEp, `/api/v1/ehc/advice/${social.id}`, {
      needs: { socialCare: 'x' },
      provision: 'y',
    }).expect(409)
    assert.match(submit.body.detail, /cancelled on/)
    const again = await form(caseworker, `/advice/${social.id}/cancel`, { reason: 'Twice' }).expect(409)
    assert.match(again.text, /already cancelled/)
  })

  it('shows caseworkers and managers the requests on their cases, filtered by service and overdue', async () => {
    const overdueCase = await assessingCase({ decision_on: daysAgo(50) })
    const overdueId = await askEp(overdueCase.id)
    await db()
      .updateTable('advice_request')
      .set({ requested_on: daysAgo(45), due_on: daysAgo(3) })
      .where('id', '=', overdueId)
      .execute()
    const all = await caseworker.agent.get('/api/v1/ehc/advice?status=all').expect(200)
    assert.equal(all.body.total, 5)
    const overdue = await caseworker.agent.get('/api/v1/ehc/advice?status=overdue').expect(200)
    assert.deepEqual(
      overdue.body.adviceRequests.map((r: { id: string }) => r.id),
      [overdueId],
    )
    const page = await caseworker.agent.get('/advice?status=overdue&service=educational_psychology').expect(200)
    assert.match(page.text, /3 days overdue/)
    assert.match(page.text, /govuk-tag--red/)
    const bad = await caseworker.agent.get('/advice?status=late').expect(400)
    assert.match(bad.text, /Choose a status from the list/)
    const managed = await manager.agent.get('/api/v1/ehc/advice?service=educational_psychology&status=all').expect(200)
    assert.equal(managed.body.total, 2)
    // A caseworker reads a request on a case they do not manage, but may not record or cancel it.
    const other = await assessingCase({ caseworker_user_id: null })
    const otherId = await (async () => {
      const res = await api(manager, `/api/v1/ehc/cases/${other.id}/advice-requests`, {
        requests: [{ service: 'educational_psychology', contributorUserId: ep.userId }],
      }).expect(201)
      return res.body.adviceRequests[0].id as string
    })()
    const notMine = await caseworker.agent.get('/api/v1/ehc/advice?status=all').expect(200)
    assert.ok(!notMine.body.adviceRequests.some((r: { id: string }) => r.id === otherId))
    const readOnly = await caseworker.agent.get(`/advice/${otherId}`).expect(200)
    assert.doesNotMatch(readOnly.text, /Record advice received/)
    await form(caseworker, `/advice/${otherId}/receipt`, parts('receivedOn', today)).expect(403)
    await form(caseworker, `/advice/${otherId}/cancel`, { reason: 'Not mine' }).expect(403)
  })

  it('links the case page to each request for advice and to the form to ask for more', async () => {
    const page = await caseworker.agent.get(`/cases/${caseId}`).expect(200)
    for (const r of await adviceRows()) assert.match(page.text, new RegExp(`href="/advice/${r.id}"`))
    assert.match(page.text, new RegExp(`href="/cases/${caseId}/advice-requests/new"`))
  })

  it('answers 404 for a request that does not exist', async () => {
    await ep.agent.get('/advice/00000000-0000-0000-0000-000000000000').expect(404)
    await ep.agent.get('/advice/not-a-uuid').expect(404)
  })
})
