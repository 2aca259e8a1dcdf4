import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import { Conflict, Forbidden, Invalid, NotFound } from '../platform/errors.js'
import { mayUpdateChild } from '../platform/policy/policy.js'
import { auditAs, type UseCaseContext } from '../platform/useCase.js'
import { findChild, loadChildScope } from './children.repository.js'
import type { ConsentInput, FamilyMemberInput, ProfessionalInput } from './family.schemas.js'
import { ageOn } from './yearGroup.js'

/** Changes to the people around a child: each needs the right to change the child's record, and is audited. */
async function changeable(ctx: UseCaseContext, trx: Queryable, childId: string) {
  const child = /^[0-9a-f-]{36}$/i.test(childId) ? await findChild(trx, ctx.actor.authorityId, childId) : undefined
  if (!child) throw new NotFound()
  if (!mayUpdateChild(ctx.actor, await loadChildScope(trx, ctx.actor.authorityId, child.id))) {
    throw new Forbidden('You cannot change this child’s record')
  }
  return child
}

const audit = (
  ctx: UseCaseContext,
  trx: Queryable,
  action: string,
  childId: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) => auditAs(ctx, trx, { action, recordType, recordId, childId, details })

export async function addFamilyMember(ctx: UseCaseContext, childId: string, input: FamilyMemberInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const child = await changeable(ctx, trx, childId)
    const member = await trx
      .insertInto('family_member')
      .values({
        authority_id: ctx.actor.authorityId,
        child_id: child.id,
        forename: input.forename,
        surname: input.surname,
        relationship: input.relationship,
        parental_responsibility: input.parentalResponsibility,
        email: input.email ?? null,
        phone: input.phone ?? null,
        address: input.address ?? null,
        postcode: input.postcode ?? null,
        contact_preference: input.contactPreference,
        language: input.language ?? null,
        interpreter_needed: input.interpreterNeeded,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(ctx, trx, 'family-member.added', child.id, 'family_member', member.id)
    return member
  })
}

/**
 * Links a parent's account to a family member after the service has checked who they are: the only way an account
 * reaches a child. Only someone with parental responsibility can be linked, and only to a parent account.
 */
export async function verifyFamilyAccount(ctx: UseCaseContext, childId: string, memberId: string, userId: string) {
  if (ctx.actor.role !== 'caseworker' && ctx.actor.role !== 'team_manager') {
    throw new Forbidden('Only the SEND service can confirm a parent’s account')
  }
  return ctx.db.transaction().execute(async (trx) => {
    const child = await changeable(ctx, trx, childId)
    const member = await trx
      .selectFrom('family_member')
      .selectAll()
      .where('id', '=', memberId)
      .where('child_id', '=', child.id)
      .executeTakeFirst()
    if (!member) throw new NotFound()
    if (!member.parental_responsibility)
      throw new Invalid([
        { field: 'memberId', message: 'Only someone with parental responsibility can follow the child’s case' },
      ])
    const account = await trx
      .selectFrom('app_user')
      .select(['id', 'role', 'authority_id'])
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!account || account.authority_id !== ctx.actor.authorityId || account.role !== 'parent') {
      throw new Invalid([{ field: 'userId', message: 'Choose a parent or carer account in this authority' }])
    }
    await trx
      .updateTable('family_member')
      .set({ user_id: account.id, verified_at: new Date() })
      .where('id', '=', member.id)
      .execute()
    await audit(ctx, trx, 'family-member.account-verified', child.id, 'family_member', member.id, {
      userId: account.id,
    })
  })
}

/** From 16 a young person acts in their own right: their own account reaches their own record. */
export async function linkYoungPersonAccount(ctx: UseCaseContext, childId: string, userId: string) {
  if (ctx.actor.role !== 'caseworker' && ctx.actor.role !== 'team_manager') throw new Forbidden()
  return ctx.db.transaction().execute(async (trx) => {
    const child = await changeable(ctx, trx, childId)
    if (ageOn(child.date_of_birth, todayInLondon()) < 16) {
      throw new Invalid([{ field: 'userId', message: 'A young person acts in their own right from age 16' }])
    }
    const account = await trx
      .selectFrom('app_user')
      .select(['id', 'role', 'authority_id'])
      .where('id', '=', userId)
      .executeTakeFirst()
    if (!account || account.authority_id !== ctx.actor.authorityId || account.role !== 'young_person') {
      throw new Invalid([{ field: 'userId', message: 'Choose a young person’s account in this authority' }])
    }
    const taken = await trx
      .selectFrom('child')
      .select('id')
      .where('young_person_user_id', '=', account.id)
      .where('id', '!=', child.id)
      .executeTakeFirst()
    if (taken) throw new Conflict('That account is already linked to another record')
    await trx
      .updateTable('child')
      .set({ young_person_user_id: account.id, updated_at: new Date() })
      .where('id', '=', child.id)
      .execute()
    await audit(ctx, trx, 'young-person.account-linked', child.id, 'child', child.id, { userId: account.id })
  })
}

export async function recordConsent(ctx: UseCaseContext, childId: string, input: ConsentInput) {
  if (input.givenOn > todayInLondon())
    throw new Invalid([{ field: 'givenOn', message: 'Consent cannot be given in the future' }])
  return ctx.db.transaction().execute(async (trx) => {
    const child = await changeable(ctx, trx, childId)
    const consent = await trx
      .insertInto('consent')
      .values({
        authority_id: ctx.actor.authorityId,
        child_id: child.id,
        given_by: input.givenBy,
        scope: input.scope,
        shared_with: input.sharedWith,
        given_on: input.givenOn,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(ctx, trx, 'consent.recorded', child.id, 'consent', consent.id)
    return consent
  })
}

export async function withdrawConsent(ctx: UseCaseContext, childId: string, consentId: string, withdrawnOn: string) {
  if (withdrawnOn > todayInLondon())
    throw new Invalid([{ field: 'withdrawnOn', message: 'Consent cannot be withdrawn in the future' }])
  return ctx.db.transaction().execute(async (trx) => {
    const child = await changeable(ctx, trx, childId)
    const consent = await trx
      .selectFrom('consent')
      .selectAll()
      .where('id', '=', consentId)
      .where('child_id', '=', child.id)
      .executeTakeFirst()
    if (!consent) throw new NotFound()
    if (consent.withdrawn_on) throw new Conflict('This consent has already been withdrawn')
    if (withdrawnOn < consent.given_on)
      throw new Invalid([{ field: 'withdrawnOn', message: 'Consent cannot be withdrawn before it was given' }])
    await trx.updateTable('consent').set({ withdrawn_on: withdrawnOn }).where('id', '=', consent.id).execute()
    await audit(ctx, trx, 'consent.withdrawn', child.id, 'consent', consent.id)
    return { ...consent, withdrawn_on: withdrawnOn }
  })
}

export async function addProfessional(ctx: UseCaseContext, childId: string, input: ProfessionalInput) {
  return ctx.db.transaction().execute(async (trx) => {
    const child = await changeable(ctx, trx, childId)
    const link = await trx
      .insertInto('professional_link')
      .values({
        authority_id: ctx.actor.authorityId,
        child_id: child.id,
        role: input.role,
        name: input.name,
        organisation: input.organisation ?? null,
        email: input.email ?? null,
        phone: input.phone ?? null,
        started_on: input.startedOn ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await audit(ctx, trx, 'professional.added', child.id, 'professional_link', link.id)
    return link
  })
}
