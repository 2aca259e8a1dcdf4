import type { Queryable } from '../platform/db/database.js'
import { AppError, Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { childVisibility, mayReadChild, mayTake, mayUpdateChild } from '../platform/policy/policy.js'
import { auditAs, auditReadAs, type UseCaseContext } from '../platform/useCase.js'
import {
  consents,
  currentSettings,
  familyMembers,
  findChild,
  findDuplicateCandidates,
  loadChildScope,
  professionals,
  searchChildren as searchChildrenSql,
} from './children.repository.js'
import type { ChildInput, ChildSearch } from './children.schemas.js'
import { type DuplicateReason, duplicateReason } from './duplicates.js'
import { validateUpn } from './identifiers.js'

const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
const searchLimit = 50

export interface DuplicateCandidate {
  id: string
  name: string
  dateOfBirth: string
  reason: DuplicateReason
}

/** A possible duplicate: the caseworker is shown the candidates and may confirm the child is someone new. */
export class DuplicateSuspected extends AppError {
  constructor(readonly candidates: DuplicateCandidate[]) {
    super(409, 'Possible duplicate', 'This child or young person may already be on record')
  }
}

const audit = (
  ctx: UseCaseContext,
  trx: Queryable,
  action: string,
  childId: string,
  details: Record<string, unknown> = {},
) => auditAs(ctx, trx, { action, recordType: 'child', recordId: childId, childId, details })

/** Loads a child the actor may read, or refuses: 404 for families (existence itself is personal), 403 for staff. */
async function loadReadable(ctx: UseCaseContext, db: Queryable, id: string) {
  const child = isUuid(id) ? await findChild(db, ctx.actor.authorityId, id) : undefined
  if (!child) throw new NotFound()
  const scope = await loadChildScope(db, ctx.actor.authorityId, child.id)
  if (!mayReadChild(ctx.actor, scope)) {
    if (ctx.actor.role === 'parent' || ctx.actor.role === 'young_person') throw new NotFound()
    throw new Forbidden('You can only see children and young people your role gives you access to')
  }
  return { child, scope }
}

/** Turns what was typed into search terms: a UPN, a date, or up to two name prefixes. */
export function searchTermsOf(search: ChildSearch) {
  const text = (search.q ?? '').trim()
  const upn = text && validateUpn(text)
  const dayFirst = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/)
  if (upn && upn.ok === true)
    return { names: [], upn: upn.value, dateOfBirth: search.dateOfBirth, settingId: search.settingId }
  const dateOfBirth = dayFirst
    ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}`
    : /^\d{4}-\d{2}-\d{2}$/.test(text)
      ? text
      : search.dateOfBirth
  const names = dateOfBirth && dateOfBirth !== search.dateOfBirth ? [] : normaliseWords(text)
  return { names, dateOfBirth, settingId: search.settingId }
}

function normaliseWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, 2)
}

export async function searchChildren(ctx: UseCaseContext, search: ChildSearch) {
  if (!mayTake(ctx.actor, 'child:read')) throw new Forbidden()
  const terms = searchTermsOf(search)
  // Staff who see the whole authority must say whom they are looking for; a SENCO, parent or young person sees
  // their own (bounded) list without searching.
  const wholeAuthority = childVisibility(ctx.actor).kind === 'authority'
  if (wholeAuthority && !terms.names.length && !terms.upn && !terms.dateOfBirth && !terms.settingId) {
    throw new Invalid([{ field: 'q', message: 'Enter a name, date of birth or UPN, or choose a setting' }])
  }
  const results = await searchChildrenSql(ctx.db, childVisibility(ctx.actor), terms, searchLimit + 1)
  const shown = results.slice(0, searchLimit)
  // Seeing a child in a list is a read of their record: one entry names every child shown.
  await auditReadAs(ctx, {
    action: 'child.searched',
    recordType: 'child',
    details: { results: shown.length, childIds: shown.map((r) => r.id) },
  })
  return { results: shown, more: results.length > searchLimit }
}

export async function getChildRecord(ctx: UseCaseContext, id: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const { child, scope } = await loadReadable(ctx, trx, id)
    const staff = ctx.actor.role !== 'parent' && ctx.actor.role !== 'young_person'
    const [settings, family, consentList, professionalList] = await Promise.all([
      currentSettings(trx, child.id),
      familyMembers(trx, child.id),
      consents(trx, child.id),
      professionals(trx, child.id),
    ])
    await audit(ctx, trx, 'child.read', child.id)
    return {
      child,
      settings,
      // A parent sees their own entry, not other family members' contact details.
      family: staff ? family : family.filter((f) => f.user_id === ctx.actor.userId),
      consents: consentList,
      professionals: professionalList,
      mayUpdate: mayUpdateChild(ctx.actor, scope),
    }
  })
}

async function duplicatesOf(ctx: UseCaseContext, db: Queryable, input: ChildInput, excludeId?: string) {
  const candidates = await findDuplicateCandidates(db, ctx.actor.authorityId, input, excludeId)
  const found: DuplicateCandidate[] = []
  for (const c of candidates) {
    const reason = duplicateReason(input, {
      legalForename: c.legal_forename,
      legalSurname: c.legal_surname,
      dateOfBirth: c.date_of_birth,
      homePostcode: c.home_postcode,
      upn: c.upn,
    })
    if (reason)
      found.push({ id: c.id, name: `${c.legal_forename} ${c.legal_surname}`, dateOfBirth: c.date_of_birth, reason })
  }
  return found
}

function columnsOf(input: ChildInput) {
  return {
    legal_forename: input.legalForename,
    legal_surname: input.legalSurname,
    preferred_name: input.preferredName ?? null,
    date_of_birth: input.dateOfBirth,
    sex: input.sex,
    ethnicity: input.ethnicity ?? null,
    home_postcode: input.homePostcode ?? null,
    locality: input.locality ?? null,
    upn: input.upn ?? null,
    uln: input.uln ?? null,
    nhs_number: input.nhsNumber ?? null,
    no_identifier_reason: input.upn || input.uln ? null : (input.noIdentifierReason ?? null),
    year_group_offset: input.yearGroupOffset,
    primary_need: input.primaryNeed ?? null,
    secondary_need: input.secondaryNeed ?? null,
    language: input.language ?? null,
    interpreter_needed: input.interpreterNeeded,
    preferred_format: input.preferredFormat ?? null,
  }
}

export async function createChild(ctx: UseCaseContext, input: ChildInput, options: { notADuplicate?: boolean } = {}) {
  if (!mayTake(ctx.actor, 'child:create')) throw new Forbidden()
  return ctx.db.transaction().execute(async (trx) => {
    const duplicates = await duplicatesOf(ctx, trx, input)
    // The same UPN is never two children; a similar name can be, once the caseworker says so.
    if (duplicates.some((d) => d.reason === 'same-upn') || (duplicates.length && !options.notADuplicate)) {
      throw new DuplicateSuspected(duplicates)
    }
    const child = await trx
      .insertInto('child')
      .values({ authority_id: ctx.actor.authorityId, ...columnsOf(input) })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(
      ctx,
      trx,
      'child.created',
      child.id,
      duplicates.length ? { confirmedNotDuplicateOf: duplicates.map((d) => d.id) } : {},
    )
    return child
  })
}

/** Optimistic concurrency: the change applies only to the version the user saw; otherwise they are told it changed. */
export async function updateChild(ctx: UseCaseContext, id: string, version: number, input: ChildInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const { child, scope } = await loadReadable(ctx, trx, id)
    if (!mayUpdateChild(ctx.actor, scope)) throw new Forbidden('You cannot change this child’s record')
    if (child.merged_into_id) throw new Conflict('This record was merged into another; change that one instead')
    const duplicates = (await duplicatesOf(ctx, trx, input, child.id)).filter((d) => d.reason === 'same-upn')
    if (duplicates.length) throw new DuplicateSuspected(duplicates)
    const columns = columnsOf(input)
    const result = await trx
      .updateTable('child')
      .set({ ...columns, version: version + 1, updated_at: new Date() })
      .where('id', '=', child.id)
      .where('version', '=', version)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) {
      throw new Conflict(
        'Someone else changed this record after you opened it. Reload it to see their changes, then try again',
      )
    }
    const changed = Object.keys(columns).filter(
      (k) => String(columns[k as keyof typeof columns] ?? '') !== String(child[k as keyof typeof child] ?? ''),
    )
    await audit(ctx, trx, 'child.updated', child.id, { changed })
    return { ...child, ...columns, version: version + 1 }
  })
}

/** Merges a duplicate into the record kept: its settings, family, consents and professionals move; history is kept. */
export async function mergeChildren(ctx: UseCaseContext, keptId: string, mergedId: string, reason: string) {
  if (!mayTake(ctx.actor, 'child:merge')) throw new Forbidden()
  if (keptId === mergedId) throw new Invalid([{ field: 'mergedId', message: 'Choose a different record to merge' }])
  return ctx.db.transaction().execute(async (trx) => {
    const kept = await loadReadable(ctx, trx, keptId)
    const merged = await loadReadable(ctx, trx, mergedId)
    if (kept.child.merged_into_id || merged.child.merged_into_id)
      throw new Conflict('One of these records has already been merged')
    for (const table of ['child_setting', 'family_member', 'consent', 'professional_link'] as const) {
      await trx.updateTable(table).set({ child_id: keptId }).where('child_id', '=', mergedId).execute()
    }
    await trx
      .updateTable('child')
      .set({ merged_into_id: keptId, version: merged.child.version + 1, updated_at: new Date() })
      .where('id', '=', mergedId)
      .execute()
    // Identifiers the kept record lacks come from the merged one.
    const fill = {
      upn: kept.child.upn ?? merged.child.upn,
      uln: kept.child.uln ?? merged.child.uln,
      nhs_number: kept.child.nhs_number ?? merged.child.nhs_number,
    }
    await trx
      .updateTable('child')
      .set({ ...fill, version: kept.child.version + 1, updated_at: new Date() })
      .where('id', '=', keptId)
      .execute()
    await trx
      .insertInto('child_merge')
      .values({
        authority_id: ctx.actor.authorityId,
        kept_child_id: keptId,
        merged_child_id: mergedId,
        merged_by: ctx.audit.label,
        reason,
      })
      .execute()
    await audit(ctx, trx, 'child.merged', keptId, { merged: mergedId, reason })
    await audit(ctx, trx, 'child.merged-into', mergedId, { keptId, reason })
    return { keptId, mergedId }
  })
}
