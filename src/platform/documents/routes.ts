import express, { type Response } from 'express'
import type { Db } from '../db/database.js'
import { contextOf } from '../useCase.js'
import { permit } from '../web/permissions.js'
import type { Documents } from './documents.service.js'

/** Downloading a document: to whoever may read it (decided by the use case), always as an attachment. */
export function documentRoutes(db: Db, documents: Documents) {
  const router = express.Router()

  // Documents are part of a child's record: the role must read records at all; the use case decides which.
  router.get('/documents/:id', permit('child:read'), async (req, res) => {
    const { document, bytes } = await documents.download(contextOf(req, db), String(req.params.id))
    sendAttachment(res, document.filename, bytes, document.media_type)
  })

  return router
}

/**
 * A file for the browser to save, not show: kept by no browser or proxy, as every page is (setUpWebSecurity.ts), and
 * should a browser render it anyway, nothing in it may run. The type is the stored one, or else the filename's.
 */
export function sendAttachment(res: Response, filename: string, bytes: Buffer, mediaType?: string) {
  res.attachment(filename)
  if (mediaType) res.type(mediaType)
  res.set({ 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; sandbox" })
  res.send(bytes)
}
