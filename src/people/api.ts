import express from 'express'
import { z } from 'zod'
import { defineOperation } from '../platform/api/operations.js'
import type { Db } from '../platform/db/database.js'
import type { Child } from '../platform/db/schema.js'
import { contextOf } from '../platform/useCase.js'
import { auditActorOf } from '../platform/web/auditActor.js'
import { ChildInput, ChildSearch } from './children.schemas.js'
import { createChild, getChildRecord, mergeChildren, searchChildren, updateChild } from './children.service.js'
import { importChildren } from './import.service.js'

const ChildSummary = z.object({
  id: z.uuid(),
  legalForename: z.string(),
  legalSurname: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.iso.date(),
  upn: z.string().nullable(),
  primaryNeed: z.string().nullable(),
  settingName: z.string().nullable(),
})

const ChildRecord = z.object({
  id: z.uuid(),
  version: z.number().int(),
  legalForename: z.string(),
  legalSurname: z.string(),
  preferredName: z.string().nullable(),
  dateOfBirth: z.iso.date(),
  sex: z.enum(['F', 'M', 'U']),
  ethnicity: z.string().nullable(),
  homePostcode: z.string().nullable(),
  locality: z.string().nullable(),
  upn: z.string().nullable(),
  uln: z.string().nullable(),
  nhsNumber: z.string().nullable(),
  noIdentifierReason: z.string().nullable(),
  yearGroupOffset: z.number().int(),
  primaryNeed: z.string().nullable(),
  secondaryNeed: z.string().nullable(),
  language: z.string().nullable(),
  interpreterNeeded: z.boolean(),
  preferredFormat: z.string().nullable(),
  mergedIntoId: z.uuid().nullable(),
})

const ChildDetail = ChildRecord.extend({
  settings: z.array(z.object({ id: z.uuid(), name: z.string(), urn: z.number().nullable(), startedOn: z.iso.date() })),
  familyMembers: z.array(
    z.object({
      id: z.uuid(),
      forename: z.string(),
      surname: z.string(),
      relationship: z.string(),
      parentalResponsibility: z.boolean(),
      contactPreference: z.string(),
    }),
  ),
})

/** A child's record as the API shows it: camelCase, no internal columns. */
function presentChild(c: Child) {
  return {
    id: c.id,
    version: c.version,
    legalForename: c.legal_forename,
    legalSurname: c.legal_surname,
    preferredName: c.preferred_name,
    dateOfBirth: c.date_of_birth,
    sex: c.sex as 'F' | 'M' | 'U',
    ethnicity: c.ethnicity,
    homePostcode: c.home_postcode,
    locality: c.locality,
    upn: c.upn,
    uln: c.uln,
    nhsNumber: c.nhs_number,
    noIdentifierReason: c.no_identifier_reason,
    yearGroupOffset: c.year_group_offset,
    primaryNeed: c.primary_need,
    secondaryNeed: c.secondary_need,
    language: c.language,
    interpreterNeeded: c.interpreter_needed,
    preferredFormat: c.preferred_format,
    mergedIntoId: c.merged_into_id,
  }
}

const IdParams = z.strictObject({ id: z.uuid('The id must be a UUID') })

export function childApi(db: Db) {
  const v1 = express.Router()

  defineOperation(v1, {
    method: 'get',
    path: '/children',
    summary: 'Search children and young people you may see (name, UPN, date of birth, setting)',
    tag: 'Children',
    permission: 'child:read',
    query: ChildSearch,
    response: z.object({ children: z.array(ChildSummary), more: z.boolean() }),
    handler: async ({ req, query }) => {
      const { results, more } = await searchChildren(contextOf(req, db), query)
      return {
        more,
        children: results.map((r) => ({
          id: r.id,
          legalForename: r.legal_forename,
          legalSurname: r.legal_surname,
          preferredName: r.preferred_name,
          dateOfBirth: r.date_of_birth,
          upn: r.upn,
          primaryNeed: r.primary_need,
          settingName: r.setting_name,
        })),
      }
    },
  })

  defineOperation(v1, {
    method: 'get',
    path: '/children/:id',
    summary: 'A child or young person’s record (every read is audited)',
    tag: 'Children',
    permission: 'child:read',
    params: IdParams,
    response: ChildDetail,
    handler: async ({ req, params }) => {
      const record = await getChildRecord(contextOf(req, db), params.id)
      return {
        ...presentChild(record.child),
        settings: record.settings.map((s) => ({ id: s.id, name: s.name, urn: s.urn, startedOn: s.started_on })),
        familyMembers: record.family.map((f) => ({
          id: f.id,
          forename: f.forename,
          surname: f.surname,
          relationship: f.relationship,
          parentalResponsibility: f.parental_responsibility,
          contactPreference: f.contact_preference,
        })),
      }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children',
    summary: 'Record a child or young person; possible duplicates answer 409 unless notADuplicate is true',
    tag: 'Children',
    permission: 'child:create',
    body: z.strictObject({ child: ChildInput, notADuplicate: z.boolean().default(false) }),
    status: 201,
    response: ChildRecord,
    handler: async ({ req, body }) =>
      presentChild(await createChild(contextOf(req, db), body.child, { notADuplicate: body.notADuplicate })),
  })

  defineOperation(v1, {
    method: 'put',
    path: '/children/:id',
    summary: 'Change a child’s record; version must be the one read (optimistic concurrency: 409 if it changed)',
    tag: 'Children',
    permission: 'child:update',
    params: IdParams,
    body: z.strictObject({ version: z.number().int().min(1), child: ChildInput }),
    response: ChildRecord,
    handler: async ({ req, params, body }) =>
      presentChild((await updateChild(contextOf(req, db), params.id, body.version, body.child)) as Child),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/merge',
    summary: 'Merge a duplicate record into this one, keeping its history',
    tag: 'Children',
    permission: 'child:merge',
    params: IdParams,
    body: z.strictObject({
      mergedId: z.uuid('mergedId must be a UUID'),
      reason: z.string().trim().min(1, 'Give the reason').max(500),
    }),
    response: z.object({ keptId: z.uuid(), mergedId: z.uuid() }),
    handler: async ({ req, params, body }) => mergeChildren(contextOf(req, db), params.id, body.mergedId, body.reason),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/import',
    summary:
      'Import children from CSV (Forename, Surname, DateOfBirth, Sex, UPN, ULN, SettingURN …); every rejected row is reported',
    tag: 'Children',
    permission: 'child:create',
    body: z.strictObject({
      csv: z
        .string()
        .min(1, 'Send the CSV text')
        .max(90_000, 'Send at most 90,000 characters; use the command line for larger files'),
    }),
    response: z.object({
      added: z.number().int(),
      rejected: z.array(z.object({ line: z.number().int(), reasons: z.array(z.string()) })),
    }),
    handler: async ({ req, body }) => importChildren(db, auditActorOf(req), body.csv),
  })

  return express.Router().use('/api/v1', v1)
}
