import assert from 'node:assert/strict'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createDocuments, type Documents, documentsFor } from '../../src/platform/documents/documents.service.js'
import { cleanFilename, identifyDocument, maxDocumentBytes } from '../../src/platform/documents/mediaTypes.js'
import {
  clamdScanner,
  noVirusScanner,
  ScannerUnavailable,
  type VirusScanner,
  virusScannerFor,
} from '../../src/platform/documents/scanner.js'
import { fileDocumentStorage, newStorageKey } from '../../src/platform/documents/storage.js'
import { AppError, Invalid } from '../../src/platform/errors.js'
import type { Role } from '../../src/platform/policy/roles.js'
import type { UseCaseContext } from '../../src/platform/useCase.js'
import { createTestApp, type SignedInAgent, type TestApp } from '../support/app.js'
import { testEngine } from '../support/database.js'
import { giveSencoSetting, linkParent, makeCase, makeChild, makeSetting, putOnRoll } from '../support/factories.js'
import { eicar, startFakeClamd } from '../support/fakeClamd.js'

const pdf = (text = 'evidence') => Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n`)
const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 1)])
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64)])
const cfb = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)])

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => [])
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name))
}

describe('documents: what the service accepts', () => {
  it('takes the real type from the bytes, not the name', async () => {
    assert.deepEqual(await identifyDocument('report.pdf', pdf()), {
      ok: true,
      mediaType: 'application/pdf',
      filename: 'report.pdf',
    })
    const renamed = await identifyDocument('report.pdf', exe)
    assert.equal(renamed.ok, false)
    assert.match((renamed as { message: string }).message, /must be a PDF, Word/)
    // A photo whose name claims another type keeps its name, with its true extension added.
    assert.deepEqual(await identifyDocument('scan.html', png), {
      ok: true,
      mediaType: 'image/png',
      filename: 'scan.html.png',
    })
    assert.deepEqual(await identifyDocument('photo.PNG', png), {
      ok: true,
      mediaType: 'image/png',
      filename: 'photo.PNG',
    })
  })

  it('accepts plain text only when it is UTF-8 text, and the old Word format only under its own name', async () => {
    assert.deepEqual(await identifyDocument('notes.txt', Buffer.from('Café notes\nline two\n')), {
      ok: true,
      mediaType: 'text/plain; charset=utf-8',
      filename: 'notes.txt',
    })
    assert.equal((await identifyDocument('notes.txt', Buffer.from([0xff, 0xfe, 0x00, 0x41]))).ok, false)
    assert.equal((await identifyDocument('notes.txt', Buffer.from('a\u0000b'))).ok, false)
    assert.equal((await identifyDocument('notes.csv', Buffer.from('a,b\n1,2\n'))).ok, false)
    assert.deepEqual(await identifyDocument('letter.doc', cfb), {
      ok: true,
      mediaType: 'application/msword',
      filename: 'letter.doc',
    })
    assert.equal((await identifyDocument('sheet.xls', cfb)).ok, false)
  })

  it('refuses empty and oversized files with the GOV.UK messages', async () => {
    assert.deepEqual(await identifyDocument('empty.pdf', Buffer.alloc(0)), {
      ok: false,
      message: 'The selected file is empty',
    })
    const big = Buffer.concat([pdf(), Buffer.alloc(maxDocumentBytes)])
    assert.deepEqual(await identifyDocument('big.pdf', big), {
      ok: false,
      message: 'The selected file must be smaller than 10MB',
    })
  })

  it('keeps a filename for display only: no path, no control characters, bounded', () => {
    assert.equal(cleanFilename('C:\\Users\\sam\\Desktop\\report.pdf'), 'report.pdf')
    assert.equal(cleanFilename('../../etc/passwd'), 'passwd')
    assert.equal(cleanFilename('a\u0000b\r\n.pdf'), 'ab.pdf')
    assert.equal(cleanFilename('   '), 'document')
    const long = cleanFilename(`${'x'.repeat(300)}.pdf`)
    assert.ok(long.length <= 150 && long.endsWith('.pdf'))
  })
})

describe('documents: storage and the virus scan', () => {
  let dir: string
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-documents-'))
  })
  after(() => fs.rm(dir, { recursive: true, force: true }))

  it('stores files under random keys, readable by the service alone, and deletes them', async () => {
    const storage = fileDocumentStorage(dir)
    const key = newStorageKey()
    assert.match(key, /^[0-9a-f]{32}$/)
    await storage.put(key, pdf())
    assert.deepEqual(await storage.get(key), pdf())
    const [file] = await filesUnder(dir)
    assert.ok(file?.endsWith(key), 'the file is named by its key alone')
    assert.equal((await fs.stat(file!)).mode & 0o077, 0, 'no access for group or others')
    await storage.delete(key)
    assert.equal(await storage.get(key), undefined)
    await storage.delete(key)
    await assert.rejects(storage.get('../../etc/passwd'), /Not a document storage key/)
  })

  it('asks clamd, and reports clean, infected, or that it could not tell', async () => {
    const clamd = await startFakeClamd()
    try {
      const scanner = virusScannerFor(clamd.url)
      assert.deepEqual(await scanner.scan(pdf()), { status: 'clean' })
      // Bigger than one chunk of the protocol.
      assert.deepEqual(await scanner.scan(Buffer.concat([Buffer.alloc(200_000), Buffer.from(eicar)])), {
        status: 'infected',
        signature: 'Eicar-Test-Signature',
      })
      assert.equal(clamd.scans(), 2)
    } finally {
      await clamd.close()
    }
    const broken = await startFakeClamd({ answer: 'INSTREAM size limit exceeded. ERROR' })
    try {
      await assert.rejects(virusScannerFor(broken.url).scan(pdf()), ScannerUnavailable)
    } finally {
      await broken.close()
    }
    await assert.rejects(clamdScanner({ host: '127.0.0.1', port: 1 }).scan(pdf()), ScannerUnavailable)
    assert.deepEqual(await virusScannerFor(undefined).scan(pdf()), { status: 'not_scanned' })
  })
})

describe(`documents: storing, removing and downloading (${testEngine})`, () => {
  let t: TestApp
  let dataDir: string
  let documents: Documents
  const agents = new Map<Role, SignedInAgent>()
  const ctx = new Map<Role, UseCaseContext>()
  let clamd: Awaited<ReturnType<typeof startFakeClamd>>
  let ours: { childId: string; caseId: string; evidenceId: string; draftEvidenceId: string }
  let theirs: { childId: string; evidenceId: string }
  const storedFiles = () => filesUnder(path.join(dataDir, 'documents'))
  const documentCount = async () =>
    Number(
      (
        await t.database.db
          .selectFrom('document')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  async function contextFor(role: Role, extra: Partial<UseCaseContext['actor']> = {}): Promise<UseCaseContext> {
    const user = await t.database.db
      .selectFrom('app_user')
      .select(['id', 'display_name'])
      .where('role', '=', role)
      .where('is_demo', '=', true)
      .executeTakeFirstOrThrow()
    return {
      db: t.database.db,
      actor: { userId: user.id, authorityId: t.authorityId, role, settingIds: [], teamIds: [], ...extra },
      audit: { authorityId: t.authorityId, userId: user.id, label: `user:${user.id}` },
    }
  }

  const store = (c: UseCaseContext, input: Parameters<Documents['store']>[2]) =>
    documents.transaction(t.database.db, (trx) => documents.store(c, trx, input))

  before(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'ascend-documents-app-'))
    clamd = await startFakeClamd()
    t = await createTestApp({ DATA_DIR: dataDir, CLAMAV_URL: clamd.url })
    documents = documentsFor(t.config)
    const roles: Role[] = [
      'parent',
      'caseworker',
      'team_manager',
      'senco',
      'advice_giver',
      'panel_member',
      'finance_officer',
      'administrator',
    ]
    for (const role of roles) agents.set(role, await t.signInAs(role))
    for (const role of roles) ctx.set(role, await contextFor(role))
    const db = t.database.db
    const school = await makeSetting(db, t.authorityId)
    const otherSchool = await makeSetting(db, t.authorityId)
    await giveSencoSetting(db, t.authorityId, agents.get('senco')!.userId, school.id)

    const child = await makeChild(db, t.authorityId, { legal_forename: 'Nia' })
    await putOnRoll(db, t.authorityId, child.id, school.id)
    await linkParent(db, t.authorityId, child.id, agents.get('parent')!.userId)
    const c = await makeCase(db, t.authorityId, child.id)
    await db
      .insertInto('advice_request')
      .values({
        authority_id: t.authorityId,
        case_id: c.id,
        service: 'educational_psychology',
        contributor_user_id: agents.get('advice_giver')!.userId,
        contributor_name: 'Dr Demo',
        requested_on: '2026-03-09',
        due_on: '2026-04-20',
      })
      .execute()
    const evidence = await store(ctx.get('caseworker')!, {
      childId: child.id,
      caseId: c.id,
      kind: 'evidence',
      filename: 'school report.pdf',
      bytes: pdf('school report'),
    })
    const draftEvidence = await store(ctx.get('parent')!, {
      childId: child.id,
      kind: 'evidence',
      filename: 'not sent yet.pdf',
      bytes: pdf('draft'),
    })
    ours = { childId: child.id, caseId: c.id, evidenceId: evidence.id, draftEvidenceId: draftEvidence.id }

    const other = await makeChild(db, t.authorityId, { legal_forename: 'Omar' })
    await putOnRoll(db, t.authorityId, other.id, otherSchool.id)
    const otherCase = await makeCase(db, t.authorityId, other.id)
    const otherEvidence = await store(ctx.get('caseworker')!, {
      childId: other.id,
      caseId: otherCase.id,
      kind: 'evidence',
      filename: 'other.pdf',
      bytes: pdf('other'),
    })
    theirs = { childId: other.id, evidenceId: otherEvidence.id }
  })
  after(async () => {
    await t.close()
    await clamd.close()
    await fs.rm(dataDir, { recursive: true, force: true })
  })

  it('stores a document: the row says what it is, the file is under a random key, and it is audited', async () => {
    const row = await t.database.db
      .selectFrom('document')
      .selectAll()
      .where('id', '=', ours.evidenceId)
      .executeTakeFirstOrThrow()
    assert.equal(row.filename, 'school report.pdf')
    assert.equal(row.media_type, 'application/pdf')
    assert.equal(row.size_bytes, pdf('school report').length)
    assert.match(row.sha256, /^[0-9a-f]{64}$/)
    assert.equal(row.scan_status, 'clean', 'scanned by the configured clamd')
    assert.equal(row.uploaded_by_user_id, ctx.get('caseworker')!.actor.userId)
    assert.equal(row.case_id, ours.caseId)
    const files = await storedFiles()
    assert.ok(files.some((f) => f.endsWith(row.storage_key)))
    assert.ok(
      files.every((f) => !f.includes('school report')),
      'no file carries the user’s filename',
    )
    assert.ok(files.every((f) => f.startsWith(path.join(dataDir, 'documents'))))
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'child_id'])
      .where('record_id', '=', row.id)
      .execute()
    assert.deepEqual(audit, [{ action: 'document.create', child_id: ours.childId }])
  })

  it('refuses an infected file, a wrong type and a broken scanner, and keeps nothing', async () => {
    const before = { rows: await documentCount(), files: (await storedFiles()).length }
    const attempt = (bytes: Buffer, filename: string, scanner?: VirusScanner) => {
      const using = scanner
        ? createDocuments({ storage: fileDocumentStorage(path.join(dataDir, 'documents')), scanner })
        : documents
      return using.transaction(t.database.db, (trx) =>
        using.store(ctx.get('parent')!, trx, { childId: ours.childId, kind: 'evidence', filename, bytes }),
      )
    }
    await assert.rejects(attempt(Buffer.from(`${eicar}\n`), 'notes.txt'), (error: unknown) => {
      assert.ok(error instanceof Invalid)
      assert.deepEqual(error.fieldErrors, [{ field: 'file', message: 'The selected file contains a virus' }])
      return true
    })
    await assert.rejects(attempt(exe, 'report.pdf'), (error: unknown) => error instanceof Invalid)
    const unavailable: VirusScanner = { scan: () => Promise.reject(new ScannerUnavailable('down')) }
    await assert.rejects(attempt(pdf(), 'report.pdf', unavailable), (error: unknown) => {
      assert.ok(error instanceof AppError)
      assert.equal(error.status, 503)
      return true
    })
    assert.equal(await documentCount(), before.rows)
    assert.equal((await storedFiles()).length, before.files)
  })

  it('removes the file of a document whose transaction fails, and of one removed once that commits', async () => {
    const before = (await storedFiles()).length
    await assert.rejects(
      documents.transaction(t.database.db, async (trx) => {
        await documents.store(ctx.get('parent')!, trx, {
          childId: ours.childId,
          kind: 'evidence',
          filename: 'a.pdf',
          bytes: pdf('rolled back'),
        })
        throw new Error('something after the upload failed')
      }),
      /something after the upload failed/,
    )
    assert.equal((await storedFiles()).length, before, 'the file of the rolled-back upload is gone')

    const kept = await store(ctx.get('parent')!, {
      childId: ours.childId,
      kind: 'evidence',
      filename: 'b.pdf',
      bytes: pdf('to remove'),
    })
    assert.equal((await storedFiles()).length, before + 1)
    await documents.transaction(t.database.db, (trx) => documents.remove(ctx.get('parent')!, trx, kept))
    assert.equal((await storedFiles()).length, before)
    const gone = await t.database.db.selectFrom('document').select('id').where('id', '=', kept.id).executeTakeFirst()
    assert.equal(gone, undefined)
  })

  it('works without a scanner: documents are stored marked not scanned', async () => {
    const plain = createDocuments({
      storage: fileDocumentStorage(path.join(dataDir, 'documents')),
      scanner: noVirusScanner,
    })
    const row = await plain.transaction(t.database.db, (trx) =>
      plain.store(ctx.get('caseworker')!, trx, {
        childId: ours.childId,
        caseId: ours.caseId,
        kind: 'other',
        filename: 'x.pdf',
        bytes: pdf(),
      }),
    )
    assert.equal(row.scan_status, 'not_scanned')
    await agents.get('caseworker')!.agent.get(`/documents/${row.id}`).expect(200)
  })

  it('serves a document as an attachment of its stored type, never sniffed, and audits the download', async () => {
    const res = await agents.get('caseworker')!.agent.get(`/documents/${ours.evidenceId}`).expect(200)
    assert.equal(res.headers['content-type'], 'application/pdf')
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="school report.pdf"/)
    assert.equal(res.headers['x-content-type-options'], 'nosniff')
    assert.equal(res.headers['cache-control'], 'no-store')
    assert.match(String(res.headers['content-security-policy']), /sandbox/)
    assert.deepEqual(Buffer.from(res.body), pdf('school report'))
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['actor_user_id', 'child_id'])
      .where('action', '=', 'document.download')
      .where('record_id', '=', ours.evidenceId)
      .execute()
    assert.deepEqual(audit, [{ actor_user_id: agents.get('caseworker')!.userId, child_id: ours.childId }])
  })

  it('lets exactly those who may read the child’s record download its evidence', async () => {
    const status = async (role: Role, id: string) => (await agents.get(role)!.agent.get(`/documents/${id}`)).status
    // The child's case evidence.
    assert.equal(await status('caseworker', ours.evidenceId), 200)
    assert.equal(await status('team_manager', ours.evidenceId), 200)
    assert.equal(await status('parent', ours.evidenceId), 200)
    assert.equal(await status('senco', ours.evidenceId), 200, 'the SENCO of the child’s school')
    assert.equal(await status('advice_giver', ours.evidenceId), 200, 'asked for advice on this case')
    assert.equal(await status('panel_member', ours.evidenceId), 403, 'not on a panel with this case')
    assert.equal(await status('finance_officer', ours.evidenceId), 403)
    assert.equal(await status('administrator', ours.evidenceId), 403)
    // Another child's: not the parent's (not found), nor the SENCO's or the advice giver's (refused).
    assert.equal(await status('parent', theirs.evidenceId), 404)
    assert.equal(await status('senco', theirs.evidenceId), 403)
    assert.equal(await status('advice_giver', theirs.evidenceId), 403)
    assert.equal(await status('caseworker', theirs.evidenceId), 200)
    // Evidence of a request not yet sent is its uploader's alone.
    assert.equal(await status('parent', ours.draftEvidenceId), 200)
    assert.equal(await status('caseworker', ours.draftEvidenceId), 403)
    assert.equal(await status('senco', ours.draftEvidenceId), 403)
    // Nonsense and unknown ids.
    assert.equal(await status('caseworker', 'not-an-id'), 404)
    assert.equal(await status('caseworker', '00000000-0000-4000-8000-000000000000'), 404)
    const refusedDownloads = await t.database.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'document.download')
      .where('record_id', '=', theirs.evidenceId)
      .where('actor_user_id', 'in', [agents.get('parent')!.userId, agents.get('senco')!.userId])
      .execute()
    assert.equal(refusedDownloads.length, 0, 'a refused download is not recorded as one')
  })

  it('does not serve a document that failed or awaits a virus scan', async () => {
    const db = t.database.db
    for (const scan of ['infected', 'pending'] as const) {
      const row = await db
        .insertInto('document')
        .values({
          authority_id: t.authorityId,
          child_id: ours.childId,
          case_id: ours.caseId,
          kind: 'evidence',
          filename: `${scan}.pdf`,
          media_type: 'application/pdf',
          size_bytes: 1,
          sha256: '0'.repeat(64),
          storage_key: newStorageKey(),
          scan_status: scan,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const res = await agents.get('caseworker')!.agent.get(`/documents/${row.id}`).expect(409)
      assert.match(res.text, scan === 'infected' ? /failed a virus check/ : /still being checked/)
    }
  })
})
