import { type Bar, horizontalBarChart } from '../platform/web/charts.js'
import { caseloadHref, riskTags } from './caseload.presenters.js'
import { caseRisks } from './clock.js'
import type { Dashboard } from './dashboard.service.js'
import { statusNames } from './workflow.js'

// One formatter each, made once: toLocaleString makes a new one on every call, which a page of figures feels.
const percentFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const countFormat = new Intl.NumberFormat('en-GB')
const percent = (value: number | undefined) => (value === undefined ? 'No plans' : `${percentFormat.format(value)}%`)
const count = (value: number) => countFormat.format(value)

/** The latest published year not after the period's: the figures to compare with. */
function comparisonYear(published: Record<number, unknown> | undefined, year: number): number | undefined {
  const years = Object.keys(published ?? {})
    .map(Number)
    .filter((y) => y <= year)
  return years.length ? Math.max(...years) : undefined
}

/** Every figure of the dashboard with the link to the cases behind it, and the charts of the figures compared. */
export function presentDashboard(d: Dashboard) {
  const { from, to } = d.period
  const all = { view: 'all' }
  const plans = { ...all, finalIssuedFrom: from, finalIssuedTo: to }
  const decided = { ...all, decidedFrom: from, decidedTo: to }
  const authorityName = d.authority?.name ?? 'This authority'

  const year = comparisonYear(d.published.england?.twentyWeeks, d.period.year)
  const england = year === undefined ? undefined : d.published.england?.twentyWeeks[year]
  const ownPublished = year === undefined ? undefined : d.published.authority?.twentyWeeks[year]
  const tw = d.twentyWeeks
  const twentyWeekBars: Bar[] = [
    { label: 'Including exceptions', value: tw.withinPct ?? 0, text: percent(tw.withinPct) },
    {
      label: 'Excluding exceptions',
      value: tw.excludingExceptions.withinPct ?? 0,
      text: percent(tw.excludingExceptions.withinPct),
    },
  ]
  if (ownPublished?.[1] != null && year !== undefined) {
    twentyWeekBars.push({
      label: `${d.published.authority?.name ?? authorityName} ${year}`,
      value: ownPublished[1],
      text: percent(ownPublished[1]),
      comparison: true,
    })
  }
  if (england?.[1] != null && year !== undefined) {
    twentyWeekBars.push({
      label: `England ${year}`,
      value: england[1],
      text: percent(england[1]),
      comparison: true,
    })
  }

  const decisionYear = comparisonYear(d.published.england?.decisionsWithinSixWeeks, d.period.year)
  const englandDecisions =
    decisionYear === undefined ? undefined : d.published.england?.decisionsWithinSixWeeks[decisionYear]

  const adviceGiven = d.advice.filter((a) => a.received > 0 || a.overdue > 0)
  const byCaseworkerMax = Math.max(1, ...d.byCaseworker.map((w) => w.open))

  return {
    computedAt: d.computedAt,
    periodItems: d.periods.map((p) => ({ value: p.key, text: p.label, selected: p.key === d.period.key })),
    period: d.period,
    twentyWeeks: {
      headline: percent(tw.withinPct),
      headlineExcluding: percent(tw.excludingExceptions.withinPct),
      comparison: england && year !== undefined ? { year, including: england[0], excluding: england[1] } : undefined,
      ownPublished: ownPublished && year !== undefined ? { year, excluding: ownPublished[1] } : undefined,
      chart: horizontalBarChart({
        id: 'chart-twenty-weeks',
        title:
          twentyWeekBars.length > 2
            ? `Final plans issued within 20 weeks, per cent: this period, then ${year} as published`
            : 'Final plans issued within 20 weeks, per cent',
        bars: twentyWeekBars,
        max: 100,
      }),
      rows: [
        { text: 'Final plans issued', value: count(tw.issued), href: caseloadHref(plans) },
        {
          text: 'Issued within 20 weeks',
          value: count(tw.within),
          share: percent(tw.withinPct),
          href: caseloadHref({ ...plans, late: 'false' }),
        },
        {
          text: 'Issued after 20 weeks',
          value: count(tw.issued - tw.within),
          href: caseloadHref({ ...plans, late: 'true' }),
        },
        {
          text: 'An exception applies',
          value: count(tw.withException),
          href: caseloadHref({ ...plans, exception: 'yes' }),
        },
        {
          text: 'Plans without an exception',
          value: count(tw.excludingExceptions.issued),
          href: caseloadHref({ ...plans, exception: 'no' }),
        },
        {
          text: 'Of those, issued within 20 weeks',
          value: count(tw.excludingExceptions.within),
          share: percent(tw.excludingExceptions.withinPct),
          href: caseloadHref({ ...plans, exception: 'no', late: 'false' }),
        },
      ],
    },
    decisions: {
      headline: percent(d.decisions.withinPct),
      englandPct: englandDecisions,
      englandYear: decisionYear,
      rows: [
        { text: 'Decisions whether to assess', value: count(d.decisions.made), href: caseloadHref(decided) },
        {
          text: 'Within 6 weeks',
          value: count(d.decisions.within),
          share: percent(d.decisions.withinPct),
          href: caseloadHref({ ...decided, decision: 'on-time' }),
        },
        {
          text: 'After 6 weeks',
          value: count(d.decisions.made - d.decisions.within),
          href: caseloadHref({ ...decided, decision: 'late' }),
        },
      ],
    },
    advice: {
      chart: adviceGiven.some((a) => a.received > 0)
        ? horizontalBarChart({
            id: 'chart-advice',
            title: 'Advice returned within 6 weeks, per cent, by service',
            bars: adviceGiven
              .filter((a) => a.received > 0)
              .map((a) => ({ label: a.name, value: a.withinPct ?? 0, text: percent(a.withinPct) })),
            max: 100,
          })
        : undefined,
      rows: adviceGiven.map((a) => {
        const given = { ...all, adviceService: a.service, adviceReceivedFrom: from, adviceReceivedTo: to }
        return {
          name: a.name,
          received: { value: count(a.received), href: caseloadHref(given) },
          within: { value: count(a.within), href: caseloadHref({ ...given, adviceLate: 'false' }) },
          late: { value: count(a.received - a.within), href: caseloadHref({ ...given, adviceLate: 'true' }) },
          share: percent(a.withinPct),
          overdue: {
            value: count(a.overdue),
            href: caseloadHref({ ...all, adviceService: a.service, adviceOverdue: 'true' }),
          },
        }
      }),
    },
    risk: {
      openCases: count(d.openCases),
      chart: horizontalBarChart({
        id: 'chart-risk',
        title: 'Open cases by risk of breaching the time limits',
        bars: caseRisks.map((r) => ({ label: riskTags[r].text, value: d.risk[r], text: count(d.risk[r]) })),
      }),
      rows: caseRisks.map((r) => ({
        text: riskTags[r].text,
        tag: riskTags[r],
        value: count(d.risk[r]),
        href: caseloadHref({ ...all, risk: r }),
      })),
    },
    status: {
      chart: horizontalBarChart({
        id: 'chart-status',
        title: 'Open cases by status',
        bars: d.byStatus.map((s) => ({ label: statusNames[s.status].staff, value: s.count, text: count(s.count) })),
      }),
      rows: d.byStatus.map((s) => ({
        text: statusNames[s.status].staff,
        value: count(s.count),
        href: caseloadHref({ ...all, status: s.status }),
      })),
    },
    caseworkers: {
      chart: d.byCaseworker.length
        ? horizontalBarChart({
            id: 'chart-caseworkers',
            title: 'Open cases by caseworker',
            bars: d.byCaseworker.map((w) => ({ label: w.name, value: w.open, text: count(w.open) })),
            max: byCaseworkerMax,
          })
        : undefined,
      rows: d.byCaseworker.map((w) => ({
        name: w.name,
        open: { value: count(w.open), href: caseloadHref({ ...all, caseworker: w.id }) },
        atRisk: count(w.atRisk),
      })),
      unallocated: { value: count(d.unallocated), href: '/cases?view=unallocated' },
    },
  }
}
