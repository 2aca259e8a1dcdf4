import { z } from 'zod'
import { type EhcNeedCode, needTypes } from '../people/needs.js'
import { phases, provisions } from './provision.js'

/** Inputs and outputs of the directory, shared by the pages, the JSON API (and its OpenAPI document) and the CLI. */

const ehcNeedCodes = needTypes.filter((n) => n.ehcPlan).map((n) => n.code) as [EhcNeedCode, ...EhcNeedCode[]]

export const largestPageSize = 200

/** The filters of the settings list: query parameters of the page and the API alike. */
export const SettingQuery = z.strictObject({
  provision: z.enum(provisions, { message: 'Choose a provision type from the list' }).optional(),
  phase: z.enum(phases, { message: 'Choose a phase of education from the list' }).optional(),
  locality: z.string().trim().max(100, 'Locality must be 100 characters or fewer').optional(),
  need: z.enum(ehcNeedCodes, { message: 'Choose a type of need from the list' }).optional(),
  name: z.string().trim().max(100, 'Name must be 100 characters or fewer').optional(),
  includeClosed: z
    .enum(['true', 'false'], { message: 'includeClosed must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  page: z.coerce
    .number({ message: 'page must be a whole number' })
    .int('page must be a whole number')
    .min(1, 'page must be 1 or more')
    .max(100_000, 'page must be 100000 or less')
    .default(1),
  pageSize: z.coerce
    .number({ message: 'pageSize must be a whole number' })
    .int('pageSize must be a whole number')
    .min(1, 'pageSize must be 1 or more')
    .max(largestPageSize, `pageSize must be ${largestPageSize} or fewer`)
    .default(50),
})
export type SettingQuery = z.infer<typeof SettingQuery>

const isoDate = z.iso.date()

export const SettingSummary = z.object({
  id: z.uuid(),
  urn: z.number().int().nullable(),
  ukprn: z.number().int().nullable(),
  name: z.string(),
  provision: z.enum(provisions),
  phase: z.string().nullable(),
  locality: z.string().nullable(),
  designation: z.array(z.string()).describe('SEN2 need codes the setting is designated for'),
  ofstedRating: z
    .number()
    .int()
    .min(1)
    .max(4)
    .nullable()
    .describe('1 outstanding, 2 good, 3 requires improvement, 4 inadequate'),
  openedOn: isoDate.nullable(),
  closedOn: isoDate.nullable(),
  hostSettingId: z.uuid().nullable().describe('For a resource base: the school that hosts it'),
})
export type SettingSummary = z.infer<typeof SettingSummary>

export const SettingList = z.object({
  settings: z.array(SettingSummary),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  countsByProvision: z
    .record(z.enum(provisions), z.number().int())
    .describe('Settings of each provision type matching the other filters'),
})
export type SettingList = z.infer<typeof SettingList>

export const Capacity = z.object({
  academicYear: z.number().int().describe('The calendar year the academic year starts in: 2025 is 2025/26'),
  commissionedPlaces: z.number().int(),
  occupiedPlaces: z.number().int().nullable(),
})

export const SettingDetail = SettingSummary.extend({
  laEstablishmentNumber: z.string().nullable(),
  typeGroup: z.string().nullable(),
  establishmentType: z.string().nullable(),
  address: z.string().nullable(),
  town: z.string().nullable(),
  postcode: z.string().nullable(),
  localAuthorityCode: z.string().nullable(),
  ageFrom: z.number().int().nullable(),
  ageTo: z.number().int().nullable(),
  illustrative: z.boolean().describe('Demo values not from a published source'),
  host: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  resourceBases: z.array(SettingSummary),
  capacity: z.array(Capacity),
})
export type SettingDetail = z.infer<typeof SettingDetail>

const RowProblem = z.object({ field: z.string(), message: z.string() })

export const ImportReport = z.object({
  rowsRead: z.number().int(),
  added: z.array(z.object({ line: z.number().int(), id: z.uuid(), urn: z.number().int(), name: z.string() })),
  changed: z.array(
    z.object({
      line: z.number().int(),
      id: z.uuid(),
      urn: z.number().int(),
      name: z.string(),
      fields: z.array(z.string()),
    }),
  ),
  unchanged: z.number().int(),
  rejected: z.array(
    z.object({
      line: z.number().int(),
      urn: z.number().int().nullable(),
      name: z.string().nullable(),
      reasons: z.array(RowProblem),
    }),
  ),
})

export const ImportBody = z.strictObject({
  csv: z
    .string({ message: 'Send the CSV text, header line first, as csv' })
    .min(1, 'Send the CSV text, header line first, as csv'),
})
