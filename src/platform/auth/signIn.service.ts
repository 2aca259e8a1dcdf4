import { appendAuditEntry } from '../audit/audit.repository.js'
import type { Db, Queryable } from '../db/database.js'
import type { AppUser } from '../db/schema.js'
import { isRole, isStaffRole } from '../policy/roles.js'
import { decoyHash, verifyPassword } from './passwords.js'
import { checkTotp } from './totp.js'
import { findUserByEmail, findUserById, updateUser } from './users.repository.js'

/** Repeated failures lock the account for a while: enough to stop guessing, short enough not to shut people out for long. */
export const lockoutPolicy = { maxFailures: 5, lockMinutes: 15 }

export type SignInOutcome =
  | { kind: 'signed-in'; user: AppUser }
  | { kind: 'second-factor'; user: AppUser; enrolled: boolean }
  | { kind: 'locked'; until: Date }
  | { kind: 'refused' }

export interface SignInContext {
  ip: string | undefined
  /** Staff need a second factor outside demo mode. */
  requireStaffSecondFactor: boolean
}

export function needsSecondFactor(user: AppUser, requireStaffSecondFactor: boolean): boolean {
  if (user.totp_enabled_at) return true
  return requireStaffSecondFactor && isRole(user.role) && isStaffRole(user.role)
}

async function recordFailure(trx: Queryable, user: AppUser, ip: string | undefined, what: string) {
  const failures = user.failed_sign_ins + 1
  const locking = failures >= lockoutPolicy.maxFailures
  const lockedUntil = locking ? new Date(Date.now() + lockoutPolicy.lockMinutes * 60_000) : null
  await updateUser(trx, user.id, { failed_sign_ins: locking ? 0 : failures, locked_until: lockedUntil })
  await appendAuditEntry(trx, {
    authorityId: user.authority_id,
    actorUserId: user.id,
    actorLabel: `user:${user.id}`,
    action: locking ? 'account.locked' : 'sign-in.failed',
    recordType: 'user',
    recordId: user.id,
    ip,
    details: { step: what, failures },
  })
  return lockedUntil
}

function lockedUntil(user: AppUser): Date | undefined {
  return user.locked_until && user.locked_until.getTime() > Date.now() ? user.locked_until : undefined
}

export async function signInWithPassword(
  db: Db,
  email: string,
  password: string,
  ctx: SignInContext,
): Promise<SignInOutcome> {
  const user = await findUserByEmail(db, email)
  if (!user?.password_hash || user.disabled_at) {
    await verifyPassword(await decoyHash(), password)
    return { kind: 'refused' }
  }
  const locked = lockedUntil(user)
  if (locked) return { kind: 'locked', until: locked }
  if (!(await verifyPassword(user.password_hash, password))) {
    const until = await db.transaction().execute((trx) => recordFailure(trx, user, ctx.ip, 'password'))
    return until ? { kind: 'locked', until } : { kind: 'refused' }
  }
  if (needsSecondFactor(user, ctx.requireStaffSecondFactor)) {
    return { kind: 'second-factor', user, enrolled: user.totp_enabled_at !== null }
  }
  return { kind: 'signed-in', user: await completeSignIn(db, user, ctx.ip, 'password') }
}

/** The last step of every sign-in: resets failures and records it. */
export async function completeSignIn(db: Db, user: AppUser, ip: string | undefined, method: string): Promise<AppUser> {
  return db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, { failed_sign_ins: 0, locked_until: null, last_sign_in_at: new Date() })
    await appendAuditEntry(trx, {
      authorityId: user.authority_id,
      actorUserId: user.id,
      actorLabel: `user:${user.id}`,
      action: 'sign-in',
      recordType: 'user',
      recordId: user.id,
      ip,
      details: { method },
    })
    return user
  })
}

export type SecondFactorOutcome =
  | { kind: 'signed-in'; user: AppUser }
  | { kind: 'locked'; until: Date }
  | { kind: 'refused' }

/** Checks a code against the enrolled secret, or against a secret being enrolled (which it then saves). */
export async function signInWithSecondFactor(
  db: Db,
  userId: string,
  code: string,
  ip: string | undefined,
  enrollingSecret?: string,
): Promise<SecondFactorOutcome> {
  const user = await findUserById(db, userId)
  if (!user || user.disabled_at) return { kind: 'refused' }
  const locked = lockedUntil(user)
  if (locked) return { kind: 'locked', until: locked }
  const secret = enrollingSecret ?? user.totp_secret
  const lastStep = user.totp_last_step === null ? null : Number(user.totp_last_step)
  const step = secret ? checkTotp(secret, code.replace(/\s/g, ''), enrollingSecret ? null : lastStep) : undefined
  if (step === undefined) {
    const until = await db.transaction().execute((trx) => recordFailure(trx, user, ip, 'second factor'))
    return until ? { kind: 'locked', until } : { kind: 'refused' }
  }
  await db.transaction().execute(async (trx) => {
    await updateUser(trx, user.id, {
      totp_last_step: step,
      ...(enrollingSecret ? { totp_secret: enrollingSecret, totp_enabled_at: new Date() } : {}),
    })
    if (enrollingSecret) {
      await appendAuditEntry(trx, {
        authorityId: user.authority_id,
        actorUserId: user.id,
        actorLabel: `user:${user.id}`,
        action: 'second-factor.enrolled',
        recordType: 'user',
        recordId: user.id,
        ip,
      })
    }
  })
  return { kind: 'signed-in', user: await completeSignIn(db, user, ip, 'password+totp') }
}
