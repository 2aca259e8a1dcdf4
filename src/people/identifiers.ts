/**
 * The national identifiers a child or young person may carry: UPN, ULN and NHS number.
 * Pure checks and synthetic generators; no I/O. Sources are in shared/reference/sen2-identifiers-and-standards.md §5.
 */

/** The result of checking an identifier: the normalised value, or a reason fit to show the person who typed it. */
export type IdentifierCheck = { ok: true; value: string } | { ok: false; reason: string }

/** Spaces are ignored wherever they are typed ("943 476 5919"); letters are compared in capitals. */
function normalise(input: string): string {
  return input.replace(/\s+/g, '').toUpperCase()
}

// UPN: UK Government Data Standards Catalogue, Unique Pupil Number v2.0 (18 Nov 2004), and school census rule 1510.
// The 23 check letters stand for remainders 0 to 22; I, O and S are never used.
const upnLetters = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/**
 * The check letter (character 1) of a UPN from its other 12 characters.
 * Character k (k = 2…13) is weighted k; a letter in position 13 (a temporary UPN) counts as its place in the letter
 * table (A = 0, B = 1, …). The sum mod 23 picks the letter.
 */
export function upnCheckLetter(last12: string): string {
  if (!/^\d{11}[\dA-HJ-NP-RT-Z]$/.test(last12)) {
    throw new RangeError(`A UPN's last 12 characters are 11 digits then a digit or check-table letter: ${last12}`)
  }
  let sum = 0
  for (let i = 0; i < 12; i++) {
    const character = last12[i]!
    const value = i === 11 && /[A-Z]/.test(character) ? upnLetters.indexOf(character) : Number(character)
    sum += value * (i + 2)
  }
  return upnLetters[sum % 23]!
}

export function validateUpn(input: string): IdentifierCheck {
  const upn = normalise(input)
  if (upn === '') return { ok: false, reason: 'Enter the UPN' }
  if (upn.length !== 13) return { ok: false, reason: 'The UPN must be 13 characters' }
  if (!upnLetters.includes(upn[0]!)) {
    return { ok: false, reason: 'The UPN must start with a check letter (A to Z, but not I, O or S)' }
  }
  if (!/^\d{11}$/.test(upn.slice(1, 12))) return { ok: false, reason: 'Characters 2 to 12 of the UPN must be digits' }
  const last = upn[12]!
  if (!/\d/.test(last) && !upnLetters.includes(last)) {
    return {
      ok: false,
      reason: 'The last character of the UPN must be a digit, or a letter other than I, O or S for a temporary UPN',
    }
  }
  if (upnCheckLetter(upn.slice(1)) !== upn[0]) return { ok: false, reason: 'The check letter does not match the UPN' }
  return { ok: true, value: upn }
}

/** A temporary UPN ends in a letter; the school replaces it with a permanent one once known. */
export function isTemporaryUpn(upn: string): boolean {
  return /[A-Z]$/.test(normalise(upn))
}

/**
 * A UPN for synthetic data: LA number (3 digits), establishment number (4 digits), the academic year it was allocated
 * (only its last two digits are kept, so 2025 and 25 give the same UPN) and a serial number. A numeric serial (0–999)
 * gives a permanent UPN; a serial of two digits and a letter, such as '01B', gives a temporary one.
 */
export function makeUpn(laCode: number, establishment: number, year: number, serial: number | string): string {
  if (!Number.isInteger(laCode) || laCode < 0 || laCode > 999) throw new RangeError(`LA number out of range: ${laCode}`)
  if (!Number.isInteger(establishment) || establishment < 0 || establishment > 9999) {
    throw new RangeError(`Establishment number out of range: ${establishment}`)
  }
  if (!Number.isInteger(year) || year < 0) throw new RangeError(`Year out of range: ${year}`)
  let serialPart: string
  if (typeof serial === 'number') {
    if (!Number.isInteger(serial) || serial < 0 || serial > 999) throw new RangeError(`Serial out of range: ${serial}`)
    serialPart = String(serial).padStart(3, '0')
  } else {
    serialPart = serial.toUpperCase()
    if (!/^\d{2}[A-HJ-NP-RT-Z]$/.test(serialPart)) {
      throw new RangeError(`A temporary serial is two digits and a letter other than I, O or S: ${serial}`)
    }
  }
  const last12 =
    String(laCode).padStart(3, '0') +
    String(establishment).padStart(4, '0') +
    String(year % 100).padStart(2, '0') +
    serialPart
  return upnCheckLetter(last12) + last12
}

// ULN: ESFA ILR derived data DD01 (used by rule ULN_04) and school census error 1575. Weights 10…2 on the first nine
// digits; r = sum mod 11; r = 0 means no valid ULN; otherwise the check digit is 10 − r.
// 9999999999 is the ILR's "not known" default; it fails the arithmetic and is not accepted here (no SEN2 rule allows it).
function ulnRemainder(firstNine: string): number {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i)
  return sum % 11
}

export function validateUln(input: string): IdentifierCheck {
  const uln = normalise(input)
  if (uln === '') return { ok: false, reason: 'Enter the ULN' }
  if (!/^\d+$/.test(uln)) return { ok: false, reason: 'The ULN must only contain digits' }
  if (uln.length !== 10) return { ok: false, reason: 'The ULN must be 10 digits' }
  const remainder = ulnRemainder(uln)
  if (remainder === 0) return { ok: false, reason: 'This is not a ULN: no check digit fits its first 9 digits' }
  if (10 - remainder !== Number(uln[9])) return { ok: false, reason: 'The check digit does not match the ULN' }
  return { ok: true, value: uln }
}

/** A ULN for synthetic data from its first nine digits; throws when no check digit fits them. */
export function makeUln(firstNineDigits: string): string {
  if (!/^\d{9}$/.test(firstNineDigits)) throw new RangeError(`Expected 9 digits: ${firstNineDigits}`)
  const remainder = ulnRemainder(firstNineDigits)
  if (remainder === 0) throw new RangeError(`No ULN check digit fits ${firstNineDigits}`)
  return firstNineDigits + String(10 - remainder)
}

// NHS number: modulus 11 with weights 10…2 on the first nine digits; check = 11 − (sum mod 11), where 11 becomes 0
// and 10 means the nine digits can never form an NHS number (NHS Data Dictionary, "NHS number").
function nhsCheckDigit(firstNine: string): number | undefined {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(firstNine[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 11) return 0
  if (check === 10) return undefined
  return check
}

export function validateNhsNumber(input: string): IdentifierCheck {
  const nhsNumber = normalise(input)
  if (nhsNumber === '') return { ok: false, reason: 'Enter the NHS number' }
  if (!/^\d+$/.test(nhsNumber)) return { ok: false, reason: 'The NHS number must only contain digits and spaces' }
  if (nhsNumber.length !== 10) return { ok: false, reason: 'The NHS number must be 10 digits' }
  const check = nhsCheckDigit(nhsNumber)
  if (check === undefined) {
    return { ok: false, reason: 'This is not an NHS number: no check digit fits its first 9 digits' }
  }
  if (check !== Number(nhsNumber[9])) return { ok: false, reason: 'The check digit does not match the NHS number' }
  return { ok: true, value: nhsNumber }
}

/**
 * An NHS number for synthetic data from its first nine digits; throws when no check digit fits them.
 * Demo data should start with 999: the range 999 000 0000–999 999 9999 is kept for testing and never issued to a
 * patient (nhs-number crate documentation, docs/ranges; not confirmed against an NHS England source).
 */
export function makeNhsNumber(firstNineDigits: string): string {
  if (!/^\d{9}$/.test(firstNineDigits)) throw new RangeError(`Expected 9 digits: ${firstNineDigits}`)
  const check = nhsCheckDigit(firstNineDigits)
  if (check === undefined) throw new RangeError(`No NHS number check digit fits ${firstNineDigits}`)
  return firstNineDigits + String(check)
}

/**
 * Why a person in the SEN2 return has neither a UPN nor a ULN (SEN2 item "UPN and ULN unavailable – reason",
 * element UPNunknown).
 *
 * UNCONFIRMED: the SEN2 guide itself was not read. These are the codes of the CBDS list CS051 (UN1–UN10, shared with
 * the CIN census) that a public SEND data model offers for SEN2 (data-to-insight Standard Safeguarding Dataset, ssd_send
 * item SEND004A); UN4, UN6 and UN7 are the CIN census's own. A public CS051 lookup words UN2 and UN9 "maintained" where
 * this says "state-funded", and UN8 "(one week before the end of the collection period) … at the time of the SEN2
 * return". Correct this table, and only this table, from the 2026 SEN2 guide.
 */
export const upnUnknownReasons = {
  UN1: 'Child is aged under 6 years old and is not yet assigned a UPN',
  UN2: 'Child has never attended a state-funded school in England and has not been assigned a UPN',
  UN3: 'Child is educated outside of England and has not been assigned a UPN',
  UN5: "Sources collating UPNs reflect discrepancies for the child's name, surname or date of birth, preventing reliable matching (for example a duplicated UPN)",
  UN8: 'Person is new to the LA and the UPN or ULN is not yet known',
  UN9: 'Young person has never attended a state-funded school or further education setting in England and has not been assigned a UPN or ULN',
  UN10: 'Request for assessment resulted in no further action before the UPN or ULN was known',
} as const

export type UpnUnknownReason = keyof typeof upnUnknownReasons

export function isUpnUnknownReason(code: string): code is UpnUnknownReason {
  return Object.hasOwn(upnUnknownReasons, code)
}
