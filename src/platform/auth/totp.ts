import { Secret, TOTP } from 'otpauth'

/** RFC 6238 TOTP as authenticator apps expect it: SHA-1, 6 digits, 30-second steps. */
const period = 30

function totp(secretBase32: string, label: string) {
  return new TOTP({
    issuer: 'Ascend',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period,
    secret: Secret.fromBase32(secretBase32),
  })
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

export function totpUri(secretBase32: string, label: string): string {
  return totp(secretBase32, label).toString()
}

/**
 * Returns the time step the code belongs to, or undefined when it is wrong.
 * One step either side allows for clock drift; a step at or before lastStep is refused, so a code works once.
 */
export function checkTotp(
  secretBase32: string,
  code: string,
  lastStep: number | null,
  now = Date.now(),
): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined
  const delta = totp(secretBase32, 'check').validate({ token: code, timestamp: now, window: 1 })
  if (delta === null) return undefined
  const step = Math.floor(now / 1000 / period) + delta
  if (lastStep !== null && step <= lastStep) return undefined
  return step
}

export function currentTotp(secretBase32: string, now = Date.now()): string {
  return totp(secretBase32, 'code').generate({ timestamp: now })
}
