import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely'
import type { IsoDate } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { DB } from '../platform/db/schema.js'
import { defaultPanelCriteria, type PanelQuestion } from './panelCriteria.js'
import type { Agency, PanelDecision } from './panels.schemas.js'

/** SQL for the multi-agency panel: criteria, meetings, members, agendas and decisions. Scoped by authority. */

// --- Criteria ---

export async function criteriaOf(db: Queryable, authorityId: string, options: { includeRetired: boolean }) {
  let query = db
    .selectFrom('panel_criterion')
    .select(['id', 'question', 'code', 'text', 'source', 'position', 'retired_at'])
    .where('authority_id', '=', authorityId)
  if (!options.includeRetired) query = query.where('retired_at', 'is', null)
  return query.orderBy('question').orderBy('position').orderBy('code').execute()
}

export type CriterionRow = Awaited<ReturnType<typeof criteriaOf>>[number]

export async function findCriterion(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('panel_criterion')
    .select(['id', 'question', 'code', 'text', 'source', 'position', 'retired_at'])
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

/** Writes the default criteria (panelCriteria.ts) for an authority; codes already there are left as they are. */
export async function insertDefaultCriteria(db: Queryable, authorityId: string): Promise<number> {
  const rows = await db
    .insertInto('panel_criterion')
    .values(
      defaultPanelCriteria.map((c, i) => ({
        authority_id: authorityId,
        question: c.question,
        code: c.code,
        text: c.text,
        source: c.source,
        position: i + 1,
      })),
    )
    .onConflict((oc) => oc.columns(['authority_id', 'code']).doNothing())
    .returning('id')
    .execute()
  return rows.length
}

/** A criterion with a code not yet taken in the authority: `base`, else `base-2`, `base-3` … */
async function freeCode(db: Queryable, authorityId: string, base: string): Promise<string> {
  const taken = await db
    .selectFrom('panel_criterion')
    .select('code')
    .where('authority_id', '=', authorityId)
    .where('code', 'like', `${base}%`)
    .execute()
  const codes = new Set(taken.map((t) => t.code))
  if (!codes.has(base)) return base
  let n = 2
  while (codes.has(`${base}-${n}`)) n++
  return `${base}-${n}`
}

export async function insertCriterion(
  db: Queryable,
  authorityId: string,
  c: { question: PanelQuestion; text: string; source: string | null; codeBase: string; position?: number },
) {
  const position =
    c.position ??
    Number(
      (
        await db
          .selectFrom('panel_criterion')
          .select((eb) => eb.fn.max('position').as('max'))
          .where('authority_id', '=', authorityId)
          .where('question', '=', c.question)
          .executeTakeFirst()
      )?.max ?? 0,
    ) + 1
  return db
    .insertInto('panel_criterion')
    .values({
      authority_id: authorityId,
      question: c.question,
      code: await freeCode(db, authorityId, c.codeBase),
      text: c.text,
      source: c.source,
      position,
    })
    .returning(['id', 'question', 'code', 'text', 'source', 'position', 'retired_at'])
    .executeTakeFirstOrThrow()
}

export async function criterionUsed(db: Queryable, criterionId: string): Promise<boolean> {
  const used = await db
    .selectFrom('panel_decision_criterion')
    .select('criterion_id')
    .where('criterion_id', '=', criterionId)
    .limit(1)
    .executeTakeFirst()
  return used !== undefined
}

export async function updateCriterionText(
  db: Queryable,
  authorityId: string,
  id: string,
  c: { question: PanelQuestion; text: string; source: string | null },
) {
  return db
    .updateTable('panel_criterion')
    .set({ question: c.question, text: c.text, source: c.source })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

export async function retireCriterionRow(db: Queryable, authorityId: string, id: string) {
  return db
    .updateTable('panel_criterion')
    .set({ retired_at: new Date() })
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

// --- Meetings and members ---

/** Meetings, each with its members' count and its agenda's size; for a panel member only those they sit on. */
export async function meetingsOf(db: Queryable, authorityId: string, memberUserId: string | undefined) {
  let query = db
    .selectFrom('panel_meeting')
    .select(['id', 'meets_on', 'starts_at', 'location', 'status'])
    .select((eb) => [
      eb
        .selectFrom('panel_agenda_item')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('panel_agenda_item.meeting_id', '=', 'panel_meeting.id')
        .as('items'),
      eb
        .selectFrom('panel_agenda_item')
        .select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('panel_agenda_item.meeting_id', '=', 'panel_meeting.id')
        .where('panel_agenda_item.decision', 'is not', null)
        .where('panel_agenda_item.decision', '<>', 'deferred')
        .as('decided'),
      eb
        .selectFrom('panel_member')
        .innerJoin('app_user', 'app_user.id', 'panel_member.user_id')
        .select('app_user.display_name')
        .whereRef('panel_member.meeting_id', '=', 'panel_meeting.id')
        .where('panel_member.chair', '=', true)
        .limit(1)
        .as('chair'),
    ])
    .where('authority_id', '=', authorityId)
  if (memberUserId !== undefined) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('panel_member')
          .select(sql.lit(1).as('one'))
          .whereRef('panel_member.meeting_id', '=', 'panel_meeting.id')
          .where('panel_member.user_id', '=', memberUserId),
      ),
    )
  }
  return query.orderBy('meets_on').orderBy('starts_at').execute()
}

export async function findMeeting(db: Queryable, authorityId: string, id: string) {
  return db
    .selectFrom('panel_meeting')
    .select(['id', 'authority_id', 'meets_on', 'starts_at', 'location', 'status', 'created_at'])
    .where('authority_id', '=', authorityId)
    .where('id', '=', id)
    .executeTakeFirst()
}

export type MeetingRow = NonNullable<Awaited<ReturnType<typeof findMeeting>>>

export async function membersOf(db: Queryable, meetingId: string) {
  return db
    .selectFrom('panel_member')
    .innerJoin('app_user', 'app_user.id', 'panel_member.user_id')
    .select([
      'panel_member.user_id',
      'panel_member.agency',
      'panel_member.chair',
      'app_user.display_name',
      'app_user.role',
    ])
    .where('panel_member.meeting_id', '=', meetingId)
    .orderBy('panel_member.chair', 'desc')
    .orderBy('app_user.display_name')
    .execute()
}

/** People who may sit on a panel: panel members and team managers of the authority, with accounts in use. */
export async function panelCandidates(db: Queryable, authorityId: string) {
  return db
    .selectFrom('app_user')
    .select(['id', 'display_name', 'role'])
    .where('authority_id', '=', authorityId)
    .where('role', 'in', ['panel_member', 'team_manager'])
    .where('disabled_at', 'is', null)
    .orderBy('display_name')
    .execute()
}

export async function insertMeeting(
  db: Queryable,
  m: {
    authorityId: string
    meetsOn: IsoDate
    startsAt: string
    location: string
    members: readonly { userId: string; agency: Agency; chair: boolean }[]
  },
) {
  const meeting = await db
    .insertInto('panel_meeting')
    .values({ authority_id: m.authorityId, meets_on: m.meetsOn, starts_at: m.startsAt, location: m.location })
    .returning(['id', 'meets_on'])
    .executeTakeFirstOrThrow()
  await db
    .insertInto('panel_member')
    .values(m.members.map((x) => ({ meeting_id: meeting.id, user_id: x.userId, agency: x.agency, chair: x.chair })))
    .execute()
  return meeting
}

// --- Agenda ---

/** The question a case's status puts to the panel: before assessment whether to assess, after it whether to issue. */
const questionOfCase = sql<PanelQuestion>`case when ehc_case.status = 'assessing' then 'issue' else 'assess' end`

/**
 * Cases awaiting a panel decision: received or considering (whether to assess), or assessing with every advice asked
 * for received and at least one asked (whether to issue). Not those on this meeting's agenda already, nor those
 * waiting on another meeting that has not yet happened.
 */
function awaitingDecision(authorityId: string, meetingId: string, today: IsoDate) {
  return (eb: ExpressionBuilder<DB, 'ehc_case'>): Expression<SqlBool> => {
    const liveAdvice = eb
      .selectFrom('advice_request')
      .select(sql.lit(1).as('one'))
      .whereRef('advice_request.case_id', '=', 'ehc_case.id')
      .where('advice_request.cancelled_on', 'is', null)
    return eb.and([
      eb('ehc_case.authority_id', '=', authorityId),
      eb.or([
        eb('ehc_case.status', 'in', ['received', 'considering']),
        eb.and([
          eb('ehc_case.status', '=', 'assessing'),
          eb.exists(liveAdvice),
          eb.not(eb.exists(liveAdvice.where('advice_request.received_on', 'is', null))),
        ]),
      ]),
      eb.not(
        eb.exists(
          eb
            .selectFrom('panel_agenda_item as listed')
            .innerJoin('panel_meeting as listed_meeting', 'listed_meeting.id', 'listed.meeting_id')
            .select(sql.lit(1).as('one'))
            .whereRef('listed.case_id', '=', 'ehc_case.id')
            .where(sql<boolean>`listed.question = ${questionOfCase}`)
            .where((e) =>
              e.or([
                e('listed.meeting_id', '=', meetingId),
                e.and([
                  e('listed.decision', 'is', null),
                  e('listed_meeting.status', '=', 'planned'),
                  e('listed_meeting.meets_on', '>=', today),
                ]),
              ]),
            ),
        ),
      ),
    ])
  }
}

export async function casesAwaitingDecision(
  db: Queryable,
  authorityId: string,
  meetingId: string,
  today: IsoDate,
  onlyCaseId?: string,
) {
  let query = db
    .selectFrom('ehc_case')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .select([
      'ehc_case.id',
      'ehc_case.authority_id',
      'ehc_case.child_id',
      'ehc_case.reference',
      'ehc_case.status',
      'ehc_case.request_received',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
    ])
    .select(questionOfCase.as('question'))
    .where(awaitingDecision(authorityId, meetingId, today))
  if (onlyCaseId !== undefined) query = query.where('ehc_case.id', '=', onlyCaseId)
  return query.execute()
}

export type AwaitingCase = Awaited<ReturnType<typeof casesAwaitingDecision>>[number]

/** Serialises agenda building in an authority, so two people building agendas at once never list a case twice. */
export async function lockAgendas(db: Queryable, authorityId: string) {
  await sql`select pg_advisory_xact_lock(728302, hashtext(${authorityId}))`.execute(db)
}

export async function nextAgendaPosition(db: Queryable, meetingId: string): Promise<number> {
  const row = await db
    .selectFrom('panel_agenda_item')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('meeting_id', '=', meetingId)
    .executeTakeFirst()
  return Number(row?.max ?? 0) + 1
}

export async function insertAgendaItem(
  db: Queryable,
  item: { authorityId: string; meetingId: string; caseId: string; question: PanelQuestion; position: number },
) {
  return db
    .insertInto('panel_agenda_item')
    .values({
      authority_id: item.authorityId,
      meeting_id: item.meetingId,
      case_id: item.caseId,
      question: item.question,
      position: item.position,
    })
    .returning(['id'])
    .executeTakeFirstOrThrow()
}

/** A meeting's agenda in order, each item with its case and child. */
export async function agendaOf(db: Queryable, meetingId: string) {
  return db
    .selectFrom('panel_agenda_item')
    .innerJoin('ehc_case', 'ehc_case.id', 'panel_agenda_item.case_id')
    .innerJoin('child', 'child.id', 'ehc_case.child_id')
    .select([
      'panel_agenda_item.id',
      'panel_agenda_item.question',
      'panel_agenda_item.position',
      'panel_agenda_item.decision',
      'panel_agenda_item.reasons',
      'panel_agenda_item.decided_at',
      'ehc_case.id as case_id',
      'ehc_case.reference',
      'ehc_case.status',
      'ehc_case.version',
      'ehc_case.request_received',
      'ehc_case.child_id',
      'child.legal_forename',
      'child.legal_surname',
      'child.preferred_name',
    ])
    .where('panel_agenda_item.meeting_id', '=', meetingId)
    .orderBy('panel_agenda_item.position')
    .execute()
}

export type AgendaRow = Awaited<ReturnType<typeof agendaOf>>[number]

export async function findAgendaItem(db: Queryable, authorityId: string, meetingId: string, itemId: string) {
  return db
    .selectFrom('panel_agenda_item')
    .selectAll()
    .where('authority_id', '=', authorityId)
    .where('meeting_id', '=', meetingId)
    .where('id', '=', itemId)
    .executeTakeFirst()
}

export async function deleteUndecidedItem(db: Queryable, itemId: string) {
  return db
    .deleteFrom('panel_agenda_item')
    .where('id', '=', itemId)
    .where('decision', 'is', null)
    .returning('id')
    .executeTakeFirst()
}

/** Records the decision on an item not yet decided; undefined when someone recorded one first. */
export async function decideItem(
  db: Queryable,
  itemId: string,
  d: { decision: PanelDecision; reasons: string; decidedByUserId: string | null },
) {
  return db
    .updateTable('panel_agenda_item')
    .set({ decision: d.decision, reasons: d.reasons, decided_at: new Date(), decided_by_user_id: d.decidedByUserId })
    .where('id', '=', itemId)
    .where('decision', 'is', null)
    .returning(['id', 'decision', 'decided_at'])
    .executeTakeFirst()
}

export async function insertDecisionCriteria(
  db: Queryable,
  itemId: string,
  criteria: readonly { criterionId: string; met: boolean; note?: string }[],
) {
  if (!criteria.length) return
  await db
    .insertInto('panel_decision_criterion')
    .values(
      criteria.map((c) => ({ agenda_item_id: itemId, criterion_id: c.criterionId, met: c.met, note: c.note ?? null })),
    )
    .execute()
}

export async function decisionCriteriaOf(db: Queryable, itemId: string) {
  return db
    .selectFrom('panel_decision_criterion')
    .innerJoin('panel_criterion', 'panel_criterion.id', 'panel_decision_criterion.criterion_id')
    .select([
      'panel_criterion.id',
      'panel_criterion.code',
      'panel_criterion.text',
      'panel_criterion.source',
      'panel_decision_criterion.met',
      'panel_decision_criterion.note',
    ])
    .where('panel_decision_criterion.agenda_item_id', '=', itemId)
    .orderBy('panel_criterion.position')
    .execute()
}

/** Earlier panel listings of the same case (a deferral, the decision to assess before the decision to issue). */
export async function otherListingsOf(db: Queryable, caseId: string, exceptItemId: string) {
  return db
    .selectFrom('panel_agenda_item')
    .innerJoin('panel_meeting', 'panel_meeting.id', 'panel_agenda_item.meeting_id')
    .select([
      'panel_agenda_item.id',
      'panel_agenda_item.meeting_id',
      'panel_agenda_item.question',
      'panel_agenda_item.decision',
      'panel_agenda_item.reasons',
      'panel_meeting.meets_on',
    ])
    .where('panel_agenda_item.case_id', '=', caseId)
    .where('panel_agenda_item.id', '<>', exceptItemId)
    .orderBy('panel_meeting.meets_on', 'desc')
    .execute()
}

// --- Papers ---

export async function childSummaryOf(db: Queryable, childId: string) {
  const [child, settings] = await Promise.all([
    db
      .selectFrom('child')
      .select([
        'id',
        'legal_forename',
        'legal_surname',
        'preferred_name',
        'date_of_birth',
        'primary_need',
        'secondary_need',
        'language',
        'interpreter_needed',
      ])
      .where('id', '=', childId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('child_setting')
      .innerJoin('setting', 'setting.id', 'child_setting.setting_id')
      .select(['setting.name', 'child_setting.started_on'])
      .where('child_setting.child_id', '=', childId)
      .where('child_setting.ended_on', 'is', null)
      .orderBy('child_setting.started_on', 'desc')
      .execute(),
  ])
  return { child, settings }
}

export async function adviceOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('advice_request')
    .select(['id', 'service', 'contributor_name', 'requested_on', 'due_on', 'received_on', 'advice', 'document_id'])
    .where('case_id', '=', caseId)
    .where('cancelled_on', 'is', null)
    .orderBy('requested_on')
    .execute()
}

/** The documents behind a case: its evidence (and any papers) and the advice given as attachments. */
export async function documentsOf(db: Queryable, caseId: string) {
  return db
    .selectFrom('document')
    .select(['id', 'kind', 'filename', 'media_type', 'size_bytes', 'scan_status', 'created_at'])
    .where((eb) =>
      eb.or([
        eb('document.case_id', '=', caseId),
        eb(
          'document.id',
          'in',
          eb
            .selectFrom('advice_request')
            .select('advice_request.document_id')
            .where('advice_request.case_id', '=', caseId)
            .where('advice_request.document_id', 'is not', null)
            .$narrowType<{ document_id: string }>(),
        ),
      ]),
    )
    .where('document.kind', '<>', 'letter')
    .orderBy('created_at')
    .execute()
}
