import { appendAuditEntry } from '../platform/audit/audit.repository.js'
import type { AuditActor } from '../platform/auth/users.service.js'
import { todayInLondon } from '../platform/calendar/isoDate.js'
import { type CsvInput, readCsvRecords } from '../platform/csv.js'
import type { Db } from '../platform/db/database.js'
import { fieldErrors } from '../platform/web/forms.js'
import { findDuplicateCandidates } from './children.repository.js'
import { ChildInput } from './children.schemas.js'
import { duplicateReason, duplicateReasonText } from './duplicates.js'

/**
 * Imports children and young people from a CSV (one row each, with the setting they are on roll at by URN).
 * Every row is checked as a caseworker's entry would be, and against the records already held and the rows before it
 * for duplicates; rejected rows are reported with their line and reasons, good rows are saved in batches, each batch
 * in one transaction, so a failure loses nothing already reported saved.
 */
export const childImportColumns = [
  'Forename',
  'Surname',
  'PreferredName',
  'DateOfBirth',
  'Sex',
  'Ethnicity',
  'Postcode',
  'UPN',
  'ULN',
  'NHSNumber',
  'NoIdentifierReason',
  'PrimaryNeed',
  'SecondaryNeed',
  'SettingURN',
  'Language',
] as const

export interface ChildImportReport {
  added: number
  rejected: { line: number; reasons: string[] }[]
}

const batchSize = 500

/** DD/MM/YYYY as typed in spreadsheets, or ISO as it stands. */
function isoDateOf(value: string): string {
  const dayFirst = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/)
  return dayFirst ? `${dayFirst[3]}-${dayFirst[2]!.padStart(2, '0')}-${dayFirst[1]!.padStart(2, '0')}` : value
}

export async function importChildren(db: Db, actor: AuditActor, input: CsvInput): Promise<ChildImportReport> {
  const report: ChildImportReport = { added: 0, rejected: [] }
  let header: string[] | undefined
  const seenUpns = new Map<string, number>()
  let batch: { line: number; child: ChildInput; urn: number | undefined }[] = []

  const flush = async () => {
    if (!batch.length) return
    const rows = batch
    batch = []
    const today = todayInLondon()
    await db.transaction().execute(async (trx) => {
      for (const { child, urn } of rows) {
        const created = await trx
          .insertInto('child')
          .values({
            authority_id: actor.authorityId,
            legal_forename: child.legalForename,
            legal_surname: child.legalSurname,
            preferred_name: child.preferredName ?? null,
            date_of_birth: child.dateOfBirth,
            sex: child.sex,
            ethnicity: child.ethnicity ?? null,
            home_postcode: child.homePostcode ?? null,
            upn: child.upn ?? null,
            uln: child.uln ?? null,
            nhs_number: child.nhsNumber ?? null,
            no_identifier_reason: child.upn || child.uln ? null : (child.noIdentifierReason ?? null),
            primary_need: child.primaryNeed ?? null,
            secondary_need: child.secondaryNeed ?? null,
            language: child.language ?? null,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        if (urn !== undefined) {
          const setting = await trx
            .selectFrom('setting')
            .select('id')
            .where('authority_id', '=', actor.authorityId)
            .where('urn', '=', urn)
            .executeTakeFirstOrThrow()
          await trx
            .insertInto('child_setting')
            .values({
              authority_id: actor.authorityId,
              child_id: created.id,
              setting_id: setting.id,
              started_on: today,
            })
            .execute()
        }
        await appendAuditEntry(trx, {
          authorityId: actor.authorityId,
          actorUserId: actor.userId,
          actorLabel: actor.label,
          action: 'child.created',
          recordType: 'child',
          recordId: created.id,
          childId: created.id,
          ip: actor.ip,
          details: { via: 'import' },
        })
      }
    })
    report.added += rows.length
  }

  for await (const record of readCsvRecords(input)) {
    if ('unreadable' in record) {
      report.rejected.push({ line: record.line, reasons: [record.unreadable] })
      continue
    }
    if (!header) {
      header = record.fields.map((f) => f.trim())
      const missing = ['Forename', 'Surname', 'DateOfBirth', 'Sex'].filter((c) => !header!.includes(c))
      if (missing.length) {
        report.rejected.push({ line: record.line, reasons: [`The header row lacks the columns ${missing.join(', ')}`] })
        return report
      }
      continue
    }
    const cell = (name: (typeof childImportColumns)[number]) => {
      const i = header!.indexOf(name)
      const value = i >= 0 ? record.fields[i]?.trim() : undefined
      return value === '' ? undefined : value
    }
    const parsed = ChildInput.safeParse({
      legalForename: cell('Forename'),
      legalSurname: cell('Surname'),
      preferredName: cell('PreferredName'),
      dateOfBirth: cell('DateOfBirth') && isoDateOf(cell('DateOfBirth')!),
      sex: cell('Sex')?.toUpperCase(),
      ethnicity: cell('Ethnicity')?.toUpperCase(),
      homePostcode: cell('Postcode'),
      upn: cell('UPN'),
      uln: cell('ULN'),
      nhsNumber: cell('NHSNumber'),
      noIdentifierReason: cell('NoIdentifierReason'),
      primaryNeed: cell('PrimaryNeed')?.toUpperCase(),
      secondaryNeed: cell('SecondaryNeed')?.toUpperCase(),
      language: cell('Language'),
    })
    if (!parsed.success) {
      report.rejected.push({
        line: record.line,
        reasons: fieldErrors(parsed.error).map((e) => `${e.field}: ${e.message}`),
      })
      continue
    }
    const child = parsed.data
    const reasons: string[] = []
    const urnText = cell('SettingURN')
    const urn = urnText === undefined ? undefined : Number(urnText)
    if (urn !== undefined) {
      const known =
        Number.isInteger(urn) &&
        (await db
          .selectFrom('setting')
          .select('id')
          .where('authority_id', '=', actor.authorityId)
          .where('urn', '=', urn)
          .executeTakeFirst())
      if (!known) reasons.push(`SettingURN: no setting with URN ${urnText} is in the directory`)
    }
    if (child.upn && seenUpns.has(child.upn)) reasons.push(`UPN: the same UPN is on line ${seenUpns.get(child.upn)}`)
    // Rows waiting in this batch are not in the database yet: compare with them directly.
    for (const pending of batch) {
      if (duplicateReason(child, pending.child) === 'close-name-same-birth-and-postcode') {
        reasons.push(
          `Possible duplicate of line ${pending.line}: ${duplicateReasonText['close-name-same-birth-and-postcode']}`,
        )
      }
    }
    for (const existing of await findDuplicateCandidates(db, actor.authorityId, child)) {
      const reason = duplicateReason(child, {
        legalForename: existing.legal_forename,
        legalSurname: existing.legal_surname,
        dateOfBirth: existing.date_of_birth,
        homePostcode: existing.home_postcode,
        upn: existing.upn,
      })
      if (reason)
        reasons.push(
          `Possible duplicate: ${existing.legal_forename} ${existing.legal_surname} (${existing.id}) ${duplicateReasonText[reason]}`,
        )
    }
    if (reasons.length) {
      report.rejected.push({ line: record.line, reasons })
      continue
    }
    if (child.upn) seenUpns.set(child.upn, record.line)
    batch.push({ line: record.line, child, urn })
    if (batch.length >= batchSize) await flush()
  }
  await flush()
  if (!header) report.rejected.push({ line: 1, reasons: ['The file is empty'] })
  return report
}
