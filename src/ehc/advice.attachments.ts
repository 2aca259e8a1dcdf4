/**
 * The one place advice meets document storage: a contributor's report attached to their advice, kept as a document of
 * kind 'advice' on the child's record and the case.
 */
import type { Request } from 'express'
import type { Queryable } from '../platform/db/database.js'
import type { Documents } from '../platform/documents/documents.service.js'
import { acceptedTypesText } from '../platform/documents/mediaTypes.js'
import { uploadOf } from '../platform/documents/upload.js'
import { Invalid } from '../platform/errors.js'
import type { UseCaseContext } from '../platform/useCase.js'

/** A file sent with the advice form. */
export interface AdviceAttachment {
  filename: string
  bytes: Buffer
}

export const acceptHint = `${acceptedTypesText}, smaller than 10MB`

/** The file sent with the form (read by the platform's upload parser), if any, or why it cannot be taken. */
export function attachmentOf(
  req: Request,
): { ok: true; file: AdviceAttachment | undefined } | { ok: false; message: string } {
  const upload = uploadOf(req)
  if (upload.problem) return { ok: false, message: upload.problem }
  const file = upload.file
  // A form sent with the file input left empty carries a part with no name and no bytes.
  if (!file || (file.bytes.length === 0 && !file.filename)) return { ok: true, file: undefined }
  if (file.field !== 'attachment') return { ok: false, message: 'Attach the report with the “Attach a report” field' }
  return { ok: true, file: { filename: file.filename, bytes: file.bytes } }
}

/** Checks, scans and stores the report in the caller's transaction (run by `documents.transaction`). */
export async function storeAdviceDocument(
  documents: Documents,
  ctx: UseCaseContext,
  trx: Queryable,
  input: { childId: string; caseId: string; file: AdviceAttachment },
): Promise<{ id: string }> {
  try {
    return await documents.store(ctx, trx, {
      childId: input.childId,
      caseId: input.caseId,
      kind: 'advice',
      filename: input.file.filename,
      bytes: input.file.bytes,
    })
  } catch (error) {
    // The storage names the field `file`; on the advice form it is the attachment.
    if (error instanceof Invalid) {
      throw new Invalid(error.fieldErrors.map((e) => ({ ...e, field: e.field === 'file' ? 'attachment' : e.field })))
    }
    throw error
  }
}
