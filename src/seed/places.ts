import { birminghamDistricts } from './birmingham.js'
import type { AuthorityPlan } from './plan.js'
import type { Random } from './random.js'

/** Localities, postcodes, addresses and telephone numbers for synthetic people and settings. */
export interface Locality {
  name: string
  postcodeDistricts: readonly string[]
}

/**
 * Birmingham's localities are its ten districts with their postcode districts. Other authorities get five synthetic
 * localities, each with two postcode districts drawn from faker's en_GB postcodes.
 */
export function localitiesOf(plan: AuthorityPlan, random: Random): Locality[] {
  if (plan.demoAuthority) return [...birminghamDistricts]
  return ['North', 'South', 'East', 'West', 'Central'].map((name) => ({
    name,
    postcodeDistricts: [0, 1].map(() => random.faker.location.zipCode().split(' ')[0]!),
  }))
}

/** The town settings and families give in their address: the authority's name as the DfE publishes it. */
export function townOf(plan: AuthorityPlan): string {
  return plan.calibration.name
}

// Inward codes never use C, I, K, M, O or V (Royal Mail postcode format).
const inwardLetters = [...'ABDEFGHJLNPQRSTUWXYZ']

export function postcodeIn(postcodeDistrict: string, random: Random): string {
  return `${postcodeDistrict} ${random.int(1, 9)}${random.pick(inwardLetters)}${random.pick(inwardLetters)}`
}

export function streetAddress(random: Random): string {
  return `${random.int(1, 240)} ${random.faker.location.street()}`
}

/**
 * Telephone numbers from Ofcom's ranges kept for drama and fiction, so no real line is ever rung: mobiles 07700 900000
 * to 900999, Birmingham 0121 496 0000 to 0999, elsewhere 01632 960000 to 960999.
 */
export function mobileNumber(random: Random): string {
  return `07700 900${String(random.int(0, 999)).padStart(3, '0')}`
}

export function landlineNumber(plan: AuthorityPlan, random: Random): string {
  const line = String(random.int(0, 999)).padStart(3, '0')
  return plan.demoAuthority ? `0121 496 0${line}` : `01632 960${line}`
}

/** An email address at a domain reserved for examples (RFC 2606), so no message reaches a real person. */
export function exampleEmail(forename: string, surname: string, random: Random, domain = 'example.com'): string {
  const local = `${forename}.${surname}`.toLowerCase().replace(/[^a-z.]/g, '')
  return `${local}${random.int(1, 99)}@${domain}`
}
