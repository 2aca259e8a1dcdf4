import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  isTemporaryUpn,
  isUpnUnknownReason,
  makeNhsNumber,
  makeUln,
  makeUpn,
  upnCheckLetter,
  upnUnknownReasons,
  validateNhsNumber,
  validateUln,
  validateUpn,
} from './identifiers.js'

function reasonOf(result: ReturnType<typeof validateUpn>): string | undefined {
  return result.ok ? undefined : result.reason
}

describe('UPN', () => {
  it('accepts the worked example B801200005001 (python-stdnum; sum 93, 93 mod 23 = 1 → B)', () => {
    assert.equal(upnCheckLetter('801200005001'), 'B')
    assert.deepEqual(validateUpn('B801200005001'), { ok: true, value: 'B801200005001' })
  })

  it('gives P, not the Q printed by Arbor and Juniper, for 207000016049 (sum 266, 266 mod 23 = 13)', () => {
    assert.equal(upnCheckLetter('207000016049'), 'P')
    assert.equal(validateUpn('P207000016049').ok, true)
    assert.equal(reasonOf(validateUpn('Q207000016049')), 'The check letter does not match the UPN')
  })

  it('accepts lowercase and surrounding or inner spaces, and returns the UPN in capitals without spaces', () => {
    assert.deepEqual(validateUpn('  b801200005001\n'), { ok: true, value: 'B801200005001' })
    assert.deepEqual(validateUpn('B801 2000 05 001'), { ok: true, value: 'B801200005001' })
  })

  it('checks a temporary UPN, whose last letter counts as its place in the letter table', () => {
    // 3×2 + 3×3 + 0×4 + 4×5 + 0×6 + 0×7 + 0×8 + 2×9 + 5×10 + 0×11 + 1×12 + B(1)×13 = 128; 128 mod 23 = 13 → P
    assert.equal(upnCheckLetter('33040002501B'), 'P')
    assert.equal(validateUpn('P33040002501B').ok, true)
    assert.equal(validateUpn('p33040002501b').ok, true)
    assert.equal(isTemporaryUpn('P33040002501B'), true)
    assert.equal(isTemporaryUpn('B801200005001'), false)
    assert.equal(reasonOf(validateUpn('P33040002501C')), 'The check letter does not match the UPN')
  })

  it('explains what is wrong', () => {
    assert.equal(reasonOf(validateUpn('')), 'Enter the UPN')
    assert.equal(reasonOf(validateUpn('   ')), 'Enter the UPN')
    assert.equal(reasonOf(validateUpn('B80120000500')), 'The UPN must be 13 characters')
    assert.equal(reasonOf(validateUpn('B8012000050011')), 'The UPN must be 13 characters')
    assert.equal(
      reasonOf(validateUpn('8801200005001')),
      'The UPN must start with a check letter (A to Z, but not I, O or S)',
    )
    assert.equal(
      reasonOf(validateUpn('I801200005001')),
      'The UPN must start with a check letter (A to Z, but not I, O or S)',
    )
    assert.equal(reasonOf(validateUpn('B80120000A001')), 'Characters 2 to 12 of the UPN must be digits')
    assert.equal(
      reasonOf(validateUpn('B80120000500O')),
      'The last character of the UPN must be a digit, or a letter other than I, O or S for a temporary UPN',
    )
    assert.equal(reasonOf(validateUpn('C801200005001')), 'The check letter does not match the UPN')
  })

  it('makes UPNs that pass the check, from their parts', () => {
    assert.equal(makeUpn(801, 2000, 5, 1), 'B801200005001')
    assert.equal(makeUpn(801, 2000, 2005, 1), 'B801200005001')
    assert.equal(makeUpn(330, 4000, 2025, '01b'), 'P33040002501B')
    for (let serial = 0; serial < 1000; serial += 37) {
      assert.equal(validateUpn(makeUpn(330, 2001, 2025, serial)).ok, true)
    }
  })

  it('refuses parts that cannot make a UPN', () => {
    assert.throws(() => makeUpn(1000, 2000, 25, 1), RangeError)
    assert.throws(() => makeUpn(330, 10000, 25, 1), RangeError)
    assert.throws(() => makeUpn(330, 2000, 25, 1000), RangeError)
    assert.throws(() => makeUpn(330, 2000, 25, '01I'), RangeError)
    assert.throws(() => upnCheckLetter('80120000500'), RangeError)
  })
})

describe('ULN', () => {
  it('accepts the worked examples 1234567899 (sum 210, r = 1, check 9) and 1000000000 (r = 10, check 0)', () => {
    assert.deepEqual(validateUln('1234567899'), { ok: true, value: '1234567899' })
    assert.deepEqual(validateUln('1000000000'), { ok: true, value: '1000000000' })
    assert.deepEqual(validateUln(' 12345 67899 '), { ok: true, value: '1234567899' })
  })

  it('refuses nine digits whose weighted sum is a multiple of 11, whatever the last digit', () => {
    // 1×10 + 6×2 = 22
    for (const last of '0123456789') {
      assert.deepEqual(validateUln(`100000006${last}`), {
        ok: false,
        reason: 'This is not a ULN: no check digit fits its first 9 digits',
      })
    }
    assert.throws(() => makeUln('100000006'), RangeError)
  })

  it("refuses the ILR's default 9999999999, whose check digit would be 8", () => {
    assert.deepEqual(validateUln('9999999999'), { ok: false, reason: 'The check digit does not match the ULN' })
  })

  it('explains what is wrong', () => {
    assert.deepEqual(validateUln(''), { ok: false, reason: 'Enter the ULN' })
    assert.deepEqual(validateUln('123456789'), { ok: false, reason: 'The ULN must be 10 digits' })
    assert.deepEqual(validateUln('12345678999'), { ok: false, reason: 'The ULN must be 10 digits' })
    assert.deepEqual(validateUln('12345678X9'), { ok: false, reason: 'The ULN must only contain digits' })
    assert.deepEqual(validateUln('1234567898'), { ok: false, reason: 'The check digit does not match the ULN' })
  })

  it('makes ULNs that pass the check', () => {
    assert.equal(makeUln('123456789'), '1234567899')
    assert.equal(makeUln('100000000'), '1000000000')
    assert.throws(() => makeUln('12345678'), RangeError)
  })
})

describe('NHS number', () => {
  it('accepts the well-known example 943 476 5919, typed with or without spaces', () => {
    assert.deepEqual(validateNhsNumber('9434765919'), { ok: true, value: '9434765919' })
    assert.deepEqual(validateNhsNumber('943 476 5919'), { ok: true, value: '9434765919' })
    assert.deepEqual(validateNhsNumber(' 943 476 5919 '), { ok: true, value: '9434765919' })
  })

  it('uses 0 where the check works out as 11', () => {
    // 9×10 + 9×9 + 9×8 + 5×2 = 253 = 23 × 11
    assert.equal(validateNhsNumber('9990000050').ok, true)
    assert.equal(makeNhsNumber('999000005'), '9990000050')
  })

  it('refuses nine digits whose check works out as 10', () => {
    // 9×10 + 9×9 + 9×8 = 243; 243 mod 11 = 1; 11 − 1 = 10
    assert.deepEqual(validateNhsNumber('9990000000'), {
      ok: false,
      reason: 'This is not an NHS number: no check digit fits its first 9 digits',
    })
    assert.throws(() => makeNhsNumber('999000000'), RangeError)
  })

  it('explains what is wrong', () => {
    assert.deepEqual(validateNhsNumber(''), { ok: false, reason: 'Enter the NHS number' })
    assert.deepEqual(validateNhsNumber('943 476 591'), { ok: false, reason: 'The NHS number must be 10 digits' })
    assert.deepEqual(validateNhsNumber('943-476-5919'), {
      ok: false,
      reason: 'The NHS number must only contain digits and spaces',
    })
    assert.deepEqual(validateNhsNumber('943 476 5918'), {
      ok: false,
      reason: 'The check digit does not match the NHS number',
    })
  })

  it('makes NHS numbers that pass the check', () => {
    assert.equal(makeNhsNumber('943476591'), '9434765919')
    assert.equal(makeNhsNumber('999000001'), '9990000018')
    assert.throws(() => makeNhsNumber('94347659'), RangeError)
  })
})

describe('reasons for having neither a UPN nor a ULN', () => {
  it('holds the SEND codes of the CBDS UN list, and only them', () => {
    assert.deepEqual(Object.keys(upnUnknownReasons), ['UN1', 'UN2', 'UN3', 'UN5', 'UN8', 'UN9', 'UN10'])
    assert.equal(isUpnUnknownReason('UN10'), true)
    assert.equal(isUpnUnknownReason('UN4'), false)
    assert.equal(isUpnUnknownReason('toString'), false)
  })
})
