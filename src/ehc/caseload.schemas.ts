import { z } from 'zod'
import { makeIsoDate, parseIsoDate } from '../platform/calendar/isoDate.js'
import { caseRisks } from './clock.js'
import { adviceServiceNames } from './facts.js'
import { caseStatuses } from './workflow.js'

/** A GOV.UK form sends every field, empty or not: an empty one is no filter at all. */
const blank = (v: unknown) => (v === '' || (Array.isArray(v) && v.length === 0) ? undefined : v)

/** A date typed into a filter, as 2026-03-02 or 2/3/2026; stored and put in links as ISO. */
const filterDate = (label: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== 'string') return blank(v)
      const text = v.trim()
      if (text === '') return undefined
      const dayFirst = text.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/)
      if (!dayFirst) return text
      try {
        return makeIsoDate(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]))
      } catch {
        return text
      }
    },
    z
      .string()
      .refine((v) => parseIsoDate(v) !== undefined, `${label} must be a real date, like 2/3/2026 or 2026-03-02`)
      .optional(),
  )

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(blank, z.enum(values, { message }).optional())

export const caseloadViews = ['mine', 'team', 'all', 'unallocated'] as const
export type CaseloadView = (typeof caseloadViews)[number]

const adviceServices = Object.keys(adviceServiceNames) as [keyof typeof adviceServiceNames, ...string[]]

/**
 * The caseload's filters, as GET query parameters, shared by the page, the API and the dashboard's links. Filters on
 * what has happened (a final plan issued, a decision made, advice returned) reach closed cases too.
 */
export const CaseloadQuery = z
  .object({
    view: optionalEnum(caseloadViews, 'Choose a caseload'),
    status: optionalEnum(caseStatuses, 'Choose a status from the list'),
    risk: optionalEnum(caseRisks, 'Choose a risk from the list'),
    caseworker: z.preprocess(blank, z.uuid('Choose a caseworker from the list').optional()),
    team: z.preprocess(blank, z.uuid('Choose a team from the list').optional()),
    receivedFrom: filterDate('Received from'),
    receivedTo: filterDate('Received to'),
    q: z.preprocess(
      (v) => (typeof v === 'string' ? blank(v.trim()) : blank(v)),
      z.string().max(100, 'Enter 100 characters or fewer').optional(),
    ),
    finalIssuedFrom: filterDate('Final plan issued from'),
    finalIssuedTo: filterDate('Final plan issued to'),
    /** The final plan came after the 20 weeks (true) or within them (false). */
    late: optionalEnum(['true', 'false'], 'Choose whether the final plan was late'),
    /** An exception covers the 20 weeks. */
    exception: optionalEnum(['yes', 'no'], 'Choose whether an exception applies'),
    decidedFrom: filterDate('Decided from'),
    decidedTo: filterDate('Decided to'),
    /** The decision whether to assess came after 6 weeks, or within them. */
    decision: optionalEnum(['late', 'on-time'], 'Choose late or on time'),
    adviceService: optionalEnum(adviceServices, 'Choose an advice service from the list'),
    adviceReceivedFrom: filterDate('Advice received from'),
    adviceReceivedTo: filterDate('Advice received to'),
    adviceLate: optionalEnum(['true', 'false'], 'Choose whether the advice was late'),
    /** Advice asked for more than 6 weeks ago and still awaited. */
    adviceOverdue: optionalEnum(['true'], 'Choose whether advice is overdue'),
    page: z.preprocess(blank, z.coerce.number().int('Choose a page').min(1, 'Choose a page').max(10_000).default(1)),
  })
  .superRefine((q, ctx) => {
    const pairs = [
      ['receivedFrom', 'receivedTo'],
      ['finalIssuedFrom', 'finalIssuedTo'],
      ['decidedFrom', 'decidedTo'],
      ['adviceReceivedFrom', 'adviceReceivedTo'],
    ] as const
    for (const [from, to] of pairs) {
      const a = q[from]
      const b = q[to]
      if (a && b && a > b)
        ctx.addIssue({ code: 'custom', path: [to], message: 'The end date must not be before the start' })
    }
  })
export type CaseloadQuery = z.infer<typeof CaseloadQuery>

/** The query's filters in the order the filter form shows them, for links and "remove this filter" tags. */
export const caseloadFilterNames = [
  'view',
  'q',
  'status',
  'risk',
  'caseworker',
  'team',
  'receivedFrom',
  'receivedTo',
  'finalIssuedFrom',
  'finalIssuedTo',
  'late',
  'exception',
  'decidedFrom',
  'decidedTo',
  'decision',
  'adviceService',
  'adviceReceivedFrom',
  'adviceReceivedTo',
  'adviceLate',
  'adviceOverdue',
] as const satisfies readonly (keyof CaseloadQuery)[]
