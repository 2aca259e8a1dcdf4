import { type AreaCalibration, loadCalibration, type ProcessCalibration } from './calibration.js'

/**
 * The rates the synthetic EHC needs assessments are drawn from, for one authority and one calendar year, taken from the
 * DfE figures in the calibration (`process`). Pure. A year after the last published one takes the last published
 * figures; a figure the authority does not publish (x, or a denominator of 0) is England's for that year.
 */
export interface ProcessRates {
  /** Requests for an EHC needs assessment received in the year. */
  requests: number
  /** Share of requests refused (decided not to assess). */
  notAssessed: number
  /** Share of requests withdrawn before a decision. */
  withdrawn: number
  /** Share of decisions whether to assess made within 6 weeks. */
  decidedWithinSixWeeks: number
  /** Share of assessments that end without a plan. */
  notIssued: number
  /** Share of decisions not to issue made within 16 weeks. */
  notIssuedWithinSixteenWeeks: number
  /** Share of plans issued with an exception to the 20 weeks recorded. */
  withException: number
  /** Share of plans within 20 weeks, among those with an exception and those without. */
  withinTwentyWeeksWithException: number
  withinTwentyWeeksWithoutException: number
  /** Share of plans within 20 weeks, all plans: the headline figure (Birmingham 2024: 26.7%). */
  withinTwentyWeeks: number
  /** Among plans after 20 weeks, the share after 52 weeks. */
  afterOneYearOfLate: number
  /** New plans in the year, as a share of the plans in force at January 2025. */
  newPlansShare: number
}

type Figure = keyof ProcessCalibration

/** Rates for each calendar year, for one authority (or England). */
export class ProcessRatesTable {
  private readonly cache = new Map<number, ProcessRates>()
  private readonly years: number[]

  constructor(
    private readonly area: AreaCalibration,
    private readonly england: AreaCalibration = loadCalibration().england,
  ) {
    this.years = loadCalibration().processYears
  }

  /** The rates of a calendar year; years outside those published take the nearest published year. */
  of(year: number): ProcessRates {
    const index = this.years.indexOf(Math.min(this.years.at(-1)!, Math.max(this.years[0]!, year)))
    let rates = this.cache.get(index)
    if (!rates) {
      rates = this.compute(index)
      this.cache.set(index, rates)
    }
    return rates
  }

  private compute(index: number): ProcessRates {
    const share = (numerator: Figure | Figure[], denominator: Figure | Figure[]) =>
      this.ratio(this.area, index, numerator, denominator) ??
      this.ratio(this.england, index, numerator, denominator) ??
      0
    const plansIssued = share('plansWithinTwentyWeeks', 'plansIssued')
    const withoutException = share('plansIssuedWithoutExceptions', 'plansIssued')
    const withinWithout = share('plansWithinTwentyWeeksWithoutExceptions', 'plansIssuedWithoutExceptions')
    // Within 20 weeks with an exception: all plans within 20 weeks less those without one, over plans with one.
    const withException = Math.max(0, 1 - withoutException)
    const withinWith =
      withException > 0.001 ? clamp((plansIssued - withinWithout * withoutException) / withException) : plansIssued
    const late = 1 - plansIssued
    return {
      requests: this.value(this.area, 'requests', index) ?? 0,
      notAssessed: share('notAssessed', 'requests'),
      withdrawn: share('requestsWithdrawn', 'requests'),
      decidedWithinSixWeeks: share('decidedWithinSixWeeks', ['decidedWithinSixWeeks', 'decidedAfterSixWeeks']),
      notIssued: share('assessedNotIssued', ['assessedIssued', 'assessedNotIssued']),
      notIssuedWithinSixteenWeeks: share('notIssuedWithinSixteenWeeks', 'assessedNotIssued'),
      withException,
      withinTwentyWeeksWithException: withinWith,
      withinTwentyWeeksWithoutException: withinWithout,
      withinTwentyWeeks: plansIssued,
      afterOneYearOfLate: late > 0.001 ? clamp(share('plansAfterOneYear', 'plansIssued') / late) : 0,
      newPlansShare: (this.value(this.area, 'newPlans', index) ?? 0) / Math.max(1, this.area.ehcPlans),
    }
  }

  /** A published figure of a year, or of the latest earlier year that has it, or the earliest later one. */
  private value(area: AreaCalibration, figure: Figure, index: number): number | null {
    const list = area.process[figure]
    for (let i = index; i >= 0; i--) if (list[i] !== null && list[i] !== undefined) return list[i]!
    for (let i = index + 1; i < list.length; i++) if (list[i] !== null && list[i] !== undefined) return list[i]!
    return null
  }

  /** A ratio of figures of the same year (the latest year where all are published), or null. */
  private ratio(area: AreaCalibration, index: number, numerator: Figure | Figure[], denominator: Figure | Figure[]) {
    const top = Array.isArray(numerator) ? numerator : [numerator]
    const bottom = Array.isArray(denominator) ? denominator : [denominator]
    const at = (figures: Figure[], i: number) => {
      let total = 0
      for (const f of figures) {
        const v = area.process[f][i]
        if (v === null || v === undefined) return null
        total += v
      }
      return total
    }
    const order = [...Array.from({ length: index + 1 }, (_, i) => index - i), ...range(index + 1, this.years.length)]
    for (const i of order) {
      const n = at(top, i)
      const d = at(bottom, i)
      if (n !== null && d !== null && d > 0) return clamp(n / d)
    }
    return null
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value))
}
