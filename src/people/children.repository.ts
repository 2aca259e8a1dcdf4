import { type ExpressionBuilder, sql } from 'kysely'
import { type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { startsWith } from '../platform/db/like.js'
import type { DB } from '../platform/db/schema.js'
import { adviceReceivedOpenFrom } from '../platform/policy/adviceAccess.js'
import { adviceOpensRecordSql } from '../platform/policy/adviceAccess.sql.js'
import { panelMeetingsOpenFrom } from '../platform/policy/panelAccess.js'
import type { ChildScope, ChildVisibility } from '../platform/policy/policy.js'

/** SQL for children and young people. Every query is scoped by authority; lists apply the policy's visibility. */

export async function findChild(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('child')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** What the policy needs to decide who may see or change this child, today. */
export async function loadChildScope(
  db: Queryable,
  authorityId: string,
  childId: string,
  today: IsoDate = todayInLondon(),
): Promise<ChildScope> {
  const [settings, parents, child, teams, panelMembers, adviceGivers] = await Promise.all([
    db
      .selectFrom('child_setting')
      .select('setting_id')
      .where('child_id', '=', childId)
      .where('ended_on', 'is', null)
      .execute(),
    db
      .selectFrom('family_member')
      .select('user_id')
      .where('child_id', '=', childId)
      .where('parental_responsibility', '=', true)
      .where('verified_at', 'is not', null)
      .where('user_id', 'is not', null)
      .execute(),
    db.selectFrom('child').select('young_person_user_id').where('id', '=', childId).executeTakeFirst(),
    db
      .selectFrom('ehc_case')
      .select('team_id')
      .distinct()
      .where('child_id', '=', childId)
      .where('closed_on', 'is', null)
      .where('team_id', 'is not', null)
      .execute(),
    db
      .selectFrom('panel_agenda_item')
      .innerJoin('ehc_case', 'ehc_case.id', 'panel_agenda_item.case_id')
      .innerJoin('panel_member', 'panel_member.meeting_id', 'panel_agenda_item.meeting_id')
      .innerJoin('panel_meeting', 'panel_meeting.id', 'panel_agenda_item.meeting_id')
      .select('panel_member.user_id')
      .distinct()
      .where('ehc_case.child_id', '=', childId)
      .where('panel_meeting.meets_on', '>=', panelMeetingsOpenFrom(today))
      .execute(),
    db
      .selectFrom('advice_request')
      .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
      .select('advice_request.contributor_user_id')
      .distinct()
      .where('ehc_case.child_id', '=', childId)
      .where('advice_request.contributor_user_id', 'is not', null)
      .where('advice_request.cancelled_on', 'is', null)
      .where(adviceOpensRecordSql(adviceReceivedOpenFrom(today)))
      .execute(),
  ])
  return {
    authorityId,
    childId,
    settingIds: settings.map((s) => s.setting_id),
    parentUserIds: parents.map((p) => p.user_id!),
    youngPersonUserId: child?.young_person_user_id ?? undefined,
    caseTeamIds: teams.map((t) => t.team_id!),
    panelMemberUserIds: panelMembers.map((m) => m.user_id),
    adviceGiverUserIds: adviceGivers.map((a) => a.contributor_user_id!),
  }
}

/** The list filter matching mayReadChild: a list can never show a child whose page would be refused. */
export function visibleTo(visibility: ChildVisibility) {
  return (eb: ExpressionBuilder<DB, 'child'>) => {
    switch (visibility.kind) {
      case 'authority':
        return eb('child.authority_id', '=', visibility.authorityId)
      case 'settings':
        return eb.and([
          eb('child.authority_id', '=', visibility.authorityId),
          visibility.settingIds.length === 0
            ? eb.val(false)
            : eb.exists(
                eb
                  .selectFrom('child_setting')
                  .select(sql.lit(1).as('one'))
                  .whereRef('child_setting.child_id', '=', 'child.id')
                  .where('child_setting.ended_on', 'is', null)
                  .where('child_setting.setting_id', 'in', [...visibility.settingIds]),
              ),
        ])
      case 'parent':
        return eb.and([
          eb('child.authority_id', '=', visibility.authorityId),
          eb.exists(
            eb
              .selectFrom('family_member')
              .select(sql.lit(1).as('one'))
              .whereRef('family_member.child_id', '=', 'child.id')
              .where('family_member.user_id', '=', visibility.userId)
              .where('family_member.parental_responsibility', '=', true)
              .where('family_member.verified_at', 'is not', null),
          ),
        ])
      case 'self':
        return eb.and([
          eb('child.authority_id', '=', visibility.authorityId),
          eb('child.young_person_user_id', '=', visibility.userId),
        ])
      case 'panel':
        return eb.and([
          eb('child.authority_id', '=', visibility.authorityId),
          eb.exists(
            eb
              .selectFrom('panel_agenda_item')
              .innerJoin('ehc_case', 'ehc_case.id', 'panel_agenda_item.case_id')
              .innerJoin('panel_member', 'panel_member.meeting_id', 'panel_agenda_item.meeting_id')
              .innerJoin('panel_meeting', 'panel_meeting.id', 'panel_agenda_item.meeting_id')
              .select(sql.lit(1).as('one'))
              .whereRef('ehc_case.child_id', '=', 'child.id')
              .where('panel_member.user_id', '=', visibility.userId)
              .where('panel_meeting.meets_on', '>=', visibility.meetingsFrom),
          ),
        ])
      case 'advice':
        return eb.and([
          eb('child.authority_id', '=', visibility.authorityId),
          eb.exists(
            eb
              .selectFrom('advice_request')
              .innerJoin('ehc_case', 'ehc_case.id', 'advice_request.case_id')
              .select(sql.lit(1).as('one'))
              .whereRef('ehc_case.child_id', '=', 'child.id')
              .where('advice_request.contributor_user_id', '=', visibility.userId)
              .where('advice_request.cancelled_on', 'is', null)
              .where(adviceOpensRecordSql(visibility.receivedFrom)),
          ),
        ])
      default:
        return eb.val(false)
    }
  }
}

export interface SearchTerms {
  names: string[] // lower-case name prefixes
  upn?: string
  dateOfBirth?: string
  settingId?: string
}

/** The search as a query, unexecuted (its plan is tested: test/people/childSearch.test.ts). */
export function childSearch(db: Queryable, visibility: ChildVisibility, terms: SearchTerms, limit: number) {
  let query = db
    .selectFrom('child')
    .select([
      'child.id',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
      'child.date_of_birth',
      'child.upn',
      'child.primary_need',
      (eb) =>
        eb
          .selectFrom('child_setting')
          .innerJoin('setting', 'setting.id', 'child_setting.setting_id')
          .select('setting.name')
          .whereRef('child_setting.child_id', '=', 'child.id')
          .where('child_setting.ended_on', 'is', null)
          .orderBy('child_setting.main', 'desc')
          .limit(1)
          .as('setting_name'),
    ])
    .where(visibleTo(visibility))
    .where('child.merged_into_id', 'is', null)
  if (terms.upn) query = query.where('child.upn', '=', terms.upn)
  if (terms.dateOfBirth) query = query.where('child.date_of_birth', '=', terms.dateOfBirth)
  if (terms.settingId) {
    const settingId = terms.settingId
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('child_setting')
          .select(sql.lit(1).as('one'))
          .whereRef('child_setting.child_id', '=', 'child.id')
          .where('child_setting.setting_id', '=', settingId)
          .where('child_setting.ended_on', 'is', null),
      ),
    )
  }
  const [first, second] = terms.names
  const forename = sql<string>`lower(child.legal_forename)`
  const surname = sql<string>`lower(child.legal_surname)`
  if (first && second) {
    // Two words: first name and surname, in either order.
    query = query.where((eb) =>
      eb.or([
        eb.and([startsWith(forename, first), startsWith(surname, second)]),
        eb.and([startsWith(forename, second), startsWith(surname, first)]),
      ]),
    )
  } else if (first) {
    query = query.where((eb) => eb.or([startsWith(surname, first), startsWith(forename, first)]))
  }
  return query.orderBy('child.legal_surname').orderBy('child.legal_forename').orderBy('child.id').limit(limit)
}

export function searchChildren(db: Queryable, visibility: ChildVisibility, terms: SearchTerms, limit: number) {
  return childSearch(db, visibility, terms, limit).execute()
}

/** Children who may be the same person: same UPN, or the same date of birth (names are compared in code). */
export async function findDuplicateCandidates(
  db: Queryable,
  authorityId: string,
  identity: { upn?: string | null; dateOfBirth: string },
  excludeId?: string,
) {
  let query = db
    .selectFrom('child')
    .select(['id', 'legal_forename', 'legal_surname', 'date_of_birth', 'home_postcode', 'upn'])
    .where('authority_id', '=', authorityId)
    .where('merged_into_id', 'is', null)
    .where((eb) => {
      const sameBirth = eb('date_of_birth', '=', identity.dateOfBirth)
      return identity.upn ? eb.or([sameBirth, eb('upn', '=', identity.upn)]) : sameBirth
    })
  if (excludeId) query = query.where('id', '!=', excludeId)
  return query.limit(200).execute()
}

export async function currentSettings(db: Queryable, childId: string) {
  return db
    .selectFrom('child_setting')
    .innerJoin('setting', 'setting.id', 'child_setting.setting_id')
    .select([
      'setting.id',
      'setting.name',
      'setting.urn',
      'setting.provision',
      'child_setting.started_on',
      'child_setting.main',
    ])
    .where('child_setting.child_id', '=', childId)
    .where('child_setting.ended_on', 'is', null)
    .orderBy('child_setting.main', 'desc')
    .orderBy('setting.name')
    .execute()
}

export async function familyMembers(db: Queryable, childId: string) {
  return db.selectFrom('family_member').selectAll().where('child_id', '=', childId).orderBy('created_at').execute()
}

export async function consents(db: Queryable, childId: string) {
  return db.selectFrom('consent').selectAll().where('child_id', '=', childId).orderBy('given_on', 'desc').execute()
}

export async function professionals(db: Queryable, childId: string) {
  return db.selectFrom('professional_link').selectAll().where('child_id', '=', childId).orderBy('role').execute()
}
