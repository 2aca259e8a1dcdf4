import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ceaseReasons,
  ceaseReasonText,
  isCeaseReasonCode,
  isEhcNeedCode,
  isSenSettingCode,
  isSenSupportNeedCode,
  needName,
  needTypes,
  senSettingMeaning,
  senSettingsWithoutUrn,
} from './needs.js'

// The lists as DESIGN.md §4.4 gives them.
const designEhcNeedTypes = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH']
const designSettingsWithoutUrn = ['OLA', 'OPA', 'EHE', 'EYP', 'OTH', 'NEET', 'NIEC', 'NIEO']
const designCeaseReasons = [
  'maximum age',
  'needs met without a plan',
  'higher education',
  'paid employment',
  'transferred to another',
  'no longer wishes to engage',
  'moved outside England',
  'deceased',
  'other',
]

describe('types of need', () => {
  it('gives an EHC plan exactly the SEN2 need types of DESIGN.md §4.4, in order', () => {
    assert.deepEqual(
      needTypes.filter((need) => need.ehcPlan).map((need) => need.code),
      designEhcNeedTypes,
    )
    for (const code of designEhcNeedTypes) assert.equal(isEhcNeedCode(code), true, code)
  })

  it('keeps NSA for SEN Support only', () => {
    assert.equal(isEhcNeedCode('NSA'), false)
    assert.equal(isSenSupportNeedCode('NSA'), true)
    for (const code of designEhcNeedTypes) assert.equal(isSenSupportNeedCode(code), true, code)
  })

  it('refuses codes that are not on the list, including lowercase', () => {
    for (const code of ['', 'ADHD', 'asd', 'SpLD', 'PLD']) {
      assert.equal(isEhcNeedCode(code), false, code)
      assert.equal(isSenSupportNeedCode(code), false, code)
    }
  })

  it('names each need', () => {
    assert.equal(needName('ASD'), 'Autistic spectrum disorder')
    assert.equal(needName('DS'), 'Down syndrome')
    assert.equal(needName('NSA'), 'SEN support but no specialist assessment of type of need')
    assert.equal(new Set(needTypes.map((need) => need.code)).size, needTypes.length)
  })
})

describe('settings without a URN', () => {
  it('holds exactly the codes of DESIGN.md §4.4, in order, each with a meaning', () => {
    assert.deepEqual(
      senSettingsWithoutUrn.map((setting) => setting.code),
      designSettingsWithoutUrn,
    )
    for (const code of designSettingsWithoutUrn) {
      if (!isSenSettingCode(code)) assert.fail(code)
      assert.ok(senSettingMeaning(code).length > 0, code)
    }
    assert.equal(isSenSettingCode('URN'), false)
  })

  it('flags the codes that make COLLECT ask for more', () => {
    assert.deepEqual(
      senSettingsWithoutUrn.filter((setting) => 'raisesCollectQuery' in setting).map((setting) => setting.code),
      ['OTH', 'NIEO'],
    )
  })
})

describe('cease reasons', () => {
  it('numbers the nine reasons of DESIGN.md §4.4 from 1 to 9, in order', () => {
    assert.deepEqual(
      ceaseReasons.map((cease) => cease.code),
      [1, 2, 3, 4, 5, 6, 7, 8, 9],
    )
    designCeaseReasons.forEach((words, i) => {
      assert.match(ceaseReasons[i]!.reason.toLowerCase(), new RegExp(words.toLowerCase()), words)
    })
    assert.equal(ceaseReasonText(8), 'Deceased')
    assert.equal(isCeaseReasonCode(9), true)
    assert.equal(isCeaseReasonCode(0), false)
    assert.equal(isCeaseReasonCode(10), false)
  })
})
