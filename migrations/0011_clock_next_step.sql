-- The step due soonest, kept with the rest of the clock's verdict (0007) for the day in clock_as_of: which step it is,
-- its name as the clock words it, and whether it is overdue. A caseload page then shows its cases from what is kept,
-- without reading each case's advice requests, consultations and exceptions and putting them against the clock again
-- (src/ehc/caseload.service.ts): at Birmingham scale that was a fifth of the team caseload's time.
alter table ehc_case
  add column clock_next_step text check (clock_next_step in
    ('decisionToAssess', 'advice', 'draftTarget', 'consultationReply', 'decisionToIssue', 'finalPlan')),
  add column clock_next_label text,
  add column clock_next_overdue boolean;

-- Verdicts kept before this have no next step: each is worked out again (by the start-up job, or the first caseload).
update ehc_case set clock_as_of = null where clock_as_of is not null;
