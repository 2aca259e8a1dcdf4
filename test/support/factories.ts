import { makeUpn } from '../../src/people/identifiers.js'
import { addDays, todayInLondon } from '../../src/platform/calendar/isoDate.js'
import type { Db } from '../../src/platform/db/database.js'

/** Test-data factories, one per record type, with sensible defaults (HMPPS pattern). */
let serial = 1000

export async function makeSetting(db: Db, authorityId: string, overrides: Record<string, unknown> = {}) {
  serial++
  return db
    .insertInto('setting')
    .values({
      authority_id: authorityId,
      urn: 900000 + serial,
      name: `Test Primary School ${serial}`,
      provision: 'mainstream',
      phase: 'Primary',
      locality: 'Ladywood',
      postcode: 'B1 1AA',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function makeChild(db: Db, authorityId: string, overrides: Record<string, unknown> = {}) {
  serial++
  return db
    .insertInto('child')
    .values({
      authority_id: authorityId,
      legal_forename: 'Test',
      legal_surname: `Child${serial}`,
      date_of_birth: '2016-05-04',
      sex: 'F',
      home_postcode: 'B15 2TT',
      upn: makeUpn(330, 9900 + Math.floor(serial / 1000), 16, serial % 1000),
      primary_need: 'ASD',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function putOnRoll(db: Db, authorityId: string, childId: string, settingId: string) {
  await db
    .insertInto('child_setting')
    .values({ authority_id: authorityId, child_id: childId, setting_id: settingId, started_on: '2024-09-01' })
    .execute()
}

export async function linkParent(db: Db, authorityId: string, childId: string, userId: string, verified = true) {
  await db
    .insertInto('family_member')
    .values({
      authority_id: authorityId,
      child_id: childId,
      forename: 'Sam',
      surname: 'Parent',
      relationship: 'Mother',
      parental_responsibility: true,
      email: 'sam.parent@example.com',
      user_id: userId,
      verified_at: verified ? new Date() : null,
    })
    .execute()
}

export async function giveSencoSetting(db: Db, authorityId: string, userId: string, settingId: string) {
  await db
    .insertInto('user_scope')
    .values({ user_id: userId, authority_id: authorityId, kind: 'setting', ref_id: settingId })
    .execute()
}

export async function makeTeam(db: Db, authorityId: string, overrides: Record<string, unknown> = {}) {
  serial++
  return db
    .insertInto('team')
    .values({ authority_id: authorityId, name: `SENAR team ${serial}`, ...overrides })
    .returningAll()
    .executeTakeFirstOrThrow()
}

export async function putInTeam(db: Db, authorityId: string, userId: string, teamId: string) {
  await db
    .insertInto('user_scope')
    .values({ user_id: userId, authority_id: authorityId, kind: 'team', ref_id: teamId })
    .execute()
}

/**
 * An EHC case straight into the table (no events, letters or audit): for tests that need a case at a given stage.
 * Use the services when the test is about how a case gets there.
 */
export async function makeCase(db: Db, authorityId: string, childId: string, overrides: Record<string, unknown> = {}) {
  serial++
  return db
    .insertInto('ehc_case')
    .values({
      authority_id: authorityId,
      child_id: childId,
      reference: `EHC-TEST-${serial}`,
      status: 'received',
      requester_kind: 'parent',
      requester_name: 'Sam Parent',
      received_via: 'portal',
      request_received: '2026-03-02',
      reasons: 'Not making progress despite SEN Support',
      ...overrides,
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}

const daysAgo = (n: number) => addDays(todayInLondon(), -n)

/** A case's stage: its draft plan went out 20 days ago, and the family answered 5 days ago (for makeCase). */
export function draftAnswered(): Record<string, unknown> {
  return {
    status: 'draft_issued',
    request_received: daysAgo(120),
    decision: 'assess',
    decision_on: daysAgo(90),
    issue_decision: 'issue',
    issue_decision_on: daysAgo(40),
    draft_issued_on: daysAgo(20),
    draft_response_on: daysAgo(5),
  }
}

/** A setting consulted on a case's draft plan 19 days ago, which replied 10 days ago that it can meet the needs. */
export async function makeConsultation(db: Db, authorityId: string, caseId: string, settingId: string) {
  return db
    .insertInto('ehc_consultation')
    .values({
      authority_id: authorityId,
      case_id: caseId,
      setting_id: settingId,
      sent_on: daysAgo(19),
      due_on: daysAgo(4),
      replied_on: daysAgo(10),
      reply: 'can_meet_needs',
    })
    .returningAll()
    .executeTakeFirstOrThrow()
}
