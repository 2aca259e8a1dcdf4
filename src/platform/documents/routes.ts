import express from 'express'
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
    res.attachment(document.filename)
    res.type(document.media_type)
    // Kept by no browser or proxy, as every page is (setUpWebSecurity.ts).
    res.set({
      'X-Content-Type-Options': 'nosniff',
      // Should a browser render it anyway, nothing in it may run.
      'Content-Security-Policy': "default-src 'none'; sandbox",
    })
    res.send(bytes)
  })

  return router
}
