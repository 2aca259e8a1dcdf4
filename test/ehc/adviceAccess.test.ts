import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import { fileDocumentStorage, newStorageKey } from '../../src/platform/documents/storage.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'

const today = todayInLondon()
const daysAgo = (n: number) => addDays(today, -n)
const pdf = (text: string) => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)

type Scenario = 'awaited' | 'received28' | 'received29' | 'caseClosed'

/**
 * An advice giver sees the child's record and the case's evidence while their advice is awaited on an open case and
 * until 28 days after giving it (src/platform/policy/adviceAccess.ts); their own request and advice stay theirs.
 */
describe(`EHC advice: an advice giver's sight of the child ends 28 days after their advice (${testEngine})`, () => {
  let t: TestApp
  let dataDir: string
  let ep: SignedInAgent
  let caseworker: SignedInAgent
  const made = {} as Record<
    Scenario,
    { requestId: string; caseId: string; childId: string; evidenceId: string; adviceDocId: string }
  >

  async function storedDocument(childId: string, caseId: string, kind: 'evidence' | 'advice', filename: string) {
    const key = newStorageKey()
    await fileDocumentStorage(path.join(dataDir, 'documents')).put(key, pdf(filename))
    return t.database.db
      .insertInto('document')
      .values({
        authority_id: t.authorityId,
        child_id: childId,
        case_id: caseId,
        kind,
        filename,
        media_type: 'application/pdf',
        size_bytes: pdf(filename).length,
        sha256: 'a'.repeat(64),
        storage_key: key,
        scan_status: 'clean',
        uploaded_by_user_id: kind === 'advice' ? ep.userId : caseworker.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  }

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-advice-access-'))
    t = await createTestApp({ DATA_DIR: dataDir })
    ep = await t.signInAs('advice_giver')
    caseworker = await t.signInAs('caseworker')
    const db = t.database.db
    const school = await makeSetting(db, t.authorityId, { name: 'Hillcrest Primary' })
    const scenarios: Record<Scenario, { receivedOn: string | null; closedOn: string | null }> = {
      awaited: { receivedOn: null, closedOn: null },
      received28: { receivedOn: daysAgo(28), closedOn: null },
      received29: { receivedOn: daysAgo(29), closedOn: null },
      caseClosed: { receivedOn: null, closedOn: daysAgo(1) },
    }
    for (const [which, s] of Object.entries(scenarios) as [Scenario, (typeof scenarios)[Scenario]][]) {
      const child = await makeChild(db, t.authorityId, { legal_forename: `Advice${which}`, legal_surname: 'Sight' })
      await putOnRoll(db, t.authorityId, child.id, school.id)
      const c = await makeCase(db, t.authorityId, child.id, {
        status: s.closedOn ? 'withdrawn' : 'assessing',
        request_received: daysAgo(90),
        decision_on: daysAgo(60),
        decision: 'assess',
        closed_on: s.closedOn,
        caseworker_user_id: caseworker.userId,
      })
      const evidence = await storedDocument(child.id, c.id, 'evidence', `${which}-evidence.pdf`)
      const adviceDoc = await storedDocument(child.id, c.id, 'advice', `${which}-advice.pdf`)
      const request = await db
        .insertInto('advice_request')
        .values({
          authority_id: t.authorityId,
          case_id: c.id,
          service: 'educational_psychology',
          contributor_user_id: ep.userId,
          contributor_name: 'Dr Rhys Morgan',
          requested_on: daysAgo(55),
          due_on: daysAgo(13),
          received_on: s.receivedOn,
          advice: s.receivedOn
            ? JSON.stringify({ needs: { education: `Needs seen in ${which}.` }, provision: 'Daily.' })
            : null,
          document_id: s.receivedOn ? adviceDoc.id : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      made[which] = {
        requestId: request.id,
        caseId: c.id,
        childId: child.id,
        evidenceId: evidence.id,
        adviceDocId: adviceDoc.id,
      }
    }
  })
  after(async () => {
    await t.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('lets the advice giver see the child, the setting and the evidence while the advice is awaited, and 28 days after it came', async () => {
    for (const which of ['awaited', 'received28'] as const) {
      const m = made[which]
      await ep.agent.get(`/children/${m.childId}`).expect(200)
      const page = await ep.agent.get(`/advice/${m.requestId}`).expect(200)
      assert.match(page.text, /Hillcrest Primary/)
      assert.match(page.text, new RegExp(`href="/documents/${m.evidenceId}">${which}-evidence.pdf`))
      const evidence = await ep.agent.get(`/documents/${m.evidenceId}`).buffer(true).expect(200)
      assert.deepEqual(evidence.body, pdf(`${which}-evidence.pdf`))
    }
    const children = await ep.agent.get('/api/v1/children').expect(200)
    assert.ok(JSON.stringify(children.body).includes(made.received28.childId))
  })

  it('refuses the child and the evidence 29 days after the advice came, keeping the request and the advice given, and audits no read of the child', async () => {
    const m = made.received29
    const childReads = () =>
      t.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('child_id', '=', m.childId)
        .where('action', '!=', 'advice_request.read')
        .execute()
    const before = (await childReads()).length
    await ep.agent.get(`/children/${m.childId}`).expect(403)
    await ep.agent.get(`/api/v1/children/${m.childId}`).expect(403)
    await ep.agent.get(`/documents/${m.evidenceId}`).expect(403)
    const children = await ep.agent.get('/api/v1/children').expect(200)
    assert.ok(!JSON.stringify(children.body).includes(m.childId))
    assert.equal((await childReads()).length, before)

    const page = await ep.agent.get(`/advice/${m.requestId}`).expect(200)
    assert.match(page.text, /Advicereceived29 Sight/)
    assert.match(page.text, /Needs seen in received29\./)
    assert.doesNotMatch(page.text, /Hillcrest Primary/)
    assert.doesNotMatch(page.text, new RegExp(`/documents/${m.evidenceId}`))
    assert.match(page.text, /The child’s setting and the evidence were shared with you until .+, to write your advice/)
    const own = await ep.agent.get(`/documents/${m.adviceDocId}`).buffer(true).expect(200)
    assert.deepEqual(own.body, pdf('received29-advice.pdf'))
  })

  it('refuses the child and the evidence when the case closes with the advice still awaited', async () => {
    const m = made.caseClosed
    await ep.agent.get(`/children/${m.childId}`).expect(403)
    await ep.agent.get(`/documents/${m.evidenceId}`).expect(403)
    const page = await ep.agent.get(`/advice/${m.requestId}`).expect(200)
    assert.match(
      page.text,
      /The assessment ended on .+, so the child’s setting and the evidence are no longer shared with you\./,
    )
    assert.doesNotMatch(page.text, /Give your advice/)
    assert.match(page.text, /The assessment has ended \(withdrawn\): advice is no longer needed\./)
    assert.match(page.text, /govuk-tag--grey">No longer needed</)
    assert.doesNotMatch(page.text, /overdue/)
    // Nor is it outstanding in their list: nobody is waiting for it.
    const all = await ep.agent.get('/api/v1/ehc/advice').expect(200)
    const listed = all.body.adviceRequests.find((r: { id: string }) => r.id === m.requestId)
    assert.equal(listed?.status, 'no_longer_needed')
    const outstanding = await ep.agent.get('/api/v1/ehc/advice?status=outstanding').expect(200)
    const ids = outstanding.body.adviceRequests.map((r: { id: string }) => r.id)
    assert.ok(ids.includes(made.awaited.requestId))
    assert.ok(!ids.includes(m.requestId))
  })

  it('keeps everything open to the caseworker', async () => {
    const m = made.received29
    await caseworker.agent.get(`/children/${m.childId}`).expect(200)
    const page = await caseworker.agent.get(`/advice/${m.requestId}`).expect(200)
    assert.match(page.text, new RegExp(`href="/documents/${m.evidenceId}"`))
    await caseworker.agent.get(`/documents/${m.evidenceId}`).expect(200)
  })
})
