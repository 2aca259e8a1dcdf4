import { currentSettings, findChild, loadChildScope } from '../people/children.repository.js'
import { addMonths, type IsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { findDocuments } from '../platform/documents/documents.repository.js'
import type { Documents } from '../platform/documents/documents.service.js'
import type { UploadedFile } from '../platform/documents/upload.js'
import { Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { type Actor, mayReadChild, mayTake } from '../platform/policy/policy.js'
import { auditAs, auditReadAs, type UseCaseContext } from '../platform/useCase.js'
import { type CaseRow, findOpenCaseForChild } from './cases.repository.js'
import { DuplicateRequest, receiveRequest } from './cases.service.js'
import { computeEhcDeadlines } from './clock.js'
import {
  type DraftRow,
  draftsOf,
  findDraft,
  openDraftFor,
  recentlyClosedCase,
  updateDraft,
} from './requests.repository.js'
import {
  type Answers,
  type ApiRequestInput,
  type CaseworkerEntry,
  isSectionComplete,
  type PortalRequester,
  type RequestDetails,
  type SectionId,
  sectionFields,
  sectionsFor,
} from './requests.schemas.js'

/**
 * Requests for an EHC needs assessment, as they are made: by a family or a SENCO in the portal (a draft saved as they
 * go, then sent), by a caseworker from a letter, email or phone call, or through the API. Each ends in
 * `receiveRequest`, which starts the clock and refuses a second open request for the same child.
 */

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
const isFamily = (actor: Pick<Actor, 'role'>) => actor.role === 'parent' || actor.role === 'young_person'
const isStaff = (actor: Pick<Actor, 'role'>) => actor.role === 'caseworker' || actor.role === 'team_manager'

/** The most evidence files one request carries. */
export const maxEvidenceFiles = 20

/** How the portal writer of a request is known to the service, by their role. */
export function portalRequesterOf(actor: Pick<Actor, 'role'>): PortalRequester | undefined {
  if (actor.role === 'parent') return 'parent'
  if (actor.role === 'young_person') return 'young_person'
  if (actor.role === 'senco') return 'setting'
  return undefined
}

function refuse(actor: Actor, staffMessage: string): never {
  if (isFamily(actor)) throw new NotFound()
  throw new Forbidden(staffMessage)
}

/**
 * A child this actor may make a request for: a parent their own child, a young person themselves, a SENCO a pupil
 * on roll at one of their settings (which becomes the requesting setting), staff any child in the authority.
 */
async function loadRequestableChild(ctx: UseCaseContext, db: Queryable, childId: string) {
  const child = isUuid(childId) ? await findChild(db, ctx.actor.authorityId, childId) : undefined
  if (!child || child.merged_into_id) refuse(ctx.actor, 'You can only ask for assessments for children you may see')
  const scope = await loadChildScope(db, ctx.actor.authorityId, child.id)
  const allowed = mayTake(ctx.actor, 'ehc:request') && mayReadChild(ctx.actor, scope)
  if (!allowed) refuse(ctx.actor, 'You can only ask for assessments for children and young people you work with')
  const requesterSettingId =
    ctx.actor.role === 'senco' ? ctx.actor.settingIds.find((s) => scope.settingIds.includes(s)) : undefined
  return { child, requesterSettingId }
}

const childName = (c: { legal_forename: string; legal_surname: string; preferred_name?: string | null }) =>
  `${c.preferred_name || c.legal_forename} ${c.legal_surname}`

/** The day the family must be told whether the authority will assess: 6 weeks from the request (reg 4(2)). */
export const decisionDueOf = (requestReceived: IsoDate) => computeEhcDeadlines({ requestReceived }).decisionToAssess

/**
 * A request for a child who already has an open one is a duplicate, refused with the open one's reference.
 * Two requests racing past the check meet the unique index (ehc_case_open_key): the same duplicate, told the same way.
 */
async function refusingDuplicates<T>(ctx: UseCaseContext, childId: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    const e = error as { code?: string; constraint?: string; message?: string }
    const raced = e?.code === '23505' && /ehc_case_open_key/.test(`${e.constraint ?? ''} ${e.message ?? ''}`)
    if (!raced) throw error
    const open = await findOpenCaseForChild(ctx.db, ctx.actor.authorityId, childId)
    if (!open) throw error
    throw new DuplicateRequest({ id: open.id, reference: open.reference, requestReceived: open.request_received })
  }
}

const auditDraft = (
  ctx: UseCaseContext,
  trx: Queryable,
  action: string,
  draft: Pick<DraftRow, 'id' | 'child_id'>,
  details: Record<string, unknown> = {},
) =>
  auditAs(ctx, trx, {
    action: `ehc_request_draft.${action}`,
    recordType: 'ehc_request_draft',
    recordId: draft.id,
    childId: draft.child_id,
    details,
  })

// ---------------------------------------------------------------------------------------------------------------------
// The portal: families and SENCOs

/** Starts (or resumes) the actor's request for a child. Refused for a child with an open request. */
export async function startDraft(ctx: UseCaseContext, childId: string): Promise<DraftRow> {
  if (!portalRequesterOf(ctx.actor) || ctx.actor.userId === undefined) {
    throw new Forbidden('Staff enter requests received by letter, email or phone on the new request page')
  }
  return ctx.db.transaction().execute(async (trx) => {
    const { child } = await loadRequestableChild(ctx, trx, childId)
    const open = await findOpenCaseForChild(trx, ctx.actor.authorityId, child.id)
    if (open) {
      throw new DuplicateRequest({ id: open.id, reference: open.reference, requestReceived: open.request_received })
    }
    const { draft, created } = await openDraftFor(trx, {
      authorityId: ctx.actor.authorityId,
      childId: child.id,
      authorUserId: ctx.actor.userId!,
    })
    await auditDraft(ctx, trx, created ? 'create' : 'read', draft)
    return draft
  })
}

/** A draft its author may work on (nobody else sees another's draft), with the child still theirs to ask for. */
async function loadOwnDraft(ctx: UseCaseContext, db: Queryable, draftId: string) {
  const draft = isUuid(draftId) ? await findDraft(db, ctx.actor.authorityId, draftId) : undefined
  if (!draft || ctx.actor.userId === undefined || draft.author_user_id !== ctx.actor.userId) {
    refuse(ctx.actor, 'You can only see requests you are writing')
  }
  const requester = portalRequesterOf(ctx.actor)
  if (!requester) refuse(ctx.actor, 'You can only see requests you are writing')
  const { child, requesterSettingId } = await loadRequestableChild(ctx, db, draft.child_id)
  return { draft, child, requester, requesterSettingId }
}

function assertUnsent(draft: DraftRow) {
  if (draft.submitted_case_id) throw new Conflict('This request has already been sent')
}

export interface DraftView {
  draft: DraftRow
  requester: PortalRequester
  child: { id: string; name: string; forename: string; dateOfBirth: IsoDate }
  settings: { id: string; name: string }[]
  documents: { id: string; filename: string; mediaType: string; sizeBytes: number; scanStatus: string }[]
  answers: Answers
  sections: { id: SectionId; title: string; complete: boolean }[]
}

async function draftView(db: Queryable, loaded: Awaited<ReturnType<typeof loadOwnDraft>>): Promise<DraftView> {
  const { draft, child, requester } = loaded
  const [settings, documents] = await Promise.all([
    currentSettings(db, child.id),
    findDocuments(db, draft.authority_id, draft.document_ids),
  ])
  const answers = draft.answers as Answers
  return {
    draft,
    requester,
    child: {
      id: child.id,
      name: childName(child),
      forename: child.preferred_name || child.legal_forename,
      dateOfBirth: child.date_of_birth,
    },
    settings,
    documents: documents.map((d) => ({
      id: d.id,
      filename: d.filename,
      mediaType: d.media_type,
      sizeBytes: d.size_bytes,
      scanStatus: d.scan_status,
    })),
    answers,
    sections: sectionsFor(requester).map((s) => ({ ...s, complete: isSectionComplete(s.id, answers) })),
  }
}

/** The author's draft, to show or go on with (audited: it is about a child). */
export async function readDraft(ctx: UseCaseContext, draftId: string): Promise<DraftView> {
  return ctx.db.transaction().execute(async (trx) => {
    const loaded = await loadOwnDraft(ctx, trx, draftId)
    await auditDraft(ctx, trx, 'read', loaded.draft)
    return draftView(trx, loaded)
  })
}

/** Saves the answers of one section page (already parsed), kept with the rest. */
export async function saveDraftAnswers(ctx: UseCaseContext, draftId: string, section: SectionId, values: Answers) {
  return ctx.db.transaction().execute(async (trx) => {
    const { draft, requester } = await loadOwnDraft(ctx, trx, draftId)
    assertUnsent(draft)
    if (!sectionsFor(requester).some((s) => s.id === section)) throw new NotFound()
    // A page's fields replace what that page said before: a field cleared is cleared.
    const fields = sectionFields[section]
    const kept = Object.fromEntries(Object.entries(draft.answers as Answers).filter(([k]) => !fields.includes(k)))
    const answers = { ...kept, ...values }
    const updated = await updateDraft(trx, draft.id, { answers })
    await auditDraft(ctx, trx, 'update', draft, { section })
    return updated
  })
}

/** Adds a file to a draft's evidence: checked, scanned and stored on the child's record, seen only by its uploader
 * until the request is sent. */
export async function addDraftEvidence(ctx: UseCaseContext, documents: Documents, draftId: string, file: UploadedFile) {
  return documents.transaction(ctx.db, async (trx) => {
    const { draft } = await loadOwnDraft(ctx, trx, draftId)
    assertUnsent(draft)
    if (draft.document_ids.length >= maxEvidenceFiles) {
      throw new Invalid([{ field: 'file', message: `You can add up to ${maxEvidenceFiles} files` }])
    }
    const doc = await documents.store(ctx, trx, {
      childId: draft.child_id,
      kind: 'evidence',
      filename: file.filename,
      bytes: file.bytes,
    })
    await updateDraft(trx, draft.id, { document_ids: [...draft.document_ids, doc.id] })
    await auditDraft(ctx, trx, 'update', draft, { documentAdded: doc.id })
    return doc
  })
}

/** Takes a file out of a draft's evidence; nothing of it is kept. */
export async function removeDraftEvidence(
  ctx: UseCaseContext,
  documents: Documents,
  draftId: string,
  documentId: string,
) {
  await documents.transaction(ctx.db, async (trx) => {
    const { draft } = await loadOwnDraft(ctx, trx, draftId)
    assertUnsent(draft)
    if (!draft.document_ids.includes(documentId)) throw new NotFound()
    const [doc] = await findDocuments(trx, ctx.actor.authorityId, [documentId])
    await updateDraft(trx, draft.id, { document_ids: draft.document_ids.filter((id) => id !== documentId) })
    if (doc) await documents.remove(ctx, trx, doc)
    await auditDraft(ctx, trx, 'update', draft, { documentRemoved: documentId })
  })
}

/** The sections still to answer before a draft can be sent (an Invalid naming each, for the check page). */
function incompleteSections(view: DraftView) {
  return view.sections.filter((s) => !s.complete).map((s) => ({ field: s.id, message: `Complete “${s.title}”` }))
}

/** What the case keeps of a portal request, from the draft's answers (complete: checked before). */
function requestFromAnswers(view: DraftView) {
  const a = view.answers as Record<string, string | number | undefined>
  const text = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : undefined)
  const settingIds = new Set(view.settings.map((s) => s.id))
  const choice = text('settingChoice')
  const details: RequestDetails =
    view.requester === 'setting'
      ? {
          childViews: text('childViews'),
          senSupport: {
            since: text('senSupportSince')!,
            planReviews: Number(a.planReviews),
            outcomes: text('outcomes')!,
            supportInPlace: text('supportInPlace')!,
            professionals: text('professionals')!,
          },
          parentConsentConfirmed: a.parentConsent === 'yes',
        }
      : {
          supportTried: text('supportTried'),
          childViews: text('childViews'),
          consentToContactProfessionals: a.consentToContact === 'yes',
          professionals: text('professionals'),
          settingName: choice === 'other' ? text('settingName') : undefined,
          notAtASetting: choice === 'none' ? true : undefined,
        }
  return {
    reasons: text('reasons')!,
    familyViews: text('familyViews'),
    settingId: choice && settingIds.has(choice) ? choice : undefined,
    details,
  }
}

export interface SentRequest {
  caseId: string
  reference: string
  childName: string
  requestReceived: IsoDate
  decisionDue: IsoDate
}

/**
 * Sends a draft: the request is received today (the clock starts), in the same transaction as the draft is marked
 * sent. A child with an open request refuses it (DuplicateRequest) and the draft is kept as it was.
 */
export async function submitDraft(ctx: UseCaseContext, draftId: string): Promise<SentRequest> {
  const childId = isUuid(draftId) ? (await findDraft(ctx.db, ctx.actor.authorityId, draftId))?.child_id : undefined
  return refusingDuplicates(ctx, childId ?? '', () =>
    ctx.db.transaction().execute(async (trx) => {
      const loaded = await loadOwnDraft(ctx, trx, draftId)
      assertUnsent(loaded.draft)
      const view = await draftView(trx, loaded)
      const missing = incompleteSections(view)
      if (missing.length) throw new Invalid(missing, 'Answer every section before you send the request')
      const today = todayInLondon()
      const fromAnswers = requestFromAnswers(view)
      const created = await receiveRequest(ctx, trx, {
        childId: loaded.child.id,
        requesterKind: loaded.requester,
        requesterName: await requesterNameOf(ctx, trx),
        requesterUserId: ctx.actor.userId,
        requesterSettingId: loaded.requesterSettingId,
        receivedVia: loaded.requester === 'setting' ? 'setting_portal' : 'portal',
        requestReceived: today,
        reasons: fromAnswers.reasons,
        familyViews: fromAnswers.familyViews,
        settingId: loaded.requester === 'setting' ? loaded.requesterSettingId : fromAnswers.settingId,
        documentIds: loaded.draft.document_ids,
        details: fromAnswers.details,
      })
      await updateDraft(trx, loaded.draft.id, { submitted_case_id: created.id })
      await auditDraft(ctx, trx, 'submit', loaded.draft, { caseId: created.id })
      return sentRequestOf(created, view.child.name)
    }),
  )
}

function sentRequestOf(c: Pick<CaseRow, 'id' | 'reference' | 'request_received'>, name: string): SentRequest {
  return {
    caseId: c.id,
    reference: c.reference,
    childName: name,
    requestReceived: c.request_received,
    decisionDue: decisionDueOf(c.request_received),
  }
}

async function requesterNameOf(ctx: UseCaseContext, db: Queryable): Promise<string> {
  if (ctx.actor.userId === undefined) return ctx.audit.label
  const user = await db
    .selectFrom('app_user')
    .select('display_name')
    .where('id', '=', ctx.actor.userId)
    .executeTakeFirst()
  return user?.display_name ?? ctx.audit.label
}

/** The request a draft became, for its confirmation page (audited as a read of the case). */
export async function sentRequest(ctx: UseCaseContext, draftId: string): Promise<SentRequest> {
  return ctx.db.transaction().execute(async (trx) => {
    const { draft, child } = await loadOwnDraft(ctx, trx, draftId)
    if (!draft.submitted_case_id) throw new NotFound()
    const sent = await trx
      .selectFrom('ehc_case')
      .select(['id', 'reference', 'request_received'])
      .where('id', '=', draft.submitted_case_id)
      .executeTakeFirstOrThrow()
    await auditAs(ctx, trx, { action: 'ehc_case.read', recordType: 'ehc_case', recordId: sent.id, childId: child.id })
    return sentRequestOf(sent, childName(child))
  })
}

/** The actor's requests: those being written and those sent, with where each stands (audited: names children). */
export async function listOwnRequests(ctx: UseCaseContext) {
  if (ctx.actor.userId === undefined) return []
  const rows = await draftsOf(ctx.db, ctx.actor.authorityId, ctx.actor.userId)
  if (rows.length) {
    await auditReadAs(ctx, {
      action: 'ehc_request.listed',
      recordType: 'ehc_request_draft',
      details: { childIds: [...new Set(rows.map((r) => r.child_id))] },
    })
  }
  return rows.map((r) => ({
    draftId: r.id,
    childId: r.child_id,
    childName: childName(r),
    updatedAt: r.updated_at,
    caseId: r.submitted_case_id,
    reference: r.reference,
    status: r.status,
    requestReceived: r.request_received,
  }))
}

/**
 * Whether a child already has a request in progress, for the page that starts one: families are told the reference,
 * staff get a link. Audited as a read of the child's record.
 */
export async function openRequestFor(ctx: UseCaseContext, childId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { child } = await loadRequestableChild(ctx, trx, childId)
    const open = await findOpenCaseForChild(trx, ctx.actor.authorityId, child.id)
    await auditAs(ctx, trx, {
      action: 'child.read',
      recordType: 'child',
      recordId: child.id,
      childId: child.id,
      details: { for: 'ehc_request' },
    })
    return { child: { id: child.id, name: childName(child) }, open }
  })
}

// ---------------------------------------------------------------------------------------------------------------------
// The caseworker's entry of a request received by letter, email or phone

/** What a caseworker sees before entering a request for a child: an open request, or one closed in the last 6 months. */
export async function entryChecksFor(ctx: UseCaseContext, childId: string) {
  assertStaff(ctx.actor)
  return ctx.db.transaction().execute(async (trx) => {
    const { child } = await loadRequestableChild(ctx, trx, childId)
    const [open, recentlyClosed] = await Promise.all([
      findOpenCaseForChild(trx, ctx.actor.authorityId, child.id),
      recentlyClosedCase(trx, ctx.actor.authorityId, child.id, addMonths(todayInLondon(), -6)),
    ])
    await auditAs(ctx, trx, {
      action: 'child.read',
      recordType: 'child',
      recordId: child.id,
      childId: child.id,
      details: { for: 'ehc_request' },
    })
    return {
      child: { id: child.id, name: childName(child), dateOfBirth: child.date_of_birth },
      open,
      recentlyClosed,
    }
  })
}

function assertStaff(actor: Actor) {
  if (!isStaff(actor) || !mayTake(actor, 'ehc:request')) {
    throw new Forbidden('Only caseworkers and team managers enter requests received by letter, email or phone')
  }
}

/**
 * Enters a request received by letter, email or phone: the clock starts on the day it was received (not in the
 * future, not before the child was born: receiveRequest refuses both). Evidence sent with it is stored with it.
 */
export async function enterRequest(
  ctx: UseCaseContext,
  documents: Documents,
  input: CaseworkerEntry,
  evidence?: UploadedFile,
): Promise<CaseRow> {
  assertStaff(ctx.actor)
  return refusingDuplicates(ctx, input.childId, () =>
    documents.transaction(ctx.db, async (trx) => {
      const { child } = await loadRequestableChild(ctx, trx, input.childId)
      const settings = await currentSettings(trx, child.id)
      // Stored first so the request's event counts it; a refused request rolls back and the file goes with it.
      const stored = evidence
        ? await documents.store(ctx, trx, {
            childId: child.id,
            kind: 'evidence',
            filename: evidence.filename,
            bytes: evidence.bytes,
          })
        : undefined
      return receiveRequest(ctx, trx, {
        childId: child.id,
        requesterKind: input.requesterKind,
        requesterName: input.requesterName,
        receivedVia: input.receivedVia,
        requestReceived: input.requestReceived,
        reasons: input.reasons,
        familyViews: input.familyViews,
        settingId: settings[0]?.id,
        documentIds: stored ? [stored.id] : [],
      })
    }),
  )
}

// ---------------------------------------------------------------------------------------------------------------------
// The API

const staffOnlyFields = ['requestReceived', 'receivedVia', 'requesterKind', 'requesterName'] as const

/**
 * A request through the API, under the same record rules as the pages: a parent for their own child, a young person
 * for themselves, a SENCO for a pupil at their setting (with the SEN Support evidence), staff for any child (saying
 * when, how and from whom it was received).
 */
export async function requestThroughApi(ctx: UseCaseContext, input: ApiRequestInput): Promise<SentRequest> {
  if (!mayTake(ctx.actor, 'ehc:request')) throw new Forbidden()
  const staff = isStaff(ctx.actor)
  const requester = portalRequesterOf(ctx.actor)
  const problems: { field: string; message: string }[] = []
  if (staff) {
    for (const field of staffOnlyFields) {
      if (input[field] === undefined)
        problems.push({ field, message: `${field} is required when staff enter a request` })
    }
  } else {
    for (const field of staffOnlyFields) {
      if (input[field] !== undefined) problems.push({ field, message: `${field} is set by the service, not sent` })
    }
    if (requester === 'setting') {
      if (!input.senSupport)
        problems.push({ field: 'senSupport', message: 'A setting’s request includes its SEN Support evidence' })
      if (input.parentConsentConfirmed !== true) {
        problems.push({
          field: 'parentConsentConfirmed',
          message: 'Confirm the parents or young person know about this request and agree to it',
        })
      }
    }
  }
  if (!staff && (!requester || ctx.actor.userId === undefined)) {
    throw new Forbidden('This token does not act for a person who may ask for an assessment')
  }
  if (problems.length) throw new Invalid(problems)
  return refusingDuplicates(ctx, input.childId, () =>
    ctx.db.transaction().execute(async (trx) => {
      const { child, requesterSettingId } = await loadRequestableChild(ctx, trx, input.childId)
      if (input.settingId && !(await currentSettings(trx, child.id)).some((s) => s.id === input.settingId)) {
        throw new Invalid([{ field: 'settingId', message: 'settingId must be a setting the child is on roll at' }])
      }
      const details: RequestDetails = {
        supportTried: input.supportTried,
        childViews: input.childViews,
        consentToContactProfessionals: input.consentToContactProfessionals,
        professionals: input.professionals,
        senSupport: input.senSupport,
        parentConsentConfirmed: input.parentConsentConfirmed,
      }
      const created = await receiveRequest(ctx, trx, {
        childId: child.id,
        requesterKind: staff ? input.requesterKind! : requester!,
        requesterName: staff ? input.requesterName! : await requesterNameOf(ctx, trx),
        requesterUserId: staff ? undefined : ctx.actor.userId,
        requesterSettingId,
        receivedVia: staff ? input.receivedVia! : 'api',
        requestReceived: staff ? input.requestReceived! : todayInLondon(),
        reasons: input.reasons,
        familyViews: input.familyViews,
        settingId: requester === 'setting' ? requesterSettingId : input.settingId,
        details,
      })
      return sentRequestOf(created, childName(child))
    }),
  )
}
