import type { NextFunction, Request, Response } from 'express'
import multer from 'multer'
import { AppError } from '../errors.js'
import { maxDocumentBytes } from './mediaTypes.js'

/** A file sent with a form, held in memory until a use case checks and stores it. */
export interface UploadedFile {
  field: string
  filename: string
  bytes: Buffer
}

/** What a multipart form carried: at most one file, or why it could not be taken. */
export interface Upload {
  file?: UploadedFile
  problem?: string
}

const uploads = new WeakMap<Request, Upload>()

/** The file a multipart form sent with this request, if any, or the reason it was refused (too big). */
export function uploadOf(req: Request): Upload {
  return uploads.get(req) ?? {}
}

/**
 * Reads multipart forms (file uploads) with multer, in memory, one file of at most 10MB, before the CSRF check.
 *
 * Why here: the CSRF token of a form is its `_csrf` field, and a multipart body is read only by multer. Parsed here,
 * the token is checked by the one CSRF middleware like every other form's (not in the URL, where it could leak into
 * logs and history, and not by each upload route, where one could forget). Only signed-in users' forms are read:
 * anyone else's stays unread and fails the CSRF check. Forms put `_csrf` before the file input, so a file refused
 * for its size still leaves the token read, and the page can say what was wrong instead of failing.
 *
 * Routes never run multer themselves: the body is already read, and a second parser would wait for it forever.
 * They take the file with `uploadOf(req)` and store it with `documents.store` (documents.service.ts).
 */
export function parseUploads() {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxDocumentBytes, files: 1, fields: 50, parts: 51, fieldSize: 100 * 1024 },
    // Browsers send filenames as UTF-8.
    defParamCharset: 'utf8',
  }).any()
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data') || !req.user || req.path.startsWith('/api/')) return next()
    parse(req, res, (error?: unknown) => {
      if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE') {
        uploads.set(req, { problem: 'The selected file must be smaller than 10MB' })
        return next()
      }
      if (error instanceof multer.MulterError) {
        return next(new AppError(400, 'Bad request', 'The form could not be read. Send one file at a time'))
      }
      if (error) return next(error)
      const file = (req.files as Express.Multer.File[] | undefined)?.[0]
      uploads.set(req, file ? { file: { field: file.fieldname, filename: file.originalname, bytes: file.buffer } } : {})
      next()
    })
  }
}
