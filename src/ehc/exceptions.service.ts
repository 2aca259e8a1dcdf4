import { compareIsoDate, type IsoDate, isIsoDate, longIsoDate, todayInLondon } from '../platform/calendar/isoDate.js'
import { Conflict, type FieldError, Invalid, NotFound } from '../platform/errors.js'
import type { UseCaseContext } from '../platform/useCase.js'
import { loadManageableCase, recordCaseEvent } from './cases.service.js'
import { type EhcExceptionReason, ehcExceptionReasons } from './clock.js'
import { sendLetter } from './letters.service.js'
import { type CaseStatus, isOpen } from './workflow.js'

/**
 * Exceptions to the time limits (SEND Regs 2014 regs 5(4), 8(2), 10(4), 13(3)). Recording one never moves a due date:
 * it marks the steps it covers, so timeliness is reported both with and without exceptions (DESIGN.md 4.1).
 */
export interface NewException {
  reason: string
  startsOn: string
  endsOn?: string
  note?: string
}

const isReason = (reason: string): reason is EhcExceptionReason => Object.hasOwn(ehcExceptionReasons, reason)
/** A reason as written in letters and on the timeline; one no longer offered reads as stored. */
const exceptionLabel = (reason: string) => (isReason(reason) ? ehcExceptionReasons[reason].label : reason)

function checkException(input: NewException, today: IsoDate): FieldError[] {
  const errors: FieldError[] = []
  if (!isReason(input.reason)) errors.push({ field: 'reason', message: 'Choose why the time limit cannot be met' })
  if (!isIsoDate(input.startsOn))
    errors.push({ field: 'startsOn', message: 'Enter the date it started as a real date' })
  // Recorded as it happens: a closure or an absence that has not begun yet may not happen at all.
  else if (compareIsoDate(input.startsOn, today) > 0) {
    errors.push({ field: 'startsOn', message: 'The date it started cannot be in the future' })
  }
  if (input.endsOn !== undefined) {
    if (!isIsoDate(input.endsOn)) errors.push({ field: 'endsOn', message: 'Enter the date it ends as a real date' })
    else if (isIsoDate(input.startsOn) && compareIsoDate(input.endsOn, input.startsOn) < 0) {
      errors.push({ field: 'endsOn', message: 'The date it ends cannot be before the date it started' })
    }
  }
  if ((input.note?.length ?? 0) > 1000) errors.push({ field: 'note', message: 'Enter 1,000 characters or fewer' })
  return errors
}

/**
 * Records an exception on a case, with a timeline event, and writes to the family; the allocated caseworker, their team
 * or a manager.
 */
export async function recordException(ctx: UseCaseContext, caseId: string, input: NewException) {
  const errors = checkException(input, todayInLondon())
  if (errors.length) throw new Invalid(errors)
  const reason = input.reason as EhcExceptionReason
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    const note = input.note?.trim() || null
    const created = await trx
      .insertInto('ehc_exception')
      .values({
        authority_id: c.authority_id,
        case_id: c.id,
        reason,
        starts_on: input.startsOn,
        ends_on: input.endsOn ?? null,
        note,
        recorded_by_user_id: ctx.audit.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow()
    await recordCaseEvent(ctx, trx, c, {
      kind: 'exception_recorded',
      on: todayInLondon(),
      reason: note ?? undefined,
      details: {
        exceptionId: created.id,
        exception: ehcExceptionReasons[reason].label,
        startsOn: created.starts_on,
        ...(created.ends_on ? { endsOn: created.ends_on } : {}),
      },
    })
    // DESIGN.md 4.1: the family is told of an exception, so they can correct it.
    await sendLetter(ctx, trx, c, 'exception_recorded', todayInLondon(), {
      exceptionReason: ehcExceptionReasons[reason].label,
      exceptionPeriod: created.ends_on
        ? `from ${longIsoDate(created.starts_on)} to ${longIsoDate(created.ends_on)}`
        : `from ${longIsoDate(created.starts_on)}`,
    })
    return created
  })
}

/** Ends an exception still open on a case, on the day given (not in the future, not before it started). */
export async function endException(ctx: UseCaseContext, caseId: string, exceptionId: string, endsOn: string) {
  const today = todayInLondon()
  if (!isIsoDate(endsOn)) throw new Invalid([{ field: 'endsOn', message: 'Enter the date it ended as a real date' }])
  if (compareIsoDate(endsOn, today) > 0) {
    throw new Invalid([{ field: 'endsOn', message: 'The date it ended cannot be in the future' }])
  }
  return ctx.db.transaction().execute(async (trx) => {
    const c = await loadManageableCase(ctx, trx, caseId)
    const exception = /^[0-9a-f-]{36}$/i.test(exceptionId)
      ? await trx
          .selectFrom('ehc_exception')
          .selectAll()
          .where('id', '=', exceptionId)
          .where('case_id', '=', c.id)
          .executeTakeFirst()
      : undefined
    if (!exception) throw new NotFound('That exception is not recorded on this case')
    if (compareIsoDate(endsOn, exception.starts_on) < 0) {
      throw new Invalid([{ field: 'endsOn', message: 'The date it ended cannot be before the date it started' }])
    }
    const ended = await trx
      .updateTable('ehc_exception')
      .set({ ends_on: endsOn })
      .where('id', '=', exception.id)
      .where('ends_on', 'is', null)
      .returningAll()
      .executeTakeFirst()
    if (!ended) throw new Conflict('This exception has already ended')
    await recordCaseEvent(ctx, trx, c, {
      kind: 'exception_ended',
      on: endsOn,
      details: {
        exceptionId: exception.id,
        exception: exceptionLabel(exception.reason),
        startsOn: exception.starts_on,
        endsOn,
      },
    })
    // The family was told of the exception, so they are told it has ended: the time limits apply to them again. Not
    // once the case is closed, when no time limit is left to apply.
    if (isOpen(c.status as CaseStatus)) {
      await sendLetter(ctx, trx, c, 'exception_ended', today, {
        exceptionReason: exceptionLabel(exception.reason),
        exceptionPeriod: `from ${longIsoDate(exception.starts_on)} to ${longIsoDate(endsOn)}`,
      })
    }
    return ended
  })
}
