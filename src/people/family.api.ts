import express from 'express'
import { z } from 'zod'
import { defineOperation } from '../platform/api/operations.js'
import type { Db } from '../platform/db/database.js'
import { contextOf } from '../platform/useCase.js'
import { getChildRecord } from './children.service.js'
import {
  ConsentInput,
  FamilyMemberInput,
  LinkAccountInput,
  ProfessionalInput,
  WithdrawConsentInput,
} from './family.schemas.js'
import {
  addFamilyMember,
  addProfessional,
  linkYoungPersonAccount,
  recordConsent,
  verifyFamilyAccount,
  withdrawConsent,
} from './family.service.js'

const ChildParams = z.strictObject({ id: z.uuid('The id must be a UUID') })
const MemberParams = ChildParams.extend({ memberId: z.uuid('The member id must be a UUID') })
const ConsentParams = ChildParams.extend({ consentId: z.uuid('The consent id must be a UUID') })

const FamilyMember = z.object({
  id: z.uuid(),
  forename: z.string(),
  surname: z.string(),
  relationship: z.string(),
  parentalResponsibility: z.boolean(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  contactPreference: z.string(),
  accountVerified: z.boolean(),
})
const Consent = z.object({
  id: z.uuid(),
  givenBy: z.string(),
  scope: z.string(),
  sharedWith: z.string(),
  givenOn: z.iso.date(),
  withdrawnOn: z.iso.date().nullable(),
})
const Professional = z.object({ id: z.uuid(), role: z.string(), name: z.string(), organisation: z.string().nullable() })

type MemberRow = {
  id: string
  forename: string
  surname: string
  relationship: string
  parental_responsibility: boolean
  email: string | null
  phone: string | null
  contact_preference: string
  verified_at: Date | null
}
const presentMember = (m: MemberRow) => ({
  id: m.id,
  forename: m.forename,
  surname: m.surname,
  relationship: m.relationship,
  parentalResponsibility: m.parental_responsibility,
  email: m.email,
  phone: m.phone,
  contactPreference: m.contact_preference,
  accountVerified: m.verified_at !== null,
})
type ConsentRow = {
  id: string
  given_by: string
  scope: string
  shared_with: string
  given_on: string
  withdrawn_on: string | null
}
const presentConsent = (c: ConsentRow) => ({
  id: c.id,
  givenBy: c.given_by,
  scope: c.scope,
  sharedWith: c.shared_with,
  givenOn: c.given_on,
  withdrawnOn: c.withdrawn_on,
})

/** The people around a child: family members, consent to share, professionals, and account links. */
export function familyApi(db: Db) {
  const v1 = express.Router()

  defineOperation(v1, {
    method: 'get',
    path: '/children/:id/family-members',
    summary: 'Parents and carers of a child (a parent sees their own entry)',
    tag: 'Children',
    permission: 'child:read',
    params: ChildParams,
    response: z.object({
      familyMembers: z.array(FamilyMember),
      consents: z.array(Consent),
      professionals: z.array(Professional),
    }),
    handler: async ({ req, params }) => {
      const record = await getChildRecord(contextOf(req, db), params.id)
      return {
        familyMembers: record.family.map(presentMember),
        consents: record.consents.map(presentConsent),
        professionals: record.professionals.map((p) => ({
          id: p.id,
          role: p.role,
          name: p.name,
          organisation: p.organisation,
        })),
      }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/family-members',
    summary: 'Add a parent or carer',
    tag: 'Children',
    permission: 'child:update',
    params: ChildParams,
    body: FamilyMemberInput,
    status: 201,
    response: FamilyMember,
    handler: async ({ req, params, body }) => presentMember(await addFamilyMember(contextOf(req, db), params.id, body)),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/family-members/:memberId/verify-account',
    summary: 'Confirm a parent’s account belongs to this family member (the only way an account reaches a child)',
    tag: 'Children',
    permission: 'child:update',
    params: MemberParams,
    body: LinkAccountInput,
    response: z.object({ verified: z.literal(true) }),
    handler: async ({ req, params, body }) => {
      await verifyFamilyAccount(contextOf(req, db), params.id, params.memberId, body.userId)
      return { verified: true as const }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/young-person-account',
    summary: 'Link a young person (16+) to their own record, to act in their own right',
    tag: 'Children',
    permission: 'child:update',
    params: ChildParams,
    body: LinkAccountInput,
    response: z.object({ linked: z.literal(true) }),
    handler: async ({ req, params, body }) => {
      await linkYoungPersonAccount(contextOf(req, db), params.id, body.userId)
      return { linked: true as const }
    },
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/consents',
    summary: 'Record consent to share information',
    tag: 'Children',
    permission: 'child:update',
    params: ChildParams,
    body: ConsentInput,
    status: 201,
    response: Consent,
    handler: async ({ req, params, body }) => presentConsent(await recordConsent(contextOf(req, db), params.id, body)),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/consents/:consentId/withdraw',
    summary: 'Record that consent was withdrawn',
    tag: 'Children',
    permission: 'child:update',
    params: ConsentParams,
    body: WithdrawConsentInput,
    response: Consent,
    handler: async ({ req, params, body }) =>
      presentConsent(await withdrawConsent(contextOf(req, db), params.id, params.consentId, body.withdrawnOn)),
  })

  defineOperation(v1, {
    method: 'post',
    path: '/children/:id/professionals',
    summary: 'Add a professional who works with the child',
    tag: 'Children',
    permission: 'child:update',
    params: ChildParams,
    body: ProfessionalInput,
    status: 201,
    response: Professional,
    handler: async ({ req, params, body }) => {
      const p = await addProfessional(contextOf(req, db), params.id, body)
      return { id: p.id, role: p.role, name: p.name, organisation: p.organisation }
    },
  })

  return express.Router().use('/api/v1', v1)
}
