import { needTypes } from '../people/needs.js'
import type { GiasSetting } from './gias.js'
import type { ImportReport } from './import.service.js'
import { academicYearName, ofstedName, type Provision, provisionNames } from './provision.js'
import type { SettingDetail, SettingSummary } from './schemas.js'

/** View models: what the directory's templates show, shaped from what its use cases return. */

export const fieldLabels: Record<keyof GiasSetting, string> = {
  urn: 'URN',
  ukprn: 'UKPRN',
  laEstablishmentNumber: 'LA establishment number',
  name: 'Name',
  typeGroup: 'Type group',
  establishmentType: 'Establishment type',
  phase: 'Phase',
  provision: 'Provision type',
  address: 'Address',
  town: 'Town',
  postcode: 'Postcode',
  locality: 'Locality',
  localAuthorityCode: 'Local authority',
  openedOn: 'Opened',
  closedOn: 'Closed',
  ofstedRating: 'Ofsted rating',
  ageFrom: 'Lowest age',
  ageTo: 'Highest age',
  designation: 'Designation',
}

// A code outside the SEN2 list (from data written before a code list changed) is shown as stored, not dropped.
const needNames = (codes: readonly string[]) => codes.map((c) => needTypes.find((n) => n.code === c)?.name ?? c)

export function presentSummary(setting: SettingSummary, today: string) {
  return {
    ...setting,
    provisionName: provisionNames[setting.provision as Provision],
    needNames: needNames(setting.designation),
    ofstedName: ofstedName(setting.ofstedRating),
    closed: setting.closedOn !== null && setting.closedOn <= today,
  }
}

export function presentDetail(setting: SettingDetail, today: string) {
  const ages =
    setting.ageFrom !== null && setting.ageTo !== null
      ? `${setting.ageFrom} to ${setting.ageTo}`
      : setting.ageFrom !== null
        ? `From ${setting.ageFrom}`
        : setting.ageTo !== null
          ? `Up to ${setting.ageTo}`
          : undefined
  return {
    ...presentSummary(setting, today),
    addressLines: [setting.address, setting.town, setting.postcode].filter(Boolean),
    ages,
    resourceBases: setting.resourceBases.map((b) => presentSummary(b, today)),
    capacity: setting.capacity.map(({ academicYear, commissionedPlaces, occupiedPlaces }) => ({
      yearName: academicYearName(academicYear),
      commissioned: commissionedPlaces,
      occupied: occupiedPlaces ?? 'Not known',
      vacant: occupiedPlaces === null ? 'Not known' : commissionedPlaces - occupiedPlaces,
      occupancy:
        occupiedPlaces === null || commissionedPlaces === 0
          ? 'Not known'
          : `${Math.round((100 * occupiedPlaces) / commissionedPlaces)}%`,
    })),
  }
}

export function presentReport(report: ImportReport) {
  return {
    ...report,
    changed: report.changed.map((c) => ({
      ...c,
      fieldNames: c.fields.map((f) => fieldLabels[f as keyof GiasSetting] ?? f),
    })),
    nothingChanged: report.added.length === 0 && report.changed.length === 0,
  }
}

/** Numbered pages for the GOV.UK pagination component: the first, the last and those next to the current one. */
export function paginationItems(page: number, pageCount: number, href: (page: number) => string) {
  const items: ({ number: number; href: string; current: boolean } | { ellipsis: true })[] = []
  let previous = 0
  for (let n = 1; n <= pageCount; n++) {
    if (n !== 1 && n !== pageCount && Math.abs(n - page) > 1) continue
    if (n - previous > 1) items.push({ ellipsis: true })
    items.push({ number: n, href: href(n), current: n === page })
    previous = n
  }
  return {
    items,
    previous: page > 1 ? { href: href(page - 1) } : undefined,
    next: page < pageCount ? { href: href(page + 1) } : undefined,
  }
}
