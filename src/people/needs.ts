/**
 * SEN2 and school census code lists about a child's needs and placement: types of need, settings without a URN or
 * UKPRN, and reasons an EHC plan ceased. Pure data, one table each, so that a change of code list is one edit.
 * Sources: DESIGN.md §4.4; shared/reference/send-process-and-sen2.md §3 and sen2-identifiers-and-standards.md §1.4,
 * which take the codes from MastodonC/witan.sen2 `dictionary.clj` ("per the DfE 2025 SEN2 return"). The SEN2 guide
 * itself has not been read.
 */

/**
 * Types of special educational need. `ehcPlan`: valid as SEN2 SENtype (item 5.8a) for a child with an EHC plan.
 * `senSupport`: valid as a school census SEN type for a pupil on SEN Support (provision K).
 * DS (Down syndrome) is in SEN2 per witan.sen2; its first SEN2 year (2025 or 2026) is unconfirmed. The DfE announced it
 * as a school census category from January 2025 (Schools Week; Learning Disability Today), but the census code letters
 * were not seen. NSA is a census code for SEN Support only and must never describe an EHC plan.
 */
export const needTypes = [
  { code: 'SPLD', name: 'Specific learning difficulty', ehcPlan: true, senSupport: true },
  { code: 'MLD', name: 'Moderate learning difficulty', ehcPlan: true, senSupport: true },
  { code: 'SLD', name: 'Severe learning difficulty', ehcPlan: true, senSupport: true },
  { code: 'PMLD', name: 'Profound and multiple learning difficulty', ehcPlan: true, senSupport: true },
  { code: 'SEMH', name: 'Social, emotional and mental health', ehcPlan: true, senSupport: true },
  { code: 'SLCN', name: 'Speech, language and communication needs', ehcPlan: true, senSupport: true },
  { code: 'HI', name: 'Hearing impairment', ehcPlan: true, senSupport: true },
  { code: 'VI', name: 'Vision impairment', ehcPlan: true, senSupport: true },
  { code: 'MSI', name: 'Multi-sensory impairment', ehcPlan: true, senSupport: true },
  { code: 'PD', name: 'Physical disability', ehcPlan: true, senSupport: true },
  { code: 'ASD', name: 'Autistic spectrum disorder', ehcPlan: true, senSupport: true },
  { code: 'DS', name: 'Down syndrome', ehcPlan: true, senSupport: true },
  { code: 'OTH', name: 'Other difficulty or disability', ehcPlan: true, senSupport: true },
  {
    code: 'NSA',
    name: 'SEN support but no specialist assessment of type of need',
    ehcPlan: false,
    senSupport: true,
  },
] as const

export type NeedCode = (typeof needTypes)[number]['code']
export type EhcNeedCode = Extract<(typeof needTypes)[number], { ehcPlan: true }>['code']

export function isEhcNeedCode(code: string): code is EhcNeedCode {
  return needTypes.some((need) => need.code === code && need.ehcPlan)
}

export function isSenSupportNeedCode(code: string): code is NeedCode {
  return needTypes.some((need) => need.code === code && need.senSupport)
}

export function needName(code: NeedCode): string {
  return needTypes.find((need) => need.code === code)!.name
}

/**
 * SEN2 SENsetting codes (items 4.7c and 5.7c), given instead of a URN or UKPRN where the child's setting has neither.
 * `raisesCollectQuery`: the DfE's COLLECT asks the authority for more detail (witan.sen2 quoting the guide).
 */
export const senSettingsWithoutUrn = [
  {
    code: 'OLA',
    meaning: 'Other arrangements made by the local authority (s.61 CFA 2014, education otherwise than at school)',
  },
  {
    code: 'OPA',
    meaning: 'Arrangements made by the parent or young person (s.42(5) CFA 2014), not elective home education',
  },
  { code: 'EHE', meaning: 'Elective home education' },
  { code: 'EYP', meaning: 'Early years provider with no URN' },
  { code: 'OTH', meaning: 'Other, including a type of setting where none is named', raisesCollectQuery: true },
  { code: 'NEET', meaning: 'Not in education, employment or training (aged 16 to 25)' },
  { code: 'NIEC', meaning: 'Not in education or training, notice to cease the plan issued' },
  {
    code: 'NIEO',
    meaning: 'Not in education or training, other (for example transferred in and awaiting a placement)',
    raisesCollectQuery: true,
  },
] as const

export type SenSettingCode = (typeof senSettingsWithoutUrn)[number]['code']

export function isSenSettingCode(code: string): code is SenSettingCode {
  return senSettingsWithoutUrn.some((setting) => setting.code === code)
}

export function senSettingMeaning(code: SenSettingCode): string {
  return senSettingsWithoutUrn.find((setting) => setting.code === code)!.meaning
}

/** SEN2 CeaseReason (item 4.6): why the authority stopped maintaining an EHC plan. Reason 9 raises a COLLECT query. */
export const ceaseReasons = [
  {
    code: 1,
    reason:
      'Reached maximum age (end of the academic year in which the young person turned 25, or 19 on entering the adult estate)',
  },
  { code: 2, reason: 'Needs met without a plan, with education or training continuing' },
  { code: 3, reason: 'Moved on to higher education' },
  { code: 4, reason: 'Moved on to paid employment, excluding apprenticeships' },
  { code: 5, reason: 'Transferred to another local authority in England' },
  {
    code: 6,
    reason:
      'Young person no longer wishes to engage in education or training (including those 18 or over, with no duty to participate)',
  },
  { code: 7, reason: 'Moved outside England' },
  { code: 8, reason: 'Deceased' },
  { code: 9, reason: 'Other' },
] as const

export type CeaseReasonCode = (typeof ceaseReasons)[number]['code']

export function isCeaseReasonCode(code: number): code is CeaseReasonCode {
  return ceaseReasons.some((cease) => cease.code === code)
}

export function ceaseReasonText(code: CeaseReasonCode): string {
  return ceaseReasons.find((cease) => cease.code === code)!.reason
}
