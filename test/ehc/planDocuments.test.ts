import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import request from 'supertest'
import { addDays, splitIsoDate, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { identifyDocument, maxDocumentBytes } from '../../src/platform/documents/mediaTypes.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'
import { wordText } from '../support/word.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)

function dateFields(prefix: string, date: string) {
  const { year, month, day } = splitIsoDate(date)
  return { [`${prefix}-day`]: String(day), [`${prefix}-month`]: String(month), [`${prefix}-year`]: String(year) }
}

describe(`the draft and final plans as documents: kept when issued, read by the family and the settings consulted (${testEngine})`, () => {
  let t: TestApp
  let dataDir: string
  let caseworker: SignedInAgent
  let senco: SignedInAgent
  let otherSenco: SignedInAgent
  let parent: SignedInAgent
  let otherParent: SignedInAgent
  let currentSchool: string
  let specialSchool: string
  let otherSchool: string

  const db = () => t.database.db
  const caseRow = (id: string) => db().selectFrom('ehc_case').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  const documentsOf = (caseId: string) =>
    db().selectFrom('document').selectAll().where('case_id', '=', caseId).orderBy('created_at').execute()
  const storedFiles = async () => {
    const entries = await fs
      .readdir(path.join(dataDir, 'documents'), { recursive: true, withFileTypes: true })
      .catch(() => [])
    return entries.filter((e) => e.isFile()).length
  }

  /** A step recorded through the case page's form, as multipart with the token first, as the page sends it. */
  function step(
    who: SignedInAgent,
    caseId: string,
    transition: string,
    version: number,
    extra: Record<string, string> = {},
    file?: { bytes: Buffer; filename: string },
  ) {
    let req = who.agent
      .post(`/cases/${caseId}/transitions`)
      .field('_csrf', who.csrf)
      .field('transition', transition)
      .field('version', String(version))
    for (const [name, value] of Object.entries({ ...dateFields(`${transition}-on`, today), ...extra })) {
      req = req.field(name, value)
    }
    return file ? req.attach('file', file.bytes, { filename: file.filename, contentType: 'application/pdf' }) : req
  }

  /** Consults a setting on the case's draft plan through the case's form; the consultation's id. */
  async function consult(caseId: string, settingId: string): Promise<string> {
    await caseworker.agent
      .post(`/cases/${caseId}/consultations`)
      .type('form')
      .send({ _csrf: caseworker.csrf, settingId, ...dateFields('sentOn', today) })
      .expect(303)
    const consultation = await db()
      .selectFrom('ehc_consultation')
      .select('id')
      .where('case_id', '=', caseId)
      .where('setting_id', '=', settingId)
      .executeTakeFirstOrThrow()
    return consultation.id
  }

  /** The setting's SENCO replies to its consultation through the consultation's page. */
  const reply = (who: SignedInAgent, consultationId: string, answer: string, note?: string) =>
    who.agent
      .post(`/consultations/${consultationId}`)
      .type('form')
      .send({ _csrf: who.csrf, reply: answer, ...(note ? { note } : {}) })
      .expect(303)

  async function signInAsNew(role: 'senco' | 'parent', email: string): Promise<SignedInAgent> {
    const user = await db()
      .insertInto('app_user')
      .values({ authority_id: t.authorityId, email, display_name: `Other ${role}`, role, is_demo: true })
      .returning('id')
      .executeTakeFirstOrThrow()
    return t.signInAsUser(user.id)
  }

  /** A case whose panel decided to issue a plan: the draft is being written. */
  async function draftingCase(overrides: Record<string, unknown> = {}) {
    const child = await makeChild(db(), t.authorityId, { legal_forename: 'Ava', legal_surname: 'Plan' })
    await putOnRoll(db(), t.authorityId, child.id, currentSchool)
    await linkParent(db(), t.authorityId, child.id, parent.userId)
    return makeCase(db(), t.authorityId, child.id, {
      status: 'drafting',
      request_received: daysAgo(100),
      decision_on: daysAgo(60),
      decision: 'assess',
      issue_decision_on: daysAgo(20),
      issue_decision: 'issue',
      caseworker_user_id: caseworker.userId,
      ...overrides,
    })
  }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-plans-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    caseworker = await t.signInAs('caseworker')
    senco = await t.signInAs('senco')
    parent = await t.signInAs('parent')
    otherSenco = await signInAsNew('senco', 'plans.other.senco@demo.ascend.invalid')
    otherParent = await signInAsNew('parent', 'plans.other.parent@demo.ascend.invalid')
    currentSchool = (await makeSetting(db(), t.authorityId, { name: 'Oakfield Primary' })).id
    specialSchool = (await makeSetting(db(), t.authorityId, { name: 'Brookside Special School', provision: 'special' }))
      .id
    otherSchool = (await makeSetting(db(), t.authorityId, { name: 'Elm Tree Primary' })).id
    // The SENCO of the school being consulted, who has no pupil of the child's; another school's SENCO.
    await giveSencoSetting(db(), t.authorityId, senco.userId, specialSchool)
    await giveSencoSetting(db(), t.authorityId, otherSenco.userId, otherSchool)
  })
  after(async () => {
    await t.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('asks for the draft plan’s file, refuses one that is not a document, and changes nothing', async () => {
    const c = await draftingCase()
    const form = await caseworker.agent.get(`/cases/${c.id}`).expect(200)
    assert.match(form.text, /enctype="multipart\/form-data"/)
    assert.match(form.text, /<label class="govuk-label govuk-label--s" for="issue_draft-file">\s*The draft plan/)
    const files = await storedFiles()

    const none = await step(caseworker, c.id, 'issue_draft', 1).expect(400)
    assert.match(none.text, /Select the draft plan/)
    assert.match(none.text, /href="#issue_draft-file"/)
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)])
    const renamed = await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes: exe, filename: 'plan.pdf' })
    assert.equal(renamed.status, 400)
    assert.match(renamed.text, /The selected file must be a PDF, Word/)
    const tooBig = await step(
      caseworker,
      c.id,
      'issue_draft',
      1,
      {},
      { bytes: Buffer.concat([pdf('big'), Buffer.alloc(maxDocumentBytes)]), filename: 'plan.pdf' },
    )
    assert.equal(tooBig.status, 400)
    assert.match(tooBig.text, /The selected file must be smaller than 10MB/)
    assert.match(tooBig.text, /href="#issue_draft-file"/)

    const after = await caseRow(c.id)
    assert.deepEqual([after.status, after.version, after.draft_issued_on], ['drafting', 1, null])
    assert.equal((await documentsOf(c.id)).length, 0)
    assert.equal(await storedFiles(), files)
  })

  it('keeps no file when the step is refused: not yet possible, or the case changed meanwhile', async () => {
    const files = await storedFiles()
    const early = await draftingCase({ status: 'assessing', issue_decision: null, issue_decision_on: null })
    const refused = await step(caseworker, early.id, 'issue_draft', 1, {}, { bytes: pdf('early'), filename: 'd.pdf' })
    assert.equal(refused.status, 409)
    assert.match(refused.text, /Draft plan issued cannot be recorded on a case that is/)

    const c = await draftingCase()
    const stale = await step(caseworker, c.id, 'issue_draft', 7, {}, { bytes: pdf('stale'), filename: 'd.pdf' })
    assert.equal(stale.status, 409)
    assert.match(stale.text, /Someone else changed this case/)

    for (const id of [early.id, c.id]) {
      assert.equal((await documentsOf(id)).length, 0)
      assert.equal((await caseRow(id)).version, 1)
    }
    assert.equal(await storedFiles(), files)
  })

  it('keeps the draft plan as the case’s plan, names it on the step, lists it for the caseworker and tells the family', async () => {
    const c = await draftingCase()
    const bytes = pdf('draft plan for Ava')
    await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes, filename: 'Ava draft plan.pdf' }).expect(303)

    const after = await caseRow(c.id)
    assert.deepEqual([after.status, after.draft_issued_on], ['draft_issued', today])
    const [doc, ...more] = await documentsOf(c.id)
    assert.ok(doc)
    assert.equal(more.length, 0)
    assert.deepEqual(
      [doc.kind, doc.child_id, doc.filename, doc.media_type, doc.uploaded_by_user_id],
      ['plan', c.child_id, 'Ava draft plan.pdf', 'application/pdf', caseworker.userId],
    )
    const event = await db()
      .selectFrom('ehc_case_event')
      .select('details')
      .where('case_id', '=', c.id)
      .where('kind', '=', 'issue_draft')
      .executeTakeFirstOrThrow()
    assert.equal((event.details as { planDocumentId?: string }).planDocumentId, doc.id)
    const created = await db()
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id'])
      .where('record_id', '=', doc.id)
      .execute()
    assert.deepEqual(created, [{ action: 'document.create', actor_user_id: caseworker.userId }])

    const page = await caseworker.agent.get(`/cases/${c.id}`).expect(200)
    assert.match(page.text, /id="documents"/)
    assert.match(
      page.text,
      new RegExp(
        `Draft EHC plan</td>\\s*<td class="govuk-table__cell"><a class="govuk-link" href="/documents/${doc.id}">Ava draft plan.pdf</a>`,
      ),
    )
    assert.match(page.text, /Plan: Ava draft plan.pdf/)
    const download = await caseworker.agent.get(`/documents/${doc.id}`).buffer(true).expect(200)
    assert.deepEqual(download.body, bytes)

    // The family's page offers the plan to read, and the file is theirs to download.
    const familyPage = await parent.agent.get(`/your-requests/${c.id}`).expect(200)
    assert.match(familyPage.text, /The plan we sent you/)
    assert.match(familyPage.text, new RegExp(`<a class="govuk-link" href="/documents/${doc.id}">Draft EHC plan</a>`))
    // What happens next asks them to read it, and links to it.
    assert.match(
      familyPage.text,
      new RegExp(`Read <a class="govuk-link" href="/documents/${doc.id}">the draft plan</a>\\. Tell us`),
    )
    const theirs = await parent.agent.get(`/documents/${doc.id}`).buffer(true).expect(200)
    assert.deepEqual(theirs.body, bytes)
    // Another family is told nothing is there.
    await otherParent.agent.get(`/documents/${doc.id}`).expect(404)
  })

  it('lets the SENCO of a setting consulted read the draft plan, and no other document of the child, nor any other SENCO', async () => {
    const c = await draftingCase()
    await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes: pdf('draft'), filename: 'draft.pdf' }).expect(303)
    const [plan] = await documentsOf(c.id)
    assert.ok(plan)
    const evidence = await db()
      .insertInto('document')
      .values({
        authority_id: t.authorityId,
        child_id: c.child_id,
        case_id: c.id,
        kind: 'evidence',
        filename: 'Speech and language report.pdf',
        media_type: 'application/pdf',
        size_bytes: 10,
        sha256: '0'.repeat(64),
        storage_key: 'not-read',
        scan_status: 'clean',
      })
      .returning('id')
      .executeTakeFirstOrThrow()

    // Before the setting is consulted, its SENCO may not read the plan: the child is not on its roll.
    await senco.agent.get(`/documents/${plan.id}`).expect(403)

    const consultationId = await consult(c.id, specialSchool)
    const page = await senco.agent.get(`/consultations/${consultationId}`).expect(200)
    assert.match(page.text, new RegExp(`href="/documents/${plan.id}">draft.pdf</a>`))
    const download = await senco.agent.get(`/documents/${plan.id}`).buffer(true).expect(200)
    assert.deepEqual(download.body, pdf('draft'))
    const audited = await db()
      .selectFrom('audit_log')
      .select(['action', 'child_id'])
      .where('record_id', '=', plan.id)
      .where('actor_user_id', '=', senco.userId)
      .execute()
    assert.deepEqual(audited, [{ action: 'document.download', child_id: c.child_id }])

    // The consultation opens the plan only: not the child's evidence, and not to a SENCO of a setting not consulted.
    await senco.agent.get(`/documents/${evidence.id}`).expect(403)
    await otherSenco.agent.get(`/documents/${plan.id}`).expect(403)
  })

  it('keeps the final plan too, so the family has both, each named for what it is', async () => {
    const c = await draftingCase()
    await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes: pdf('draft'), filename: 'draft.pdf' }).expect(303)
    // The setting to be named is consulted and replies; the family's 15 days have run.
    const consultation = await consult(c.id, specialSchool)
    await reply(senco, consultation, 'can_meet_needs')
    await db()
      .updateTable('ehc_case')
      .set({ draft_issued_on: daysAgo(20) })
      .where('id', '=', c.id)
      .execute()
    const version = (await caseRow(c.id)).version
    const none = await step(caseworker, c.id, 'issue_final', version, { namedSettingId: specialSchool }).expect(400)
    assert.match(none.text, /Select the final plan/)
    assert.equal((await caseRow(c.id)).status, 'draft_issued')
    await step(
      caseworker,
      c.id,
      'issue_final',
      version,
      { namedSettingId: specialSchool },
      { bytes: pdf('final'), filename: 'final.pdf' },
    ).expect(303)
    assert.equal((await caseRow(c.id)).status, 'final_issued')
    const [draft, final] = await documentsOf(c.id)
    assert.ok(draft && final)
    const familyPage = await parent.agent.get(`/your-requests/${c.id}`).expect(200)
    assert.match(familyPage.text, /The plans we sent you/)
    assert.match(familyPage.text, new RegExp(`href="/documents/${draft.id}">Draft EHC plan</a>`))
    assert.match(familyPage.text, new RegExp(`href="/documents/${final.id}">Final EHC plan</a>`))
    const casePage = await caseworker.agent.get(`/cases/${c.id}`).expect(200)
    assert.match(casePage.text, /Final EHC plan<\/td>/)
  })

  it('takes the plan back from a setting consulted and not named when the case closes, leaving it its reply; the setting named keeps it', async () => {
    const c = await draftingCase()
    await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes: pdf('draft'), filename: 'draft.pdf' }).expect(303)
    const brooksideConsultation = await consult(c.id, specialSchool)
    const elmConsultation = await consult(c.id, otherSchool)
    await reply(otherSenco, elmConsultation, 'cannot_meet_needs', 'No place in year 4.')
    await reply(senco, brooksideConsultation, 'can_meet_needs')
    const [draft] = await documentsOf(c.id)
    assert.ok(draft)
    await otherSenco.agent.get(`/documents/${draft.id}`).expect(200)

    await db()
      .updateTable('ehc_case')
      .set({ draft_issued_on: daysAgo(20) })
      .where('id', '=', c.id)
      .execute()
    await step(
      caseworker,
      c.id,
      'issue_final',
      (await caseRow(c.id)).version,
      { namedSettingId: specialSchool },
      { bytes: pdf('final'), filename: 'final.pdf' },
    ).expect(303)
    const [, final] = await documentsOf(c.id)
    assert.ok(final)

    // Elm Tree was consulted and not named: neither plan is shared with it now, though its reply stays on its page.
    await otherSenco.agent.get(`/documents/${draft.id}`).expect(403)
    await otherSenco.agent.get(`/documents/${final.id}`).expect(403)
    const page = await otherSenco.agent.get(`/consultations/${elmConsultation}`).expect(200)
    assert.doesNotMatch(page.text, /href="\/documents\//)
    assert.match(page.text, /naming another setting, so the plan is no longer shared with Elm Tree Primary\./)
    assert.match(page.text, /No place in year 4\./)

    // Brookside is named in the final plan: its SENCO reads both, to admit the child.
    await senco.agent.get(`/documents/${final.id}`).expect(200)
    await senco.agent.get(`/documents/${draft.id}`).expect(200)
  })

  it('takes the draft back from the settings consulted when the request is withdrawn', async () => {
    const c = await draftingCase()
    await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes: pdf('draft'), filename: 'draft.pdf' }).expect(303)
    const consultationId = await consult(c.id, specialSchool)
    const [draft] = await documentsOf(c.id)
    assert.ok(draft)
    await senco.agent.get(`/documents/${draft.id}`).expect(200)
    const awaited = await senco.agent.get('/setting-requests').expect(200)
    assert.match(awaited.text, /href="\/consultations\/[0-9a-f-]{36}">Ava Plan/)
    await step(caseworker, c.id, 'withdraw', (await caseRow(c.id)).version, {
      reason: 'The family moved to Scotland.',
    }).expect(303)
    assert.equal((await caseRow(c.id)).status, 'withdrawn')
    await senco.agent.get(`/documents/${draft.id}`).expect(403)
    const page = await senco.agent.get(`/consultations/${consultationId}`).expect(200)
    assert.match(
      page.text,
      /The assessment ended on .+, so the draft plan is no longer shared with Brookside Special School\./,
    )
    assert.doesNotMatch(page.text, /href="\/documents\//)
    assert.match(page.text, /No longer needed/)
    // Nor is the reply awaited on the SENCO's list any more.
    const after = await senco.agent.get('/setting-requests').expect(200)
    assert.doesNotMatch(after.text, new RegExp(`/consultations/${consultationId}`))
  })

  const outline = (who: SignedInAgent, caseId: string) =>
    who.agent.get(`/cases/${caseId}/plan-outline`).buffer(true).responseType('blob')

  it('writes the plan to start from out of the case’s record, as a Word document the plan step then takes', async () => {
    const c = await draftingCase({ family_views: 'Ava loves drawing and wants to stay with her friends.' })
    const advice = (
      service: 'educational_psychology' | 'setting' | 'other',
      receivedOn: string | null,
      provision: string,
      cancelledOn: string | null = null,
    ) =>
      db()
        .insertInto('advice_request')
        .values({
          authority_id: t.authorityId,
          case_id: c.id,
          service,
          contributor_name: `${service} adviser`,
          requested_on: daysAgo(50),
          due_on: daysAgo(8),
          received_on: receivedOn,
          advice: receivedOn ? JSON.stringify({ needs: { education: `Needs seen by ${service}.` }, provision }) : null,
          cancelled_on: cancelledOn,
        })
        .execute()
    await advice('educational_psychology', daysAgo(10), 'Small-group teaching every day.')
    await advice('setting', null, 'Not yet given.')
    await advice('other', daysAgo(12), 'Withdrawn advice.', daysAgo(11))

    const page = await caseworker.agent.get(`/cases/${c.id}`).expect(200)
    assert.match(page.text, new RegExp(`href="/cases/${c.id}/plan-outline" id="issue_draft-outline"`))
    const res = await outline(caseworker, c.id).expect(200)
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    // Saved, never shown: nothing in it may run in the service's origin.
    assert.match(String(res.headers['content-security-policy']), /sandbox/)
    assert.match(
      res.headers['content-disposition']!,
      new RegExp(`attachment; filename="${c.reference} draft EHC plan.docx"`),
    )
    const text = wordText(res.body)
    assert.equal(text[0], 'DRAFT Education, Health and Care plan')
    assert.ok(text.includes('Ava loves drawing and wants to stay with her friends.'))
    assert.ok(text.includes('Small-group teaching every day.'))
    assert.ok(
      !text.some((p) => /Not yet given|Withdrawn advice/.test(p)),
      'advice not received or cancelled is left out',
    )
    const read = await db()
      .selectFrom('audit_log')
      .select(['action', 'child_id', 'actor_user_id'])
      .where('record_id', '=', c.id)
      .where('action', '=', 'ehc_case.plan_outline')
      .execute()
    assert.deepEqual(read, [
      { action: 'ehc_case.plan_outline', child_id: c.child_id, actor_user_id: caseworker.userId },
    ])

    // Edited or not, it is what the plan step accepts.
    const filename = `${c.reference} draft EHC plan.docx`
    assert.equal((await identifyDocument(filename, res.body)).ok, true)
    await step(caseworker, c.id, 'issue_draft', 1, {}, { bytes: res.body, filename }).expect(303)
    const [kept] = await documentsOf(c.id)
    assert.equal(kept?.filename, filename)
    // Now the final plan is the one to write.
    const final = await outline(caseworker, c.id).expect(200)
    assert.equal(wordText(final.body)[0], 'Education, Health and Care plan')
  })

  it('gives the plan to start from only to those who may issue it, and only while a plan is being written', async () => {
    const c = await draftingCase()
    await outline(parent, c.id).expect(403)
    await outline(senco, c.id).expect(403)
    await outline(await t.signInAs('advice_giver'), c.id).expect(403)
    await outline(await t.signInAs('panel_member'), c.id).expect(403)
    await request(t.app).get(`/cases/${c.id}/plan-outline`).expect(303)
    await outline(caseworker, 'not-a-case').expect(404)
    await outline(caseworker, '00000000-0000-4000-8000-000000000000').expect(404)
    const assessing = await draftingCase({ status: 'assessing', issue_decision_on: null, issue_decision: null })
    const early = await outline(caseworker, assessing.id).expect(409)
    assert.match(early.body.toString(), /once the panel decides to issue one/)
    const reads = await db()
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'ehc_case.plan_outline')
      .where('record_id', 'in', [c.id, assessing.id])
      .execute()
    assert.equal(reads.length, 0, 'a refusal reads nothing')
  })
})
