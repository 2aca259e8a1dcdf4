import type { Insertable } from 'kysely'
import { closureExceptionPeriod, type EhcExceptionReason, ehcClockRules } from '../ehc/clock.js'
import type { AdviceService } from '../ehc/facts.js'
import { fromDayNumber, toDayNumber } from '../platform/calendar/isoDate.js'
import type { EhcCaseTable } from '../platform/db/schema.js'
import { ageBandRange, loadCalibration } from './calibration.js'
import type { ChildBatch, SeedChild, SupportGroup } from './children.js'
import { workingDayOnOrAfter, workingDayOnOrBefore } from './days.js'
import type { ProcessRatesTable } from './ehcRates.js'
import { CaseWriter, type EhcRows } from './ehcRows.js'
import * as text from './ehcText.js'
import { panelDayOnOrAfter, panelDayOnOrBefore, type SeededPanels } from './panels.js'
import type { AuthorityPlan } from './plan.js'
import type { Random } from './random.js'
import type { SeedSetting } from './settings.js'
import type { SeededStaff, SeedTeam, StaffedAdviceService, StaffMember } from './staff.js'

/**
 * Synthetic EHC needs assessments and plans for one authority, child by child, in the batches the children come in.
 * Pure: randomness from the Random passed in, dates counted back from `today`, so the same seed on the same day gives
 * the same data.
 *
 * Every child with an EHC plan gets the plan, issued over the past years; a plan issued in the last `historyYears` gets
 * the assessment that led to it (a final_issued case with its dates, events and advice), drawn so that the share
 * within 20 weeks is the authority's published figure for the year the plan was issued (the latest published year for
 * later years). Children on SEN Support make the other requests: arriving at the authority's published rate, refused at
 * its published rate (routed to SEN Support with a next step), a few ending without a plan or withdrawn, and the rest
 * still open today at whatever stage their dates have reached. Requests that would by now have ended in a plan are
 * left out: the children with plans stand for them. Decisions fall on panel days; those of the last 8 weeks are on
 * the agendas of the meetings held, and cases whose decision falls on a meeting to come are on its agenda.
 */

export interface EhcContext {
  plan: AuthorityPlan
  authorityId: string
  random: Random
  today: number
  /** Years back that cases are written for (plans are written for every child with one, however old). */
  historyYears: number
  staff: SeededStaff
  panels: SeededPanels
  settings: ReadonlyMap<string, SeedSetting>
  rates: ProcessRatesTable
  /** This authority's size against its real size: the demo is a sample of Birmingham. */
  sizeFactor: number
  /** Render decision letters (the demo only: letters are long, and scale seeds need none). */
  letters: boolean
  /** The first reference number this authority's cases take. */
  firstReference: number
  /** Share of the educational psychology advice and of the demo caseworker's team's cases given to the demo accounts. */
  demoWorkShare: number
  /** The demo SENCO, at the demo school: makes its requests, gives its advice, replies to its consultations. */
  demoSenco?: { userId: string; name: string; email: string }
  demoSchoolId?: string
  /** Email addresses of the accounts that stand for people in the data (a young person's letters go to theirs). */
  accountEmails?: ReadonlyMap<string, string>
}

/** What the generator needs to know of a child. */
export interface EhcChild {
  id: string
  group: SupportGroup
  placement: SeedChild['placement']
  settingId: string | undefined
  born: number
  need: string
  locality: string
  name: string
  youngPersonUserId: string | undefined
  /** Family members with parental responsibility, as letters address them. */
  carers: { name: string; userId: string | undefined; email: string | null; postal: string }[]
  /** The first family member on record: who makes a parent's request. */
  firstCarer: { name: string; userId: string | undefined } | undefined
}

export type Requester = Pick<
  Insertable<EhcCaseTable>,
  'requester_kind' | 'requester_user_id' | 'requester_name' | 'requester_setting_id' | 'received_via'
>

export interface Contributor {
  service: AdviceService
  userId: string | null
  name: string
  email: string | null
}

export interface AdviceStep {
  contributor: Contributor
  requested: number
  received?: number
}

export interface ConsultationStep {
  settingId: string
  sent: number
  replied?: number
  reply?: 'can_meet_needs' | 'cannot_meet_needs'
}

/** A request's dates, as day numbers, in the order the process takes them. A truncated chain stops at today. */
export interface Chain {
  received: number
  allocated?: number
  invited?: number
  decision?: { day: number; outcome: 'assess' | 'not_assess' }
  advice: AdviceStep[]
  issueDecision?: { day: number; outcome: 'issue' | 'not_issue' }
  draft?: number
  draftResponse?: number
  consultations: ConsultationStep[]
  final?: number
  closed?: { day: number; status: 'withdrawn' | 'transferred_out' | 'moved_away' }
  exception?: { reason: EhcExceptionReason; start: number; end?: number }
}

/** One case to write: who, the whole chain of its dates (which may run past today), and what was said. */
export interface CaseSpec {
  child: EhcChild
  requester: Requester
  team: SeedTeam
  caseworker: StaffMember | undefined
  chain: Chain
  reasons: string
  familyViews: string | null
  refusal?: { reason: string; nextStep: string; familyView: string }
  closedReason?: string
  draftResponse?: string
  preferredSettingId?: string
  /** Listed for a decision at the meeting on this day, when it is one to come (otherwise the chain's decision day). */
  listOn?: number
  /** The caseworker given is the one allocated (or none): scripted cases are not left unallocated at random. */
  fixedAllocation?: boolean
}

const day = 1
const week = 7 * day
const year = 365 * day

const iso = (d: number) => fromDayNumber(d)
const yearOf = (d: number) => Number(fromDayNumber(d).slice(0, 4))

/** The first day a child's plan can have been issued: at 2 at the earliest, or half way through a younger life. */
function earliestPlan(born: number, today: number): number {
  return born + Math.min(2 * year, Math.floor((today - born) / 2))
}

/**
 * The chance a plan in force was issued in each of the 12 years before today: the authority's new plans of each year
 * over its plans in force (newplans.csv), scaled down by the factor that keeps the last `historyYears` at that share
 * once the youngest children, who can only have recent plans, are placed within their few years.
 */
function planYearShares(context: EhcContext): number[] {
  const { rates, today, historyYears, plan } = context
  const shares = Array.from({ length: 12 }, (_, k) => rates.of(yearOf(today) - k).newPlansShare)
  const bands = loadCalibration().ageBands
  const ageWeights = Array.from({ length: 26 }, () => 0)
  bands.forEach((band, i) => {
    const [from, to] = ageBandRange(band)
    for (let age = from; age <= to; age++) ageWeights[age]! += plan.calibration.ages[i]! / (to - from + 1)
  })
  const total = ageWeights.reduce((a, b) => a + b, 0)
  const target = shares.slice(0, historyYears).reduce((a, b) => a + b, 0)
  // The share of plans issued in the last `historyYears` when every year's share is scaled by `c` (as planFor draws).
  const inWindow = (c: number) =>
    ageWeights.reduce((sum, weight, age) => {
      const born = today - Math.round((age + 0.5) * year)
      const years = Math.min(shares.length, Math.ceil(Math.max(1, today - 2 - earliestPlan(born, today)) / year))
      const scaled = shares.slice(0, years).map((share) => share * c)
      const mass = scaled.reduce((a, b) => a + b, 0)
      const inside = Math.min(
        1,
        scaled.slice(0, historyYears).reduce((a, b) => a + b, 0),
      )
      return sum + (weight / total) * (years < shares.length && mass < 1 ? inside / mass : inside)
    }, 0)
  let low = 0.3
  let high = 1
  for (let i = 0; i < 30; i++) {
    const middle = (low + high) / 2
    if (inWindow(middle) > target) high = middle
    else low = middle
  }
  return shares.map((share) => share * low)
}

/** The children of a batch as the generator needs them. */
export function ehcChildrenOf(batch: ChildBatch): EhcChild[] {
  const family = new Map<string, ChildBatch['family']>()
  for (const member of batch.family) {
    const list = family.get(member.child_id)
    if (list) list.push(member)
    else family.set(member.child_id, [member])
  }
  return batch.children.map((c) => {
    const members = family.get(c.id) ?? []
    const named = (m: (typeof members)[number]) => ({
      name: `${m.forename} ${m.surname}`,
      userId: m.user_id ?? undefined,
      email: m.email ?? null,
      postal: [...String(m.address ?? '').split(', '), String(m.postcode ?? '')].filter(Boolean).join('\n'),
    })
    return {
      id: c.id,
      group: c.group,
      placement: c.placement,
      settingId: c.settingId,
      born: toDayNumber(String(c.row.date_of_birth)),
      need: String(c.row.primary_need),
      locality: String(c.row.locality),
      name: `${c.row.preferred_name ?? c.row.legal_forename} ${c.row.legal_surname}`,
      youngPersonUserId: c.row.young_person_user_id ?? undefined,
      carers: members.filter((m) => m.parental_responsibility).map(named),
      firstCarer: members[0] ? named(members[0]) : undefined,
    }
  })
}

export class EhcGenerator {
  readonly random: Random
  private readonly today: number
  private readonly windowStart: number
  private readonly arrivalChance: number
  private readonly maxRequestsPerYear: number
  /** Share of plans in force issued in each year before today's (0: the last 12 months), corrected for age. */
  private readonly planYearShares: number[]
  private readonly writer: CaseWriter

  constructor(private readonly context: EhcContext) {
    this.random = context.random
    this.today = context.today
    this.windowStart = context.today - context.historyYears * year
    this.writer = new CaseWriter(context)
    // Requests a year, by year, for this authority's size; children on SEN Support make them.
    let expected = 0
    let most = 0
    for (let d = this.windowStart; d <= this.today; d += 7) {
      const perYear = context.rates.of(yearOf(d)).requests * context.sizeFactor
      expected += (perYear * 7) / year
      most = Math.max(most, perYear)
    }
    this.maxRequestsPerYear = most
    this.arrivalChance = Math.min(1, expected / Math.max(1, context.plan.senSupportChildren))
    this.planYearShares = planYearShares(context)
  }

  /** The highest reference number used so far. */
  get lastReference(): number {
    return this.writer.lastReference
  }

  /** EHC rows for a batch of children; `skip` children are made elsewhere (the demo's scripted cases). */
  forBatch(children: readonly EhcChild[], skip: ReadonlySet<string> = new Set()): EhcRows {
    for (const child of children) {
      if (skip.has(child.id)) continue
      if (child.group === 'ehc') this.planFor(child)
      else if (this.random.chance(this.arrivalChance)) this.requestFor(child)
    }
    return this.writer.take()
  }

  /** Writes cases made elsewhere (scripted) into rows of their own. */
  write(specs: readonly CaseSpec[], plans: readonly { spec: CaseSpec; lastReviewed?: number }[] = []): EhcRows {
    for (const spec of specs) this.writer.emit(spec)
    for (const { spec, lastReviewed } of plans) {
      const caseId = this.writer.emit(spec)
      this.writePlan(spec.child, spec.chain.final!, caseId, lastReviewed)
    }
    return this.writer.take()
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Plans in force, and the assessments behind the recent ones

  private planFor(child: EhcChild): void {
    const random = this.random
    const earliest = earliestPlan(child.born, this.today)
    const latest = this.today - 2
    const shares = this.planYearShares
    // Years back the plan can have been issued in: a young child's only in the last few, in the same proportions.
    const years = Math.min(shares.length, Math.ceil(Math.max(1, latest - earliest) / year))
    const mass = shares.slice(0, years).reduce((a, b) => a + b, 0)
    const draw = random.float() * (years < shares.length && mass < 1 ? mass : 1)
    let issued: number | undefined
    let cumulative = 0
    for (let k = 0; k < years && issued === undefined; k++) {
      cumulative += shares[k]!
      if (draw < cumulative) {
        const yearEnd = this.today - k * year
        issued = random.int(Math.max(earliest, yearEnd - year + 1), Math.min(latest, yearEnd - 1))
      }
    }
    // Older plans: issued 12 to 20 years ago, as age allows.
    issued ??= random.int(
      Math.min(latest, Math.max(earliest, this.today - 20 * year)),
      Math.max(earliest, this.today - 12 * year),
    )
    let caseId: string | undefined
    if (issued >= this.windowStart) {
      const spec = this.finalPlanCase(child, issued)
      // A chain stretched to fit its steps past today would leave the plan without its final step: no case then.
      if (spec && spec.chain.final! < this.today) {
        caseId = this.writer.emit(spec)
        issued = spec.chain.final!
      }
    }
    this.writePlan(child, issued, caseId)
  }

  private writePlan(child: EhcChild, issued: number, caseId: string | undefined, lastReviewed?: number): void {
    const random = this.random
    // Reviewed each year; about one plan in six is past its review date.
    let reviewed = lastReviewed
    if (reviewed === undefined) {
      const years = Math.floor((this.today - issued) / year)
      const done = random.chance(0.83) ? years : years - 1
      reviewed = done >= 1 ? Math.min(this.today - 1, issued + done * year - random.int(0, 28)) : undefined
    }
    this.writer.rows.plans.push({
      id: random.uuid(),
      authority_id: this.context.authorityId,
      child_id: child.id,
      case_id: caseId ?? null,
      issued_on: iso(issued),
      named_setting_id: child.settingId ?? null,
      primary_need: child.need === 'NSA' ? null : child.need,
      ceased_on: null,
      ceased_reason: null,
      last_reviewed_on: reviewed !== undefined && reviewed > issued ? iso(reviewed) : null,
    })
  }

  /** The assessment that ended in a plan issued on `final`, timed as the authority's plans of that year were. */
  private finalPlanCase(child: EhcChild, final: number): CaseSpec | undefined {
    const rates = this.context.rates.of(yearOf(final))
    const withException = this.random.chance(rates.withException)
    const duration = this.duration(
      withException ? rates.withinTwentyWeeksWithException : rates.withinTwentyWeeksWithoutException,
      rates.afterOneYearOfLate,
    )
    // Requests come in on working days: moved to one, keeping the plan on the same side of 20 weeks.
    const received =
      duration <= 20 * week ? workingDayOnOrAfter(final - duration) : workingDayOnOrBefore(final - duration)
    if (received < child.born + 60) return undefined
    const chain = this.assessedChain(child, received, final)
    if (withException) chain.exception = this.exception(child, received, final)
    return this.spec(child, chain)
  }

  /** Weeks from request to final plan: within 20 weeks as often as `within`, else up to a year, rarely more. */
  private duration(within: number, afterOneYearOfLate: number): number {
    const random = this.random
    if (random.chance(within)) return 20 * week - Math.floor(random.float() ** 2 * 7 * week)
    if (random.chance(afterOneYearOfLate)) return year + random.int(1, 20 * week)
    return Math.min(year - 1, 20 * week + 1 + Math.floor(-Math.log(1 - random.float()) * 9 * week))
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Requests from children on SEN Support

  private requestFor(child: EhcChild): void {
    const random = this.random
    // A request day in the window, more likely in years with more requests.
    let received = this.today
    for (let attempt = 0; attempt < 8; attempt++) {
      received = random.int(this.windowStart, this.today)
      // Most arrive on working days; a family can send one from the portal at the weekend.
      if (random.chance(0.85) && workingDayOnOrAfter(received) <= this.today) received = workingDayOnOrAfter(received)
      const perYear = this.context.rates.of(yearOf(received)).requests * this.context.sizeFactor
      if (random.chance(perYear / Math.max(1, this.maxRequestsPerYear))) break
    }
    if (received < child.born + 2 * year) return
    const rates = this.context.rates.of(yearOf(received))
    const outcome = random.float()
    let spec: CaseSpec | undefined
    if (outcome < rates.notAssessed) spec = this.refusedCase(child, received)
    else if (outcome < rates.notAssessed + rates.withdrawn + 0.005) spec = this.closedEarly(child, received)
    else if (random.chance(rates.notIssued)) spec = this.notIssuedCase(child, received)
    else {
      // Heading for a plan: written only if still open today (the children with plans stand for the rest).
      const later = this.context.rates.of(yearOf(this.today))
      const withException = random.chance(later.withException)
      const final =
        received +
        this.duration(
          withException ? later.withinTwentyWeeksWithException : later.withinTwentyWeeksWithoutException,
          later.afterOneYearOfLate,
        )
      if (final <= this.today) return
      const chain = this.assessedChain(child, received, final)
      if (withException) chain.exception = this.exception(child, received, final)
      spec = this.spec(child, chain)
    }
    if (spec) this.writer.emit(spec)
  }

  private refusedCase(child: EhcChild, received: number): CaseSpec {
    const chain: Chain = { received, advice: [], consultations: [] }
    const decided = this.decisionDay(received, received + 12 * week)
    chain.invited = this.invitation(received, decided)
    chain.decision = { day: decided, outcome: 'not_assess' }
    return this.spec(child, chain, { refusal: text.refusal(this.random) })
  }

  private notIssuedCase(child: EhcChild, received: number): CaseSpec {
    const random = this.random
    const rates = this.context.rates.of(yearOf(received))
    const target = random.chance(rates.notIssuedWithinSixteenWeeks)
      ? received + random.int(12 * week, 16 * week)
      : received + random.int(16 * week + 1, 26 * week)
    const chain = this.assessedChain(child, received, target + 4 * week)
    delete chain.draft
    delete chain.draftResponse
    delete chain.final
    chain.consultations = []
    chain.issueDecision = { day: chain.issueDecision!.day, outcome: 'not_issue' }
    return this.spec(child, chain, { refusal: text.notIssue(random) })
  }

  /** Withdrawn, or the child moved away or to another authority, at some point before a decision. */
  private closedEarly(child: EhcChild, received: number): CaseSpec {
    const random = this.random
    const status = random.chance(0.6) ? 'withdrawn' : random.chance(0.6) ? 'moved_away' : 'transferred_out'
    const chain = this.assessedChain(child, received, received + random.int(20 * week, 30 * week))
    const closedOn = workingDayOnOrAfter(received + random.int(2 * week, 18 * week))
    chain.closed = { day: closedOn, status }
    return this.spec(child, chain, { closedReason: text.closureReason(status, random) })
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Dates

  /** The panel day the decision whether to assess is made: within 6 weeks as often as the authority manages. */
  private decisionDay(received: number, latest: number): number {
    const random = this.random
    const rates = this.context.rates.of(yearOf(received))
    if (random.chance(rates.decidedWithinSixWeeks) || received + 6 * week + 7 > latest) {
      const decided = panelDayOnOrBefore(Math.min(received + random.int(24, 42), latest))
      return decided > received + 7 ? decided : panelDayOnOrAfter(received + 8)
    }
    return panelDayOnOrAfter(received + 6 * week + 1 + random.int(0, 4 * week))
  }

  private invitation(received: number, decided: number): number | undefined {
    return this.random.chance(0.75)
      ? workingDayOnOrAfter(received + this.random.int(1, Math.max(1, Math.min(10, decided - received - 1))))
      : undefined
  }

  /**
   * The dates of an assessment that ends in a final plan on `final` (which may be after today): decision, advice,
   * decision to issue, draft, the family's response and the consultation, each in its order and within its limits
   * where the time allows. Late plans are late because advice was.
   */
  assessedChain(child: EhcChild, received: number, final: number): Chain {
    const random = this.random
    final = Math.max(final, received + 13 * week)
    const decided = this.decisionDay(received, final - 45)
    const chain: Chain = { received, advice: [], consultations: [] }
    chain.invited = this.invitation(received, decided)
    chain.decision = { day: decided, outcome: 'assess' }
    const requested = workingDayOnOrAfter(decided + random.int(1, 5))
    let draft = workingDayOnOrAfter(final - random.int(15, 28))
    let issueDecision = panelDayOnOrBefore(draft - random.int(4, 18))
    if (issueDecision < requested + 15) {
      issueDecision = panelDayOnOrAfter(requested + 15)
      draft = workingDayOnOrAfter(issueDecision + random.int(3, 7))
    }
    final = workingDayOnOrAfter(Math.max(final, draft + 15))
    chain.advice = this.adviceSteps(child, received, requested, issueDecision)
    chain.issueDecision = { day: issueDecision, outcome: 'issue' }
    chain.draft = draft
    if (random.chance(0.85)) chain.draftResponse = Math.min(final, draft + random.int(5, 15))
    if (child.settingId) {
      const sent = workingDayOnOrAfter(draft + random.int(0, 2))
      chain.consultations.push({
        settingId: child.settingId,
        sent,
        replied: Math.max(sent, Math.min(final, workingDayOnOrAfter(sent + random.int(4, 15)))),
        reply: random.chance(0.9) ? 'can_meet_needs' : 'cannot_meet_needs',
      })
    }
    chain.final = final
    return chain
  }

  /** Who is asked for advice, and when each answers: all before `before`, the last of them the day it waited for. */
  private adviceSteps(child: EhcChild, received: number, requested: number, before: number): AdviceStep[] {
    const random = this.random
    const contributors = this.contributors(child, received)
    const last = workingDayOnOrBefore(Math.max(requested + 14, before - random.int(1, 6)))
    const late = last - requested > ehcClockRules.advice.days
    // When the advice was late, usually the educational psychologist's was the last in.
    const lastIndex = late && random.chance(0.6) ? 0 : random.int(0, contributors.length - 1)
    const onTime: Record<AdviceService, number> = {
      educational_psychology: 0.35,
      health: 0.6,
      social_care: 0.55,
      setting: 0.85,
      preparing_for_adulthood: 0.7,
      other: 0.6,
    }
    return contributors.map((contributor, i) => {
      let answered: number
      if (i === lastIndex) answered = last
      else if (random.chance(onTime[contributor.service])) answered = Math.min(last, requested + random.int(18, 42))
      else answered = random.int(requested + 14, last)
      answered = workingDayOnOrAfter(answered)
      return { contributor, requested, received: answered }
    })
  }

  private contributors(child: EhcChild, received: number): Contributor[] {
    const random = this.random
    const staff = this.context.staff
    const fromStaff = (service: StaffedAdviceService): Contributor => {
      const demo = service === 'educational_psychology' ? staff.demoAdviceGiver : undefined
      const member = demo && random.chance(this.context.demoWorkShare) ? demo : random.pick(staff.advisers[service])
      return { service, userId: member.id, name: member.displayName, email: member.email }
    }
    const list: Contributor[] = [fromStaff('educational_psychology')]
    if (random.chance(0.85)) list.push(fromStaff('health'))
    if (random.chance(child.need === 'SEMH' ? 0.5 : 0.3)) list.push(fromStaff('social_care'))
    const setting = child.settingId ? this.context.settings.get(child.settingId) : undefined
    if (setting && random.chance(0.95)) list.push(this.settingContributor(setting))
    if (received - child.born >= 14 * year && random.chance(0.4)) {
      list.push({
        service: 'preparing_for_adulthood',
        userId: null,
        name: 'Preparing for Adulthood team',
        email: `preparing.for.adulthood@la${this.context.plan.code}.ascend.invalid`,
      })
    }
    return list
  }

  settingContributor(setting: SeedSetting): Contributor {
    const senco = this.context.demoSenco
    if (setting.id === this.context.demoSchoolId && senco) {
      return { service: 'setting', userId: senco.userId, name: senco.name, email: senco.email }
    }
    const slug = setting.name
      .toLowerCase()
      .replace(/[^a-z]+/g, '-')
      .replace(/^-|-$/g, '')
    return { service: 'setting', userId: null, name: `The SENCO, ${setting.name}`, email: `senco@${slug}.example.org` }
  }

  /** An exception to the time limits somewhere in the 20 weeks: the summer holiday where it falls in them. */
  private exception(child: EhcChild, received: number, final: number): Chain['exception'] {
    const random = this.random
    const end = Math.min(final, received + 20 * week)
    for (const y of [yearOf(received), yearOf(received) + 1]) {
      const closure = closureExceptionPeriod({ closes: `${y}-07-22`, reopens: `${y}-09-03` })!
      const start = toDayNumber(closure.start)
      const stop = toDayNumber(closure.end)
      if (start <= end && stop >= received && child.settingId && random.chance(0.7)) {
        const reason = child.placement === 'earlyYears' ? 'early-years-provider-closed' : 'school-or-college-closed'
        return { reason, start: Math.max(start, received), end: stop }
      }
    }
    if (random.chance(0.5)) {
      const start = received + random.int(2 * week, 12 * week)
      return { reason: 'away-from-area', start, end: start + random.int(4 * week, 8 * week) }
    }
    const start = received + random.int(1 * week, 12 * week)
    return { reason: 'exceptional-personal-circumstances', start, end: start + random.int(2 * week, 9 * week) }
  }

  // -------------------------------------------------------------------------------------------------------------------
  // Who

  private spec(child: EhcChild, chain: Chain, extra: Partial<CaseSpec> = {}): CaseSpec {
    const random = this.random
    const team = this.teamFor(child)
    const caseworker = this.caseworkerFor(team)
    chain.allocated = workingDayOnOrAfter(chain.received + random.int(1, 8))
    return {
      child,
      requester: this.requesterFor(child, chain.received),
      team,
      caseworker,
      chain,
      reasons: '',
      familyViews: null,
      draftResponse: chain.draftResponse !== undefined ? text.draftResponse(random) : undefined,
      ...extra,
    }
  }

  teamFor(child: EhcChild): SeedTeam {
    return this.context.staff.teamByLocality.get(child.locality) ?? this.context.staff.teams[0]!
  }

  private caseworkerFor(team: SeedTeam): StaffMember | undefined {
    const demo = this.context.staff.demoCaseworker
    if (demo && team.caseworkers.includes(demo) && this.random.chance(this.context.demoWorkShare)) return demo
    const others = demo ? team.caseworkers.filter((c) => c !== demo) : team.caseworkers
    return others.length ? this.random.pick(others) : team.caseworkers[0]
  }

  private requesterFor(child: EhcChild, received: number): Requester {
    const random = this.random
    const setting = child.settingId ? this.context.settings.get(child.settingId) : undefined
    const draw = random.float()
    if (received - child.born >= 16 * year && draw < 0.3) {
      return {
        requester_kind: 'young_person',
        requester_user_id: child.youngPersonUserId ?? null,
        requester_name: child.name,
        requester_setting_id: null,
        received_via: random.chance(0.6) ? 'portal' : 'email',
      }
    }
    if (setting && draw < 0.5) {
      const senco = setting.id === this.context.demoSchoolId ? this.context.demoSenco : undefined
      return {
        requester_kind: 'setting',
        requester_user_id: senco?.userId ?? null,
        requester_name: senco?.name ?? `The SENCO, ${setting.name}`,
        requester_setting_id: setting.id,
        received_via: random.chance(0.65) ? 'setting_portal' : 'email',
      }
    }
    if (draw < 0.54) {
      return {
        requester_kind: 'professional',
        requester_user_id: null,
        requester_name: `Dr ${random.faker.person.firstName()} ${random.faker.person.lastName()}, community paediatrician`,
        requester_setting_id: null,
        received_via: random.chance(0.5) ? 'email' : 'letter',
      }
    }
    const via = random.float()
    return {
      requester_kind: 'parent',
      requester_user_id: null,
      requester_name: child.firstCarer?.name ?? 'A parent',
      requester_setting_id: null,
      received_via: via < 0.45 ? 'portal' : via < 0.75 ? 'email' : via < 0.95 ? 'letter' : 'phone',
    }
  }
}
