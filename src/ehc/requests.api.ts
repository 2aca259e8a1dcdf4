import express from 'express'
import { defineOperation } from '../platform/api/operations.js'
import type { Db } from '../platform/db/database.js'
import { contextOf } from '../platform/useCase.js'
import { ApiRequestInput, RequestCreated } from './requests.schemas.js'
import { requestThroughApi } from './requests.service.js'

/** Requests for an EHC needs assessment through the API: the same use case and record rules as the pages. */
export function requestApi(db: Db) {
  const v1 = express.Router()

  defineOperation(v1, {
    method: 'post',
    path: '/ehc/requests',
    summary:
      'Make a request for an EHC needs assessment (parents for their children, young people for themselves, SENCOs for ' +
      'their pupils, staff for a request received by letter, email or phone). 409 when the child already has an open ' +
      'request: the problem names its reference.',
    tag: 'EHC',
    permission: 'ehc:request',
    body: ApiRequestInput,
    response: RequestCreated,
    status: 201,
    handler: async ({ req, res, body }) => {
      const sent = await requestThroughApi(contextOf(req, db), body)
      res.location(`/api/v1/ehc/cases/${sent.caseId}`)
      return {
        id: sent.caseId,
        reference: sent.reference,
        childId: body.childId,
        status: 'received',
        requestReceived: sent.requestReceived,
        decisionDue: sent.decisionDue,
      }
    },
  })

  return express.Router().use('/api/v1', v1)
}
