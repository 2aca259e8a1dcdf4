/**
 * Which settings see a case's plan though the child is not on their roll. A setting consulted on being named in the
 * plan sees the draft while the consultation is open, that is while the case is (reg 14: it is asked whether it can
 * meet the child's needs); the setting the final plan names sees the plan, to admit the child. A setting consulted and
 * not named has no further need of it once the case closes (UK GDPR article 5(1)(c), data minimisation): its reply
 * stays on its consultation, the plan goes. The settings the child attends read it as any of the child's records.
 */
export interface PlanSharingFacts {
  caseClosedOn: string | null
  namedSettingId: string | null
  consultedSettingIds: readonly string[]
}

export function planSharedWithSettings(settingIds: readonly string[], facts: PlanSharingFacts): boolean {
  if (facts.namedSettingId !== null && settingIds.includes(facts.namedSettingId)) return true
  return facts.caseClosedOn === null && facts.consultedSettingIds.some((id) => settingIds.includes(id))
}
