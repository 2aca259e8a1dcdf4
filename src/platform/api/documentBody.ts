import { z } from 'zod'
import { maxDocumentBytes } from '../documents/mediaTypes.js'
import type { UploadedFile } from '../documents/upload.js'

/**
 * A document sent in a JSON API body: its filename and its content, base64-encoded. The API reads JSON only (no
 * multipart), so a call that carries a document says so with `bodyLimit: documentBodyLimit`; it is then checked,
 * scanned and stored like any upload.
 */
const contentMaxChars = Math.ceil(maxDocumentBytes / 3) * 4

/** The largest body a call carrying one document takes: the document and the call's few other fields. */
export const documentBodyLimit = contentMaxChars + 64 * 1024

/** The schema of a document under `name` in a body; its errors name `name.filename` and `name.content`. */
export function documentBody(name: string) {
  return z.strictObject({
    filename: z.string(`${name}.filename is the file’s name`).trim().min(1).max(255),
    content: z.base64(`${name}.content is the file, base64-encoded`).max(contentMaxChars),
  })
}

export type DocumentBody = z.infer<ReturnType<typeof documentBody>>

/** A document from a body as the upload the document store takes, under the body's field name. */
export function uploadedFileOf(field: string, document: DocumentBody | undefined): UploadedFile | undefined {
  return document && { field, filename: document.filename, bytes: Buffer.from(document.content, 'base64') }
}
