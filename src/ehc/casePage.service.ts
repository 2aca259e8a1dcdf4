import type { Transaction } from 'kysely'
import { findChild } from '../people/children.repository.js'
import { compareIsoDate, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { DB } from '../platform/db/schema.js'
import { documentsOfCase } from '../platform/documents/documents.repository.js'
import type { Documents } from '../platform/documents/documents.service.js'
import type { UploadedFile } from '../platform/documents/upload.js'
import { Conflict, Invalid } from '../platform/errors.js'
import { notificationsFor } from '../platform/notify/outbox.js'
import { mayManageCase, mayTake } from '../platform/policy/policy.js'
import type { UseCaseContext } from '../platform/useCase.js'
import { documentLinks, planNamesOf } from './caseDocuments.js'
import { type CaseReader, caseReaderOf, consultationsNamedFor, recordShownTo, timelineShownTo } from './caseReaders.js'
import {
  adviceRequestsOf,
  type CaseRow,
  caseEvents,
  consultationsOf,
  exceptionsOf,
  planInForce,
} from './cases.repository.js'
import {
  caseScopeOf,
  loadManageableCase,
  readCase,
  recordCaseEvent,
  type TransitionInput,
  transitionCase,
} from './cases.service.js'
import { assessCase } from './clock.js'
import { clockFactsOf } from './facts.js'
import { letterReference } from './letters.service.js'
import {
  type CaseStatus,
  type CaseTransition,
  preferenceReasonNeeded,
  preferenceSetAside,
  transitionRules,
  transitionsFrom,
} from './workflow.js'

async function namesOf(db: Queryable, c: CaseRow) {
  const settingIds = [c.setting_id, c.requester_setting_id, c.preferred_setting_id, c.named_setting_id].filter(
    (id): id is string => id !== null,
  )
  const [settings, caseworker, team] = await Promise.all([
    settingIds.length
      ? db.selectFrom('setting').select(['id', 'name']).where('id', 'in', settingIds).execute()
      : Promise.resolve([]),
    c.caseworker_user_id
      ? db.selectFrom('app_user').select('display_name').where('id', '=', c.caseworker_user_id).executeTakeFirst()
      : Promise.resolve(undefined),
    c.team_id ? db.selectFrom('team').select('name').where('id', '=', c.team_id).executeTakeFirst() : undefined,
  ])
  const setting = (id: string | null) => (id ? settings.find((s) => s.id === id) : undefined)
  return {
    setting: setting(c.setting_id),
    requesterSetting: setting(c.requester_setting_id),
    preferredSetting: setting(c.preferred_setting_id),
    namedSetting: setting(c.named_setting_id),
    caseworkerName: caseworker?.display_name,
    teamName: team?.name,
  }
}

/**
 * Who did each thing on a timeline, by name: events keep the audit log's label ("user:…", "token:…"), which is no
 * name to show people.
 */
export async function eventActors(
  db: Queryable,
  events: readonly { actor_user_id: string | null; actor_label: string }[],
): Promise<(event: { actor_user_id: string | null; actor_label: string }) => string> {
  const ids = [...new Set(events.flatMap((e) => (e.actor_user_id ? [e.actor_user_id] : [])))]
  const users = ids.length
    ? await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', ids).execute()
    : []
  const names = new Map(users.map((u) => [u.id, u.display_name]))
  return (e) => {
    const name = e.actor_user_id ? names.get(e.actor_user_id) : undefined
    if (name) return name
    if (e.actor_label.startsWith('token:')) return 'Another system, through the API'
    if (e.actor_label.startsWith('user:')) return 'A former user'
    return e.actor_label
  }
}

/**
 * Everything on the case page: the case (its read audited), the clock against today, the advice, consultations,
 * exceptions, letters with their delivery, the timeline, and what the actor may do next.
 */
export async function viewCase(ctx: UseCaseContext, id: string, today: IsoDate = todayInLondon()) {
  const c = await readCase(ctx, id)
  const { db } = ctx
  const mayManage = mayManageCase(ctx.actor, caseScopeOf(c))
  const status = c.status as CaseStatus
  const reader = caseReaderOf(ctx.actor)
  const staff = reader === 'staff'
  const [record, allEvents, letters, plan, deliveries, documents] = await Promise.all([
    caseWithClock(ctx, c, reader, today),
    caseEvents(db, c.id),
    staff
      ? db.selectFrom('ehc_letter').selectAll().where('case_id', '=', c.id).orderBy('created_at', 'desc').execute()
      : [],
    planInForce(db, c.child_id),
    staff ? notificationsFor(db, { authorityId: c.authority_id, childId: c.child_id }) : [],
    staff ? documentsOfCase(db, c.authority_id, c.id) : [],
  ])
  const events = timelineShownTo(reader, allEvents)
  const actorOf = await eventActors(db, events)
  const transitions = mayManage ? transitionsFrom(status) : []
  return {
    ...record,
    events: events.map((e) => ({ ...e, actor: actorOf(e) })),
    letters: letters.map((l) => ({
      ...l,
      deliveries: deliveries.filter((d) => d.reference === letterReference(l.id)),
    })),
    /** The case's documents (to staff): its evidence, advice and plans, named from the whole timeline. */
    documents: documentLinks(documents, planNamesOf(allEvents)),
    /** Whether the whole record is shown (to staff): the letters and their delivery, the family's comments. */
    fullRecord: staff,
    plan,
    today,
    mayManage,
    mayAllocate: mayTake(ctx.actor, 'ehc:allocate') && mayManage,
    /** The steps a caseworker records here; panel decisions are recorded at panel. */
    transitions: transitions.filter((t) => !transitionRules[t].panelDecision),
    panelTransitions: transitions.filter((t) => transitionRules[t].panelDecision),
  }
}

export type CasePage = Awaited<ReturnType<typeof viewCase>>

/**
 * The case with the child, the names of its settings, caseworker and team, its advice, and the clock against today
 * on the whole record; of the record, what this reader may see (caseReaders.ts).
 */
async function caseWithClock(ctx: UseCaseContext, c: CaseRow, reader: CaseReader, today: IsoDate) {
  const { db } = ctx
  const [child, names, advice, consultations, exceptions] = await Promise.all([
    findChild(db, c.authority_id, c.child_id),
    namesOf(db, c),
    adviceRequestsOf(db, c.id),
    consultationsOf(db, c.id),
    exceptionsOf(db, c.id),
  ])
  const assessment = assessCase(
    clockFactsOf(c, advice, consultationsNamedFor(reader, ctx.actor, consultations), exceptions),
    today,
  )
  return {
    child,
    ...names,
    advice,
    assessment,
    ...recordShownTo(reader, ctx.actor, { case: c, consultations, exceptions }),
  }
}

/** A case (its read audited) with its clock, as this reader may see it. */
export async function readCaseWithClock(ctx: UseCaseContext, id: string, today: IsoDate = todayInLondon()) {
  return caseWithClock(ctx, await readCase(ctx, id), caseReaderOf(ctx.actor), today)
}

export interface MoveOnInput {
  transition: CaseTransition
  on: IsoDate
  expectedVersion: number
  reason?: string
  namedSettingId?: string
}

/**
 * The plan sent with a step that issues one: the file the case page's form or the API's body carried, if any, under
 * the name of the field that carries it (`file` on the form, `plan` in the API), and where documents are kept.
 */
export interface PlanUpload {
  documents: Documents
  file: UploadedFile | undefined
  field: 'file' | 'plan'
}

/** The steps that send the family a plan, and what the plan is called when it is asked for. */
const planSteps: Partial<Record<CaseTransition, string>> = {
  issue_draft: 'the draft plan',
  issue_final: 'the final plan',
}

/**
 * One step of the workflow recorded by a caseworker (panel decisions are the panel's). Issuing the final plan also
 * records the plan itself, naming its setting, in the same transaction: a child has at most one plan in force.
 *
 * Issuing the draft or final plan needs the plan's file: it is kept as the case's plan document, for the family and
 * the settings consulted, and named on the step's event. A step that is then refused keeps no file.
 */
export async function moveCaseOn(
  ctx: UseCaseContext,
  caseId: string,
  input: MoveOnInput,
  plan: PlanUpload,
): Promise<CaseRow> {
  const work = async (trx: Transaction<DB>) => {
    const current = await loadManageableCase(ctx, trx, caseId)
    const transition: TransitionInput = {
      transition: input.transition,
      on: input.on,
      expectedVersion: input.expectedVersion,
      reason: input.reason?.trim() || undefined,
    }
    // What the form must hold, asked for as field errors once the step is one this case can take now (a step it
    // cannot take is refused by the workflow, with its reason).
    const rule = transitionRules[input.transition]
    const possibleNow = rule.from.includes(current.status as CaseStatus) && !rule.panelDecision
    if (compareIsoDate(input.on, todayInLondon()) > 0) {
      throw new Invalid([{ field: 'on', message: 'The date cannot be in the future' }])
    }
    if (possibleNow && rule.needsReason && !transition.reason) {
      throw new Invalid([{ field: 'reason', message: 'Give the reason' }])
    }
    let namedSetting: { id: string; name: string } | undefined
    if (possibleNow && input.transition === 'issue_final') {
      namedSetting = input.namedSettingId
        ? await trx
            .selectFrom('setting')
            .select(['id', 'name'])
            .where('authority_id', '=', ctx.actor.authorityId)
            .where('id', '=', input.namedSettingId)
            .executeTakeFirst()
        : undefined
      if (!namedSetting) {
        throw new Invalid([{ field: 'namedSettingId', message: 'Choose the setting the final plan names' }])
      }
      if (preferenceSetAside(current.preferred_setting_id ?? undefined, namedSetting.id) && !transition.reason) {
        throw new Invalid([{ field: 'reason', message: preferenceReasonNeeded }])
      }
      transition.namedSettingId = namedSetting.id
      transition.details = { namedSetting: namedSetting.name }
    }
    const planName = planSteps[input.transition]
    if (planName && possibleNow) {
      const { field } = plan
      if (!plan.file) {
        const message =
          field === 'file' ? `Select ${planName}` : `Send ${planName}: its filename and its content, base64-encoded`
        throw new Invalid([{ field, message }])
      }
      const document = await plan.documents
        .store(ctx, trx, {
          childId: current.child_id,
          caseId: current.id,
          kind: 'plan',
          filename: plan.file.filename,
          bytes: plan.file.bytes,
        })
        .catch((error: unknown) => {
          // The store names the form's field; the API's is the plan.
          if (error instanceof Invalid && field !== 'file') {
            throw new Invalid(
              error.fieldErrors.map((e) => ({ ...e, field })),
              error.message,
            )
          }
          throw error
        })
      transition.details = { ...transition.details, planDocumentId: document.id, planFilename: document.filename }
    }
    const updated = await transitionCase(ctx, trx, caseId, transition)
    if (namedSetting) {
      const child = await findChild(trx, updated.authority_id, updated.child_id)
      try {
        await trx
          .insertInto('ehc_plan')
          .values({
            authority_id: updated.authority_id,
            child_id: updated.child_id,
            case_id: updated.id,
            issued_on: input.on,
            named_setting_id: namedSetting.id,
            primary_need: child?.primary_need ?? null,
          })
          .execute()
      } catch (error) {
        // Another case for the same child issued a plan a moment ago (ehc_plan_in_force_key).
        if ((error as { code?: string }).code === '23505') {
          throw new Conflict('The child or young person already has an EHC plan in force')
        }
        throw error
      }
    }
    return updated
  }
  return plan.documents.transaction(ctx.db, work)
}

/** A note on the case's timeline: a call, a conversation, anything a colleague picking the case up should know. */
export async function addCaseNote(ctx: UseCaseContext, caseId: string, note: string) {
  const text = note.trim()
  if (!text) throw new Invalid([{ field: 'note', message: 'Enter the note' }])
  if (text.length > 2000) throw new Invalid([{ field: 'note', message: 'Enter 2,000 characters or fewer' }])
  await ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    await recordCaseEvent(ctx, trx, c, { kind: 'note', on: todayInLondon(), reason: text })
  })
}
