import type { Updateable } from 'kysely'
import { appendAuditEntry } from '../platform/audit/audit.repository.js'
import type { AuditActor } from '../platform/auth/users.service.js'
import { type CsvInput, readCsvRecords } from '../platform/csv.js'
import type { Db } from '../platform/db/database.js'
import type { Setting, SettingTable } from '../platform/db/schema.js'
import { AppError, Invalid } from '../platform/errors.js'
import { type GiasSetting, type RowProblem, requiredGiasColumns, settingFromGiasRow } from './gias.js'
import {
  findSettingsByUrn,
  type GiasColumns,
  insertSettings,
  lockDirectoryForImport,
  updateSetting,
} from './settings.repository.js'

/** What an import did, row by row. Line numbers are the file's, counting the header as line 1. */
export interface ImportReport {
  rowsRead: number
  added: { line: number; id: string; urn: number; name: string }[]
  changed: { line: number; id: string; urn: number; name: string; fields: (keyof GiasSetting)[] }[]
  unchanged: number
  rejected: { line: number; urn: number | null; name: string | null; reasons: RowProblem[] }[]
}

export interface ImportProgress {
  rowsRead: number
  saved: number
}

export interface ImportOptions {
  /** Rows saved per transaction: a failure loses at most the batch in hand, never one already reported saved. */
  batchSize?: number
  onProgress?: (progress: ImportProgress) => void
}

/** The import stopped part way (the database failed): what was saved before it stopped is in the report. */
export class ImportInterrupted extends AppError {
  constructor(
    readonly report: ImportReport,
    readonly failure: unknown,
  ) {
    const saved = report.added.length + report.changed.length + report.unchanged
    super(
      500,
      'Import interrupted',
      `The import stopped after ${report.rowsRead} rows: ${failure instanceof Error ? failure.message : String(failure)}. ` +
        `${saved} rows were saved before it stopped (${report.added.length} added, ${report.changed.length} changed); import the file again to finish`,
    )
  }
}

const columnOf: Record<keyof GiasSetting, keyof GiasColumns> = {
  urn: 'urn',
  ukprn: 'ukprn',
  laEstablishmentNumber: 'la_establishment_number',
  name: 'name',
  typeGroup: 'type_group',
  establishmentType: 'establishment_type',
  phase: 'phase',
  provision: 'provision',
  address: 'address',
  town: 'town',
  postcode: 'postcode',
  locality: 'locality',
  localAuthorityCode: 'local_authority_code',
  openedOn: 'opened_on',
  closedOn: 'closed_on',
  ofstedRating: 'ofsted_rating',
  ageFrom: 'age_from',
  ageTo: 'age_to',
  designation: 'designation',
}
const giasFields = Object.keys(columnOf) as (keyof GiasSetting)[]

function toColumns(setting: GiasSetting): GiasColumns {
  return Object.fromEntries(giasFields.map((f) => [columnOf[f], setting[f]])) as GiasColumns
}

const same = (a: unknown, b: unknown) =>
  Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b

/** The fields GIAS now gives differently from what the directory holds. */
export function changedFields(stored: Setting, setting: GiasSetting): (keyof GiasSetting)[] {
  return giasFields.filter((f) => !same(stored[columnOf[f]], setting[f]))
}

interface Pending {
  line: number
  setting: GiasSetting
}

/**
 * Imports a GIAS establishment CSV into one authority's directory: adds settings with new URNs, updates those whose
 * details changed, leaves the rest alone, and refuses bad rows with their line number and reasons while keeping the
 * good ones. Running it again on the same file changes nothing. Rows are saved in batches, one transaction each;
 * one audit entry records the import and its counts.
 */
export async function importSettings(
  db: Db,
  actor: AuditActor,
  input: CsvInput,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const batchSize = options.batchSize ?? 500
  const onProgress = options.onProgress ?? (() => {})
  const report: ImportReport = { rowsRead: 0, added: [], changed: [], unchanged: 0, rejected: [] }
  const saved = () => report.added.length + report.changed.length + report.unchanged

  const records = readCsvRecords(input)
  const first = await records.next()
  const refuse = async (message: string) => {
    await records.return(undefined)
    return new Invalid([{ field: 'csv', message }])
  }
  if (first.done || 'unreadable' in first.value) {
    throw await refuse('The file is empty or its first line is not a CSV header')
  }
  const header = first.value.fields.map((h) => h.trim())
  const missing = requiredGiasColumns.filter((c) => !header.includes(c))
  if (missing.length) {
    throw await refuse(`The file is not a GIAS establishment list: its header has no ${missing.join(', ')} column`)
  }

  const saveBatch = async (batch: Pending[]) => {
    const outcome = await db.transaction().execute(async (trx) => {
      await lockDirectoryForImport(trx, actor.authorityId)
      const stored = new Map(
        (
          await findSettingsByUrn(
            trx,
            actor.authorityId,
            batch.map((p) => p.setting.urn),
          )
        ).map((s) => [s.urn, s]),
      )
      const fresh = batch.filter((p) => !stored.has(p.setting.urn))
      const inserted = await insertSettings(
        trx,
        actor.authorityId,
        fresh.map((p) => toColumns(p.setting)),
      )
      const idByUrn = new Map(inserted.map((r) => [r.urn, r.id]))
      const changed: ImportReport['changed'] = []
      let unchanged = 0
      for (const { line, setting } of batch) {
        const before = stored.get(setting.urn)
        if (!before) continue
        const fields = changedFields(before, setting)
        if (fields.length === 0) {
          unchanged++
          continue
        }
        const changes: Updateable<SettingTable> = Object.fromEntries(fields.map((f) => [columnOf[f], setting[f]]))
        await updateSetting(trx, actor.authorityId, before.id, changes)
        changed.push({ line, id: before.id, urn: setting.urn, name: setting.name, fields })
      }
      const added = fresh.map(({ line, setting }) => ({
        line,
        id: idByUrn.get(setting.urn)!,
        urn: setting.urn,
        name: setting.name,
      }))
      return { added, changed, unchanged }
    })
    // Only now, after the commit, do the rows count as saved.
    report.added.push(...outcome.added)
    report.changed.push(...outcome.changed)
    report.unchanged += outcome.unchanged
    onProgress({ rowsRead: report.rowsRead, saved: saved() })
  }

  const firstLineOfUrn = new Map<number, number>()
  let batch: Pending[] = []
  try {
    for await (const record of records) {
      if ('unreadable' in record) {
        report.rejected.push({
          line: record.line,
          urn: null,
          name: null,
          reasons: [{ field: 'row', message: record.unreadable }],
        })
        continue
      }
      report.rowsRead++
      const { line, fields } = record
      if (fields.length !== header.length) {
        report.rejected.push({
          line,
          urn: null,
          name: null,
          reasons: [{ field: 'row', message: `The row has ${fields.length} fields; the header has ${header.length}` }],
        })
        continue
      }
      const result = settingFromGiasRow(Object.fromEntries(header.map((column, i) => [column, fields[i]])))
      if (!result.ok) {
        report.rejected.push({ line, urn: result.urn ?? null, name: result.name ?? null, reasons: result.problems })
        continue
      }
      const { setting } = result
      const earlier = firstLineOfUrn.get(setting.urn)
      if (earlier !== undefined) {
        report.rejected.push({
          line,
          urn: setting.urn,
          name: setting.name,
          reasons: [{ field: 'URN', message: `URN ${setting.urn} is also on line ${earlier}, which was imported` }],
        })
        continue
      }
      firstLineOfUrn.set(setting.urn, line)
      batch.push({ line, setting })
      if (batch.length >= batchSize) {
        await saveBatch(batch)
        batch = []
      }
    }
    if (batch.length) await saveBatch(batch)
    else onProgress({ rowsRead: report.rowsRead, saved: saved() })
  } catch (error) {
    await auditImport(db, actor, report, { interrupted: true }).catch(() => {})
    throw new ImportInterrupted(sortReport(report), error)
  }
  await auditImport(db, actor, report, { interrupted: false })
  return sortReport(report)
}

/** Unreadable stretches are found as the parser reads ahead, so rejections are put back in the file's order. */
function sortReport(report: ImportReport): ImportReport {
  report.rejected.sort((a, b) => a.line - b.line)
  return report
}

async function auditImport(db: Db, actor: AuditActor, report: ImportReport, outcome: { interrupted: boolean }) {
  await appendAuditEntry(db, {
    authorityId: actor.authorityId,
    actorUserId: actor.userId,
    actorLabel: actor.label,
    action: 'settings.imported',
    recordType: 'setting',
    ip: actor.ip,
    details: {
      rowsRead: report.rowsRead,
      added: report.added.length,
      changed: report.changed.length,
      unchanged: report.unchanged,
      rejected: report.rejected.length,
      ...(outcome.interrupted ? { interrupted: true } : {}),
    },
  })
}
