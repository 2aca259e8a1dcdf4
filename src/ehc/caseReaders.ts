import { type Actor, mayTake } from '../platform/policy/policy.js'

/**
 * Who is reading a case, for how much of its record they see. Staff (caseworkers, managers) run the case and see all
 * of it. Other professionals who may open it (the SENCO who made the request, a panel member with the case on an
 * agenda) see where it stands and why: its steps, due dates, decisions with their reasons, the advice asked for and
 * their own setting's consultation; not the caseworkers' notes, the letters to the family and their delivery, the
 * family's comments on the draft, nor the notes kept on exceptions (often the family's personal circumstances).
 * The family see their own request on their own pages (familyProgress.ts); in the API, the changes of status and the
 * letters sent to them.
 */
export type CaseReader = 'staff' | 'professional' | 'family'

export function caseReaderOf(actor: Pick<Actor, 'role'>): CaseReader {
  if (mayTake(actor, 'ehc:manage')) return 'staff'
  if (actor.role === 'parent' || actor.role === 'young_person') return 'family'
  return 'professional'
}

interface TimelineEvent {
  kind: string
  to_status: string | null
}

/** Events kept from professionals: the caseworkers' own notes and the letters to the family. */
const keptFromProfessionals = new Set(['note', 'letter_sent'])

/** Whether this reader sees the event on the case's timeline. */
export function eventShownTo(reader: CaseReader, e: TimelineEvent): boolean {
  switch (reader) {
    case 'staff':
      return true
    case 'professional':
      return !keptFromProfessionals.has(e.kind)
    case 'family':
      return e.to_status !== null || e.kind === 'letter_sent'
  }
}

/**
 * Whether this reader sees the words written with the event. Professionals see why the case moved (a decision's
 * reasons tell a SENCO what the setting does next), not what was written with anything else (an exception's
 * circumstances, the family's views).
 */
export function reasonShownTo(reader: CaseReader, e: TimelineEvent): boolean {
  return reader !== 'professional' || e.to_status !== null
}

/** The timeline as this reader sees it: the events they may see, with only the words they may read. */
export function timelineShownTo<T extends TimelineEvent & { reason: string | null }>(
  reader: CaseReader,
  events: readonly T[],
): T[] {
  return events
    .filter((e) => eventShownTo(reader, e))
    .map((e) => (reasonShownTo(reader, e) ? e : { ...e, reason: null }))
}

/** The consultations this reader sees: staff all of them; a professional only those with their own settings. */
export function consultationsShownTo<T extends { setting_id: string }>(
  reader: CaseReader,
  actor: Pick<Actor, 'settingIds'>,
  consultations: readonly T[],
): T[] {
  return reader === 'staff' ? [...consultations] : consultations.filter((k) => actor.settingIds.includes(k.setting_id))
}

/**
 * Every consultation, as the clock needs them all to date the case, with the settings this reader may not see
 * unnamed: a professional learns a reply is awaited, not which other schools the family and the authority have in
 * mind.
 */
export function consultationsNamedFor<T extends { setting_id: string; setting_name: string }>(
  reader: CaseReader,
  actor: Pick<Actor, 'settingIds'>,
  consultations: readonly T[],
): T[] {
  return consultations.map((k) =>
    reader === 'staff' || actor.settingIds.includes(k.setting_id) ? k : { ...k, setting_name: 'another setting' },
  )
}

/**
 * What of the case's own record this reader sees: staff the whole of it; anyone else the case without the family's
 * comments on the draft, only their own settings' consultations, and the exceptions without the notes kept on them.
 * The clock is put against the whole record first (consultationsNamedFor).
 */
export function recordShownTo<
  C extends { draft_response: string | null },
  K extends { setting_id: string },
  E extends { note: string | null },
>(
  reader: CaseReader,
  actor: Pick<Actor, 'settingIds'>,
  record: { case: C; consultations: readonly K[]; exceptions: readonly E[] },
): { case: C; consultations: K[]; exceptions: E[] } {
  if (reader === 'staff')
    return { case: record.case, consultations: [...record.consultations], exceptions: [...record.exceptions] }
  return {
    case: { ...record.case, draft_response: null },
    consultations: consultationsShownTo(reader, actor, record.consultations),
    exceptions: record.exceptions.map((e) => ({ ...e, note: null })),
  }
}
