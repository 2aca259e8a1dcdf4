import { hash, verify } from '@node-rs/argon2'

// argon2id (the @node-rs default algorithm) with OWASP's minimum: 19 MiB memory, 2 iterations, 1 lane.
const options = { memoryCost: 19456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, options)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** A real hash of nothing, verified when the account is unknown so that timing does not reveal which emails exist. */
let decoy: Promise<string> | undefined
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword('decoy-password-that-no-account-has')
  return decoy
}

export const passwordRules = { minLength: 12, maxLength: 256 }
