import { todayInLondon } from '../platform/calendar/isoDate.js'
import type { Queryable } from '../platform/db/database.js'
import type { Setting } from '../platform/db/schema.js'
import { Forbidden, NotFound } from '../platform/errors.js'
import { type Action, type Actor, mayTake } from '../platform/policy/policy.js'
import { type Provision, provisions } from './provision.js'
import type { SettingDetail, SettingList, SettingQuery, SettingSummary } from './schemas.js'
import {
  countSettingsByProvision,
  findSetting,
  listCapacity,
  listResourceBases,
  listSettings,
  type SettingListFilter,
} from './settings.repository.js'

/** Reading the directory: the settings list with its filters, and one setting with its resource bases and places. */

function authorise(actor: Actor, action: Action) {
  if (!mayTake(actor, action)) throw new Forbidden()
}

type SummaryRow = Pick<
  Setting,
  | 'id'
  | 'urn'
  | 'ukprn'
  | 'name'
  | 'provision'
  | 'phase'
  | 'locality'
  | 'designation'
  | 'ofsted_rating'
  | 'opened_on'
  | 'closed_on'
  | 'host_setting_id'
>

function toSummary(row: SummaryRow): SettingSummary {
  return {
    id: row.id,
    urn: row.urn,
    ukprn: row.ukprn,
    name: row.name,
    provision: row.provision as Provision,
    phase: row.phase,
    locality: row.locality,
    designation: row.designation,
    ofstedRating: row.ofsted_rating,
    openedOn: row.opened_on,
    closedOn: row.closed_on,
    hostSettingId: row.host_setting_id,
  }
}

export async function findSettings(
  db: Queryable,
  actor: Actor,
  query: SettingQuery,
  today = todayInLondon(),
): Promise<SettingList> {
  authorise(actor, 'settings:read')
  const filter: SettingListFilter = {
    authorityId: actor.authorityId,
    provision: query.provision,
    phase: query.phase,
    locality: query.locality || undefined,
    need: query.need,
    nameContains: query.name || undefined,
    includeClosed: query.includeClosed,
    today,
  }
  const counts = await countSettingsByProvision(db, filter)
  const countsByProvision = Object.fromEntries(provisions.map((p) => [p, counts.get(p) ?? 0])) as Record<
    Provision,
    number
  >
  const total = filter.provision
    ? countsByProvision[filter.provision]
    : provisions.reduce((sum, p) => sum + countsByProvision[p], 0)
  const rows = await listSettings(db, filter, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize })
  return { settings: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize, countsByProvision }
}

/** One setting of the actor's authority; another authority's, or none, is NotFound (its existence is not told). */
export async function getSetting(db: Queryable, actor: Actor, id: string): Promise<SettingDetail> {
  authorise(actor, 'settings:read')
  const setting = await findSetting(db, actor.authorityId, id)
  if (!setting) throw new NotFound()
  const host = setting.host_setting_id ? await findSetting(db, actor.authorityId, setting.host_setting_id) : undefined
  const resourceBases = await listResourceBases(db, actor.authorityId, setting.id)
  const capacity = await listCapacity(db, actor.authorityId, setting.id)
  return {
    ...toSummary(setting),
    laEstablishmentNumber: setting.la_establishment_number,
    typeGroup: setting.type_group,
    establishmentType: setting.establishment_type,
    address: setting.address,
    town: setting.town,
    postcode: setting.postcode,
    localAuthorityCode: setting.local_authority_code,
    ageFrom: setting.age_from,
    ageTo: setting.age_to,
    illustrative: setting.illustrative,
    host: host ? { id: host.id, name: host.name } : null,
    resourceBases: resourceBases.map(toSummary),
    capacity: capacity.map((c) => ({
      academicYear: c.academic_year,
      commissionedPlaces: c.commissioned_places,
      occupiedPlaces: c.occupied_places,
    })),
  }
}
