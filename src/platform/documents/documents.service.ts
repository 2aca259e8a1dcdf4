import { createHash } from 'node:crypto'
import path from 'node:path'
import type { Transaction } from 'kysely'
import { loadChildScope } from '../../people/children.repository.js'
import type { Db, Queryable } from '../db/database.js'
import type { DB, DocumentTable } from '../db/schema.js'
import { AppError, Forbidden, Invalid, NotFound } from '../errors.js'
import { planSharedWithSettings } from '../policy/planSharing.js'
import { mayReadChild, mayTake } from '../policy/policy.js'
import { auditAs, type UseCaseContext } from '../useCase.js'
import {
  type DocumentRow,
  deleteDocumentRow,
  findDocument,
  insertDocument,
  isAdviceGiversDocument,
  planSharingOf,
} from './documents.repository.js'
import { identifyDocument } from './mediaTypes.js'
import { ScannerUnavailable, type VirusScanner, virusScannerFor } from './scanner.js'
import { type DocumentStorage, fileDocumentStorage, newStorageKey } from './storage.js'

export type DocumentKind = DocumentTable['kind']

export interface NewDocument {
  /** The child whose record it joins (null only for documents about no one child, such as a panel's terms). */
  childId: string | null
  kind: DocumentKind
  /** The sender's filename: kept for display and download only, never used to store the file. */
  filename: string
  bytes: Uint8Array
  caseId?: string
}

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)

/** Files written or to remove in a transaction run by `documents.transaction`, settled when it ends. */
interface FileWork {
  written: string[]
  removeOnCommit: string[]
}

/**
 * Documents kept for the service: evidence, advice, letters, plans. Every upload has its real type sniffed, its
 * size checked and is scanned before anything is stored; an infected file is refused and nothing is kept.
 * Built once by the composition root (`documentsFor(config)`) and handed to the routes that take uploads.
 */
export function createDocuments(deps: { storage: DocumentStorage; scanner: VirusScanner }) {
  const { storage, scanner } = deps
  const fileWork = new WeakMap<Queryable, FileWork>()

  /**
   * Checks, scans and stores a document, writes its row and audits it, in the caller's transaction. Run that
   * transaction with `transaction()` so a rollback also removes the file; refusals throw Invalid on field `file`.
   */
  async function store(ctx: UseCaseContext, trx: Queryable, input: NewDocument): Promise<DocumentRow> {
    const identified = await identifyDocument(input.filename, input.bytes)
    if (!identified.ok) throw new Invalid([{ field: 'file', message: identified.message }])
    const scan = await scanner.scan(input.bytes).catch((error: unknown) => {
      if (error instanceof ScannerUnavailable) {
        throw new AppError(
          503,
          'Service unavailable',
          'The selected file could not be checked for viruses. Try again in a few minutes',
        )
      }
      throw error
    })
    if (scan.status === 'infected')
      throw new Invalid([{ field: 'file', message: 'The selected file contains a virus' }])
    const key = newStorageKey()
    await storage.put(key, input.bytes)
    fileWork.get(trx)?.written.push(key)
    const row = await insertDocument(trx, {
      authority_id: ctx.actor.authorityId,
      child_id: input.childId,
      case_id: input.caseId ?? null,
      kind: input.kind,
      filename: identified.filename,
      media_type: identified.mediaType,
      size_bytes: input.bytes.length,
      sha256: createHash('sha256').update(input.bytes).digest('hex'),
      storage_key: key,
      scan_status: scan.status,
      uploaded_by_user_id: ctx.actor.userId ?? null,
    })
    await auditAs(ctx, trx, {
      action: 'document.create',
      recordType: 'document',
      recordId: row.id,
      childId: row.child_id ?? undefined,
      details: { kind: row.kind, mediaType: row.media_type, sizeBytes: row.size_bytes, scanStatus: row.scan_status },
    })
    return row
  }

  /** Deletes a document's row (audited) in the caller's transaction; the file goes once that transaction commits. */
  async function remove(ctx: UseCaseContext, trx: Queryable, doc: Pick<DocumentRow, 'id' | 'child_id' | 'kind'>) {
    const deleted = await deleteDocumentRow(trx, ctx.actor.authorityId, doc.id)
    if (!deleted) throw new NotFound()
    const work = fileWork.get(trx)
    if (work) work.removeOnCommit.push(deleted.storage_key)
    await auditAs(ctx, trx, {
      action: 'document.delete',
      recordType: 'document',
      recordId: doc.id,
      childId: doc.child_id ?? undefined,
      details: { kind: doc.kind },
    })
    // Without a tracked transaction the file is removed now: a rollback after this would leave a row without bytes.
    if (!work) await storage.delete(deleted.storage_key)
  }

  /**
   * Runs work in one database transaction, keeping the files in step with it: files stored by work that then fails
   * are removed (no orphaned personal data), and files of removed documents go only once the rows are gone.
   */
  async function transaction<T>(db: Db, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    const tracked: FileWork = { written: [], removeOnCommit: [] }
    let result: T
    try {
      result = await db.transaction().execute((trx) => {
        fileWork.set(trx, tracked)
        return work(trx)
      })
    } catch (error) {
      await Promise.allSettled(tracked.written.map((key) => storage.delete(key)))
      throw error
    }
    await Promise.allSettled(tracked.removeOnCommit.map((key) => storage.delete(key)))
    return result
  }

  /**
   * A document for download to someone allowed to read it, audited. Evidence not yet sent with a request is its
   * uploader's alone; advice givers get the advice asked of them and the evidence of those cases; settings consulted
   * on a case get its plan; everyone else what the child's record lets them read. Families are told 404, staff 403.
   */
  async function download(ctx: UseCaseContext, id: string): Promise<{ document: DocumentRow; bytes: Buffer }> {
    const doc = await ctx.db.transaction().execute(async (trx) => {
      const found = isUuid(id) ? await findDocument(trx, ctx.actor.authorityId, id) : undefined
      if (!found) throw new NotFound()
      if (!(await mayReadDocument(ctx, trx, found))) {
        if (ctx.actor.role === 'parent' || ctx.actor.role === 'young_person') throw new NotFound()
        throw new Forbidden('You can only download documents your role gives you access to')
      }
      if (found.scan_status === 'infected') {
        throw new AppError(409, 'Not available', 'This file cannot be downloaded because it failed a virus check')
      }
      if (found.scan_status === 'pending') {
        throw new AppError(409, 'Not available', 'This file is still being checked for viruses. Try again later')
      }
      await auditAs(ctx, trx, {
        action: 'document.download',
        recordType: 'document',
        recordId: found.id,
        childId: found.child_id ?? undefined,
        details: { kind: found.kind },
      })
      return found
    })
    const bytes = await storage.get(doc.storage_key)
    if (!bytes) throw new AppError(500, 'Internal server error', 'The file of this document is missing')
    return { document: doc, bytes }
  }

  return { store, remove, transaction, download }
}

export type Documents = ReturnType<typeof createDocuments>

async function mayReadDocument(ctx: UseCaseContext, db: Queryable, doc: DocumentRow): Promise<boolean> {
  const { actor } = ctx
  const uploader = actor.userId !== undefined && doc.uploaded_by_user_id === actor.userId
  if (doc.kind === 'evidence' && doc.case_id === null) return uploader
  if (!mayTake(actor, 'child:read')) return false
  if (actor.role === 'advice_giver') {
    return uploader || (actor.userId !== undefined && (await isAdviceGiversDocument(db, actor.userId, doc)))
  }
  if (doc.child_id === null) return uploader || actor.role === 'caseworker' || actor.role === 'team_manager'
  if (mayReadChild(actor, await loadChildScope(db, actor.authorityId, doc.child_id))) return true
  // A setting consulted on being named in a plan, or named in it, reads the plan, though the child is not on its roll.
  if (actor.role !== 'senco' || doc.kind !== 'plan' || doc.case_id === null) return false
  const sharing = await planSharingOf(db, doc.case_id)
  return sharing !== undefined && planSharedWithSettings(actor.settingIds, sharing)
}

/** The deployment's documents: files under `<DATA_DIR>/documents`, scanned by clamd when CLAMAV_URL is set. */
export function documentsFor(config: { dataDir: string; clamavUrl?: string | undefined }): Documents {
  return createDocuments({
    storage: documentStorageFor(config),
    scanner: virusScannerFor(config.clamavUrl),
  })
}

/** Where the deployment keeps documents' bytes: `<DATA_DIR>/documents`. */
export function documentStorageFor(config: { dataDir: string }): DocumentStorage {
  return fileDocumentStorage(path.join(config.dataDir, 'documents'))
}
