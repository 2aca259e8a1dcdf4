import { closureExceptionPeriod } from '../ehc/clock.js'
import { fromDayNumber, toDayNumber } from '../platform/calendar/isoDate.js'
import { workingDayOnOrBefore } from './days.js'
import { demoAccounts } from './demo.js'
import type { CaseSpec, Chain, Contributor, EhcChild, EhcGenerator, Requester } from './ehc.js'
import * as text from './ehcText.js'
import { panelDayOnOrAfter, panelDayOnOrBefore } from './panels.js'
import type { SeedSetting } from './settings.js'
import type { SeededStaff, StaffMember } from './staff.js'

/**
 * The cases a new user walks through in the demo, fixed and dated back from today so that they look the same on any
 * day: the demo family's (Aisha's assessment under way, Zain's refused request and then his plan, Jordan's draft plan
 * awaiting his comments), requests from the demo SENCO's school at every stage, and the demo caseworker's caseload with
 * its overdue, at-risk and excepted cases. The rest of the authority's cases are drawn at random (ehc.ts).
 */

export interface DemoPeopleIds {
  parent: string
  youngPerson: string
  senco: string
}

interface Scenario {
  name: string
  fits: (child: EhcChild) => boolean
  build: (child: EhcChild) => { specs: CaseSpec[]; plan?: CaseSpec }
}

const week = 7

export class DemoCases {
  private readonly pending: Scenario[]
  private readonly today: number
  private readonly caseworker: StaffMember
  private readonly ep: StaffMember

  constructor(
    private readonly generator: EhcGenerator,
    private readonly staff: SeededStaff,
    private readonly people: DemoPeopleIds,
    private readonly settings: ReadonlyMap<string, SeedSetting>,
    private readonly demoSchool: SeedSetting,
    today: number,
  ) {
    this.today = today
    this.caseworker = staff.demoCaseworker!
    this.ep = staff.demoAdviceGiver ?? staff.advisers.educational_psychology[0]!
    this.pending = this.scenarios()
  }

  /** The scripted cases whose children are in this batch, and the children they take (kept from random cases). */
  forBatch(children: readonly EhcChild[]): { specs: CaseSpec[]; plans: { spec: CaseSpec }[]; taken: Set<string> } {
    const specs: CaseSpec[] = []
    const plans: { spec: CaseSpec }[] = []
    const taken = new Set<string>()
    for (const child of children) {
      const index = this.pending.findIndex((s) => s.fits(child))
      if (index < 0) continue
      const [scenario] = this.pending.splice(index, 1)
      const built = scenario!.build(child)
      specs.push(...built.specs.map(onWorkingDays))
      if (built.plan) plans.push({ spec: onWorkingDays(built.plan) })
      taken.add(child.id)
    }
    return { specs, plans, taken }
  }

  /** Scenarios no child was found for (the tests expect none). */
  get unmatched(): string[] {
    return this.pending.map((s) => s.name)
  }

  // -------------------------------------------------------------------------------------------------------------------

  private scenarios(): Scenario[] {
    const { people } = this
    const team = this.staff.teams.find((t) => t.caseworkers.includes(this.caseworker))!
    const isParentsChild = (forename: string) => (c: EhcChild) =>
      c.name.startsWith(`${forename} `) && c.carers.some((k) => k.userId === people.parent)
    const atDemoSchool = (c: EhcChild) =>
      c.group === 'senSupport' &&
      c.settingId === this.demoSchool.id &&
      !c.carers.some((k) => k.userId === people.parent)
    const inTeamArea = (c: EhcChild) =>
      c.group === 'senSupport' &&
      c.locality === team.locality &&
      c.settingId !== undefined &&
      c.settingId !== this.demoSchool.id &&
      c.youngPersonUserId === undefined
    const school = (name: string, chain: (c: EhcChild) => Chain, extra: Partial<CaseSpec> = {}) => ({
      name: `SENCO's school: ${name}`,
      fits: atDemoSchool,
      build: (c: EhcChild) => ({ specs: [this.spec(c, chain(c), { requester: this.sencoRequest(), ...extra })] }),
    })
    const area = (name: string, chain: (c: EhcChild) => Chain, extra: Partial<CaseSpec> = {}) => ({
      name: `caseload: ${name}`,
      fits: inTeamArea,
      build: (c: EhcChild) => ({ specs: [this.spec(c, chain(c), extra)] }),
    })
    const T = this.today
    return [
      {
        name: 'Aisha: assessment under way',
        fits: isParentsChild('Aisha'),
        build: (c) => ({ specs: [this.aisha(c)] }),
      },
      { name: 'Zain: refused, then a plan', fits: isParentsChild('Zain'), build: (c) => this.zain(c) },
      {
        name: 'Jordan: draft plan awaiting his comments',
        fits: (c) => c.youngPersonUserId === people.youngPerson,
        build: (c) => ({ specs: [this.jordan(c)] }),
      },
      school('received this week, not yet allocated', () => this.received(T - 4), { caseworker: undefined }),
      school(
        'considering, listed for the next panel',
        () => ({
          received: T - 3 * week,
          allocated: T - 3 * week + 1,
          invited: T - 3 * week + 2,
          advice: [],
          consultations: [],
        }),
        { listOn: panelDayOnOrAfter(T) },
      ),
      school('assessing, educational psychology advice overdue', (c) =>
        this.assessing(c, T - 14 * week, { epDueIn: -9, othersIn: true }),
      ),
      school('writing the draft plan', (c) => this.drafting(c, T - 17 * week)),
      school('draft issued, consultation awaiting the SENCO', (c) => this.draftIssued(c, T - 19 * week, T - 8, false)),
      school('refused this term, routed to SEN Support', () => this.refused(T - 12 * week), {
        refusal: text.refusal(this.generator.random),
      }),
      area(
        'decision overdue, deferred at panel',
        () => ({
          received: T - 7 * week - 2,
          allocated: T - 7 * week,
          invited: T - 7 * week + 1,
          advice: [],
          consultations: [],
        }),
        { listOn: panelDayOnOrAfter(T) },
      ),
      area('past 20 weeks, away from the area', (c) => {
        const chain = this.assessing(c, T - 24 * week, { epDueIn: undefined, othersIn: false })
        chain.exception = {
          reason: 'away-from-area',
          start: chain.received + 6 * week,
          end: chain.received + 12 * week,
        }
        return chain
      }),
      area('school closed in August', (c) => this.summerClosure(c)),
      area('draft issued, response due in 3 days', (c) => this.draftIssued(c, T - 16 * week, T - 12, true)),
      area('received, not yet allocated', () => this.received(T - 2), { caseworker: undefined }),
      area('assessing on track', (c) => this.assessing(c, T - 8 * week, { epDueIn: 20, othersIn: false })),
      // Advice still out in week 11, though not yet late: too little time left for a draft by week 14.
      area('at risk: advice still out in week 11', (c) =>
        this.assessing(c, T - 11 * week, { epDueIn: 10, othersIn: true }),
      ),
      area(
        'withdrawn last month',
        (c) => {
          const chain = this.assessing(c, T - 12 * week, { epDueIn: 10, othersIn: false })
          chain.closed = { day: T - 4 * week, status: 'withdrawn' }
          return chain
        },
        { closedReason: text.closureReason('withdrawn', this.generator.random) },
      ),
      area(
        'plan not issued after assessment',
        (c) => {
          const chain = this.generator.assessedChain(c, T - 18 * week, T + 4 * week)
          const decided = panelDayOnOrBefore(T - 3 * week)
          for (const a of chain.advice) a.received = Math.min(a.received ?? decided - 1, decided - 1)
          chain.issueDecision = { day: decided, outcome: 'not_issue' }
          delete chain.draft
          delete chain.draftResponse
          delete chain.final
          chain.consultations = []
          return chain
        },
        { refusal: text.notIssue(this.generator.random) },
      ),
    ]
  }

  private spec(child: EhcChild, chain: Chain, extra: Partial<CaseSpec> = {}): CaseSpec {
    const team = this.generator.teamFor(child)
    chain.allocated ??= chain.received + 1
    return {
      child,
      requester: this.parentRequest(child),
      team: this.staff.teams.find((t) => t.caseworkers.includes(this.caseworker)) ?? team,
      caseworker: this.caseworker,
      chain,
      reasons: '',
      familyViews: text.familyViews(this.generator.random),
      fixedAllocation: true,
      ...extra,
    }
  }

  private parentRequest(child: EhcChild): Requester {
    return {
      requester_kind: 'parent',
      requester_user_id: child.firstCarer?.userId ?? null,
      requester_name: child.firstCarer?.name ?? 'A parent',
      requester_setting_id: null,
      received_via: child.firstCarer?.userId ? 'portal' : 'email',
    }
  }

  private sencoRequest(): Requester {
    return {
      requester_kind: 'setting',
      requester_user_id: this.people.senco,
      requester_name: demoAccounts.find((a) => a.role === 'senco')!.displayName,
      requester_setting_id: this.demoSchool.id,
      received_via: 'setting_portal',
    }
  }

  private contributor(service: 'health' | 'social_care', index = 0): Contributor {
    const list = this.staff.advisers[service]
    const member = list[index % list.length]!
    return { service, userId: member.id, name: member.displayName, email: member.email }
  }

  private epContributor(): Contributor {
    return { service: 'educational_psychology', userId: this.ep.id, name: this.ep.displayName, email: this.ep.email }
  }

  private settingOf(child: EhcChild): Contributor | undefined {
    const setting = child.settingId ? this.settings.get(child.settingId) : undefined
    return setting ? this.generator.settingContributor(setting) : undefined
  }

  private received(on: number): Chain {
    return { received: on, allocated: on + 1, advice: [], consultations: [] }
  }

  private refused(received: number): Chain {
    return {
      received,
      allocated: received + 1,
      invited: received + 2,
      decision: { day: panelDayOnOrBefore(received + 5 * week), outcome: 'not_assess' },
      advice: [],
      consultations: [],
    }
  }

  /**
   * Assessing since its decision at week 5, advice asked for the day after: the educational psychologist's advice due
   * `epDueIn` days from today (undefined: received late), the others in, or (othersIn false) health still awaited.
   */
  private assessing(
    child: EhcChild,
    received: number,
    advice: { epDueIn: number | undefined; othersIn: boolean },
  ): Chain {
    const T = this.today
    const decided = panelDayOnOrBefore(received + 5 * week)
    let requested = decided + 1
    if (advice.epDueIn !== undefined) requested = Math.max(decided + 1, T + advice.epDueIn - 42)
    const setting = this.settingOf(child)
    const steps: Chain['advice'] = [
      {
        contributor: this.epContributor(),
        requested,
        received: advice.epDueIn === undefined ? Math.min(T - 3, requested + 55) : undefined,
      },
      {
        contributor: this.contributor('health'),
        requested,
        received: advice.othersIn ? Math.min(T - 1, requested + 20) : undefined,
      },
    ]
    if (setting) steps.push({ contributor: setting, requested, received: Math.min(T - 1, requested + 12) })
    return {
      received,
      allocated: received + 1,
      invited: received + 2,
      decision: { day: decided, outcome: 'assess' },
      advice: steps,
      consultations: [],
    }
  }

  /** Advice all in, the decision to issue taken at the last panel, the draft not yet out. */
  private drafting(child: EhcChild, received: number): Chain {
    const chain = this.generator.assessedChain(child, received, this.today + 6 * week)
    const decided = panelDayOnOrBefore(this.today - 1)
    for (const a of chain.advice) a.received = Math.min(a.received ?? decided - 3, decided - 3)
    chain.issueDecision = { day: decided, outcome: 'issue' }
    chain.draft = this.today + 10
    return chain
  }

  /** The draft out on `draftOn`; the setting consulted the next day and not yet replied; the family's comments in or not. */
  private draftIssued(child: EhcChild, received: number, draftOn: number, awaitingFamily: boolean): Chain {
    const chain = this.generator.assessedChain(child, received, this.today + 3 * week)
    const decided = panelDayOnOrBefore(draftOn - 5)
    for (const a of chain.advice) a.received = Math.min(a.received ?? decided - 3, decided - 3)
    chain.issueDecision = { day: decided, outcome: 'issue' }
    chain.draft = draftOn
    chain.draftResponse = awaitingFamily ? undefined : draftOn + 6
    chain.consultations = child.settingId ? [{ settingId: child.settingId, sent: draftOn + 1 }] : []
    chain.final = this.today + 3 * week
    return chain
  }

  /**
   * Received three weeks before last summer's holiday: the school's advice was asked for across the closure, so the
   * exception applies (SEND Regs 2014 reg 10(4)(a)); still open today, late.
   */
  private summerClosure(child: EhcChild): Chain {
    const T = this.today
    let y = Number(fromDayNumber(T).slice(0, 4))
    if (toDayNumber(`${y}-09-03`) + 3 * week > T) y -= 1
    const closure = closureExceptionPeriod({ closes: `${y}-07-22`, reopens: `${y}-09-03` })!
    const start = toDayNumber(closure.start)
    const end = toDayNumber(closure.end)
    const received = start - 3 * week
    const chain = this.generator.assessedChain(child, received, Math.max(received + 26 * week, T + 3 * week))
    chain.exception = { reason: 'school-or-college-closed', start, end }
    return chain
  }

  // -------------------------------------------------------------------------------------------------------------------
  // The demo family

  /**
   * Aisha, 8, at the demo SENCO's school: her mother asked online 9 weeks ago; the panel agreed to assess at week 4;
   * the school's and health advice are in, the educational psychologist's (the demo advice giver) is due in 6 days.
   */
  private aisha(child: EhcChild): CaseSpec {
    const T = this.today
    const received = T - 9 * week
    const requested = T - 36
    const decided = panelDayOnOrBefore(requested - 1)
    const chain: Chain = {
      received,
      allocated: received + 1,
      invited: received + 2,
      decision: { day: decided, outcome: 'assess' },
      advice: [
        { contributor: this.epContributor(), requested },
        { contributor: this.contributor('health'), requested, received: requested + 19 },
        { contributor: this.generator.settingContributor(this.demoSchool), requested, received: requested + 11 },
      ],
      consultations: [],
    }
    return this.spec(child, chain, {
      reasons:
        'Aisha has speech, language and communication needs. She understands only short instructions, is far behind in reading and writing, and gets very upset when she is not understood. The school has given SEN Support for two years and speech and language therapy has not closed the gap.',
      familyViews:
        'We want Aisha to be understood and to make friends. She loves drawing and music. She needs help with talking and with reading, and to feel safe at school.',
    })
  }

  /**
   * Zain, 13, at Baskerville School: a request refused last year (routed to SEN Support, with the letter and its
   * appeal date now passed), then a second request, assessed, with the final plan issued late (week 23).
   */
  private zain(child: EhcChild): { specs: CaseSpec[]; plan: CaseSpec } {
    const T = this.today
    const firstReceived = T - 70 * week
    const first = this.spec(child, this.refused(firstReceived), {
      refusal: {
        reason:
          'The panel found that the school had not yet tried the SEN Support the evidence recommends: an autism outreach assessment and a reduced-demand timetable.',
        nextStep:
          'SEN Support Provision Plan reviewed within 6 weeks with advice from the Communication and Autism Team; request again if Zain does not make progress.',
        familyView: 'The family were disappointed, and agreed to the SSPP review before asking again.',
      },
    })
    const secondReceived = T - 50 * week
    const final = secondReceived + 23 * week
    const chain = this.generator.assessedChain(child, secondReceived, final)
    chain.advice[0]!.contributor = this.epContributor()
    const second = this.spec(child, chain, {
      reasons:
        'Zain has autism. Since the SSPP review he has been out of class most days and his attendance has fallen to 60%. The school cannot meet his needs from its own resources.',
    })
    return { specs: [first], plan: second }
  }

  /**
   * Jordan, 17, at college, asked for himself 18 weeks ago: assessed, with advice from preparing for adulthood; the
   * draft plan went to him 6 days ago and the college has said it can meet his needs. His comments are due in 9 days.
   */
  private jordan(child: EhcChild): CaseSpec {
    const T = this.today
    const received = T - 18 * week
    const decided = panelDayOnOrBefore(received + 5 * week)
    const requested = decided + 2
    const issueDecision = panelDayOnOrBefore(T - 10)
    const draft = T - 6
    const setting = this.settingOf(child)
    const advice: Chain['advice'] = [
      { contributor: this.epContributor(), requested, received: requested + 38 },
      { contributor: this.contributor('health', 1), requested, received: requested + 30 },
      {
        contributor: {
          service: 'preparing_for_adulthood',
          userId: null,
          name: 'Preparing for Adulthood team',
          email: 'preparing.for.adulthood@la330.ascend.invalid',
        },
        requested,
        received: requested + 25,
      },
    ]
    if (setting) advice.push({ contributor: setting, requested, received: requested + 14 })
    const chain: Chain = {
      received,
      allocated: received + 1,
      invited: received + 1,
      decision: { day: decided, outcome: 'assess' },
      advice,
      issueDecision: { day: issueDecision, outcome: 'issue' },
      draft,
      consultations: child.settingId
        ? [{ settingId: child.settingId, sent: draft + 1, replied: T - 2, reply: 'can_meet_needs' }]
        : [],
      final: T + 3 * week,
    }
    return this.spec(child, chain, {
      requester: {
        requester_kind: 'young_person',
        requester_user_id: this.people.youngPerson,
        requester_name: child.name,
        requester_setting_id: null,
        received_via: 'portal',
      },
      reasons:
        'I have moderate learning difficulties. The support at college is not enough for me to pass my course, and I want help to get ready for work and to live more independently.',
      familyViews: 'I want to finish my course, get a job in a kitchen, and learn to travel on my own.',
    })
  }
}

/**
 * A scripted case with its dates moved to working days, each to the one on or before it, so their order is kept and
 * none moves past today. Dated back from today in whole weeks and days, the scripts put the service's actions at
 * weekends (a draft plan issued on a Sunday) and, when the demo was seeded at a weekend, every one of them.
 */
function onWorkingDays(spec: CaseSpec): CaseSpec {
  const on = workingDayOnOrBefore
  const maybe = (day: number | undefined) => (day === undefined ? undefined : on(day))
  const c = spec.chain
  const chain: Chain = {
    ...c,
    received: on(c.received),
    allocated: maybe(c.allocated),
    invited: maybe(c.invited),
    decision: c.decision && { ...c.decision, day: on(c.decision.day) },
    advice: c.advice.map((a) => ({ ...a, requested: on(a.requested), received: maybe(a.received) })),
    issueDecision: c.issueDecision && { ...c.issueDecision, day: on(c.issueDecision.day) },
    draft: maybe(c.draft),
    draftResponse: maybe(c.draftResponse),
    consultations: c.consultations.map((k) => ({ ...k, sent: on(k.sent), replied: maybe(k.replied) })),
    final: maybe(c.final),
    closed: c.closed && { ...c.closed, day: on(c.closed.day) },
  }
  return { ...spec, chain }
}
