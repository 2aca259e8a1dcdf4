import express from 'express'
import { z } from 'zod'
import { defineOperation } from '../platform/api/operations.js'
import type { Db } from '../platform/db/database.js'
import { auditActorOf } from '../platform/web/auditActor.js'
import { importSettings } from './import.service.js'
import { ImportBody, ImportReport, SettingDetail, SettingList, SettingQuery } from './schemas.js'
import { findSettings, getSetting } from './settings.service.js'

/** The directory's JSON API: the same use cases as the pages, scoped to the caller's authority. */
export function directoryApiRoutes(db: Db) {
  const router = express.Router()
  const v1 = express.Router()

  defineOperation(v1, {
    method: 'get',
    path: '/settings',
    summary: 'Settings in your authority’s directory, filtered and a page at a time',
    tag: 'Directory',
    permission: 'settings:read',
    query: SettingQuery,
    response: SettingList,
    handler: async ({ req, query }) => findSettings(db, req.user!, query),
  })

  defineOperation(v1, {
    method: 'get',
    path: '/settings/:id',
    summary: 'One setting, with its resource bases or host, and its commissioned places by academic year',
    tag: 'Directory',
    permission: 'settings:read',
    params: z.object({ id: z.uuid({ message: 'id must be a UUID' }) }),
    response: SettingDetail,
    handler: async ({ req, params }) => getSetting(db, req.user!, params.id as string),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/settings/import',
    summary:
      'Import a GIAS establishment CSV: adds new URNs, updates changed settings, reports refused rows with line numbers',
    tag: 'Directory',
    permission: 'settings:manage',
    body: ImportBody,
    response: ImportReport,
    handler: async ({ req, body }) => importSettings(db, auditActorOf(req), body.csv),
  })

  router.use('/api/v1', v1)
  return router
}
